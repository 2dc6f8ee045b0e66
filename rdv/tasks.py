"""Periodic job of the appointments (beat entry « rdv-reminders », daily 08:00); idempotent."""

from celery import shared_task

from rdv import services


@shared_task
def send_reminders() -> int:
    return services.reminders_send()
