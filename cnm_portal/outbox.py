"""Side effects after commit.

A service calls :func:`outbox_enqueue` inside its transaction; the row commits with the change
that caused it. After commit the message is handed to Celery; if the broker cannot be reached
the request carries on and the periodic relay (``cnm_portal.tasks.relay_outbox``) sends it later.
Handlers are registered per kind with :func:`outbox_handler` and must be idempotent enough to
be retried (delivery is at least once).

Exactly-once as far as the database goes: a message is processed under its row lock, in one
transaction with the handler's own writes and the move to "done". A worker killed in the middle
(SIGKILL, lost database connection) leaves nothing half done: its transaction is rolled back, the
lock is released with the connection, the message is still "pending" and the relay (or the broker
redelivering the late-acknowledged task) runs it again; a replay of a done message is a no-op.
Side effects outside the database cannot join the transaction: an e-mail carries a Message-ID
derived from the message (:func:`current_message_id`), the same on every attempt.
"""

import logging
from collections.abc import Callable
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cnm_portal.models import OutboxMessage

logger = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], None]
_handlers: dict[str, Handler] = {}

MAX_ATTEMPTS = 8
_current: ContextVar[tuple[int, str] | None] = ContextVar("outbox_message", default=None)


def relay_grace() -> timedelta:
    """The relay leaves fresh messages to the after-commit dispatch (30 s by default)."""
    return timedelta(seconds=getattr(settings, "OUTBOX_RELAY_GRACE_SECONDS", 30))


def retry_delay(attempts: int) -> timedelta:
    """Back-off after a failed attempt: 2, 4, 8… minutes by default (base 60 s)."""
    return timedelta(seconds=getattr(settings, "OUTBOX_RETRY_BASE_SECONDS", 60) * 2**attempts)


def current_message_id() -> tuple[int, str] | None:
    """(id, kind) of the message whose handler is running, for keys stable across replays."""
    return _current.get()


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
        token = _current.set((message.pk, message.kind))
        try:
            with transaction.atomic():
                _handlers[message.kind](message.payload)
        except Exception as exc:
            logger.exception("outbox: message %s (%s) failed", message.pk, message.kind)
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
            else:
                message.available_at = timezone.now() + retry_delay(message.attempts)
            message.save(update_fields=["attempts", "last_error", "status", "available_at"])
            return False
        finally:
            _current.reset(token)
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
            created_at__lte=now - relay_grace(),
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
