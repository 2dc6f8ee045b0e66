"""Periodic tax jobs (beat schedule in settings); idempotent."""

from celery import shared_task

from cnm_portal.dates import today
from taxe import services


@shared_task
def liquidate() -> int:
    return services.liquidation_run().declarations


@shared_task
def settle_threshold_year_end() -> int:
    return services.threshold_year_end(on=today())


@shared_task
def send_deadline_reminders() -> int:
    return services.deadline_reminders(on=today())
