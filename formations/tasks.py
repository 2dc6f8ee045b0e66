"""Daily job of the catalogue (beat entry « formations.tasks.daily », 07:20); idempotent."""

from celery import shared_task

from formations import services


@shared_task
def daily() -> dict[str, int]:
    return services.daily_run()
