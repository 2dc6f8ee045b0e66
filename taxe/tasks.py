"""Periodic tax jobs (beat schedule in settings); idempotent."""

from celery import shared_task

from cnm_portal.dates import today
from cnm_portal.tasks import DATABASE_DOWN
from taxe import services


@shared_task(autoretry_for=DATABASE_DOWN, retry_backoff=True, max_retries=5, acks_late=True)
def liquidate() -> int:
    """Retried when the database goes away mid-batch (the batch is one transaction: a cut
    attempt leaves nothing behind, the retry liquidates what is still pending)."""
    return services.liquidation_run().declarations


@shared_task
def settle_threshold_year_end() -> int:
    return services.threshold_year_end(on=today())


@shared_task
def send_deadline_reminders() -> int:
    return services.deadline_reminders(on=today())
