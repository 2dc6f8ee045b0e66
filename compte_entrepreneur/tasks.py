"""Periodic job of the compte-entrepreneur (beat schedule in settings); idempotent."""

from celery import shared_task

from compte_entrepreneur import services


@shared_task
def daily() -> dict[str, int]:
    return services.daily_run()
