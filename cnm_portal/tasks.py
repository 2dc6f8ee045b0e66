"""Thin Celery tasks: load by id, call the kit.

Acknowledged late (CELERY_TASK_ACKS_LATE): a worker killed in the middle leaves the broker
message to be delivered again, and the outbox row stays "pending" for the relay; both paths end
in ``outbox_process``, which does a message once (row lock + status in one transaction).
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from cnm_portal.outbox import outbox_process, outbox_purge, outbox_relay

# a database restarting or unreachable: the attempt is retried, the message is still pending
DATABASE_DOWN = (OperationalError, InterfaceError)


@shared_task(autoretry_for=DATABASE_DOWN, retry_backoff=True, max_retries=5, acks_late=True)
def process_outbox_message(message_id: int) -> bool:
    return outbox_process(message_id)


@shared_task(acks_late=True)
def relay_outbox() -> int:
    return outbox_relay()


@shared_task(acks_late=True)
def purge_outbox() -> int:
    return outbox_purge()
