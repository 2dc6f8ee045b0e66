"""Periodic job of the alerts (beat entry, daily 07:10): one e-mail per alert with its new ads."""

from celery import shared_task

from alertes import services


@shared_task
def send_daily_alerts() -> int:
    return services.daily_send()
