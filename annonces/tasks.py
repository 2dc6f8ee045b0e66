"""Periodic job of the ads (beat entry, daily 00:05): close the ads whose closing date is past."""

from celery import shared_task

from annonces import services


@shared_task
def close_expired_ads() -> int:
    return services.close_expired()
