"""Thin Celery tasks: load by id, call the kit."""

from celery import shared_task
from django.db import OperationalError

from cnm_portal.outbox import outbox_process, outbox_purge, outbox_relay


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, acks_late=True)
def process_outbox_message(message_id: int) -> bool:
    return outbox_process(message_id)


@shared_task
def relay_outbox() -> int:
    return outbox_relay()


@shared_task
def purge_outbox() -> int:
    return outbox_purge()
