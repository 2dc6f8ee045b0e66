"""Daily jobs of the affiliation lifecycle (beat schedule in settings); all idempotent."""

from celery import shared_task

from affiliation import services
from cnm_portal.dates import today


@shared_task
def cancel_overdue_requests() -> int:
    return services.affiliation_cancel_overdue(on=today())


@shared_task
def send_expiry_reminders() -> int:
    return services.affiliation_send_reminders(on=today())


@shared_task
def expire_affiliations() -> int:
    return services.affiliation_expire(on=today())
