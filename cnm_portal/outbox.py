"""Side effects after commit.

A service calls :func:`outbox_enqueue` inside its transaction; the row commits with the change
that caused it. After commit the message is handed to Celery; if the broker cannot be reached
the request carries on and the periodic relay (``cnm_portal.tasks.relay_outbox``) sends it later.
Handlers are registered per kind with :func:`outbox_handler` and must be idempotent enough to
be retried (delivery is at least once).
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from cnm_portal.models import OutboxMessage

logger = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], None]
_handlers: dict[str, Handler] = {}

MAX_ATTEMPTS = 8
# The relay leaves fresh messages to the after-commit dispatch to avoid doing them twice.
RELAY_GRACE = timedelta(seconds=30)


def outbox_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        if kind in _handlers and _handlers[kind] is not func:
            raise ValueError(f"outbox handler for {kind!r} registered twice")
        _handlers[kind] = func
        return func

    return register


def outbox_enqueue(kind: str, payload: dict[str, Any]) -> OutboxMessage:
    if kind not in _handlers:
        raise ValueError(f"no outbox handler for {kind!r}")
    message = OutboxMessage.objects.create(kind=kind, payload=payload)
    transaction.on_commit(lambda: outbox_dispatch(message.pk))
    return message


def outbox_dispatch(message_id: int) -> None:
    """Hand a message to Celery; never raise: the relay is the safety net."""
    from cnm_portal.tasks import process_outbox_message

    try:
        process_outbox_message.apply_async((message_id,), retry=False)
    except Exception:  # broker down or misconfigured: keep the request alive
        logger.warning("outbox: message %s left for the relay", message_id, exc_info=True)


def outbox_process(message_id: int) -> bool:
    """Run the handler of one pending message. True when it was done now."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxMessage.Status.PENDING)
            .first()
        )
        if message is None:
            return False
        message.attempts += 1
        try:
            with transaction.atomic():
                _handlers[message.kind](message.payload)
        except Exception as exc:
            logger.exception("outbox: message %s (%s) failed", message.pk, message.kind)
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
            else:
                message.available_at = timezone.now() + timedelta(minutes=2**message.attempts)
            message.save(update_fields=["attempts", "last_error", "status", "available_at"])
            return False
        message.status = OutboxMessage.Status.DONE
        message.processed_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "status", "processed_at", "last_error"])
        return True


def outbox_relay(*, limit: int = 500) -> int:
    """Process what is pending and due; safe to run twice at once (rows are skip-locked)."""
    now = timezone.now()
    ids = list(
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.PENDING,
            available_at__lte=now,
            created_at__lte=now - RELAY_GRACE,
        )
        .order_by("available_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(outbox_process(pk) for pk in ids)


def outbox_purge(*, older_than: timedelta = timedelta(days=30)) -> int:
    deleted, _ = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.DONE, processed_at__lt=timezone.now() - older_than
    ).delete()
    return deleted
