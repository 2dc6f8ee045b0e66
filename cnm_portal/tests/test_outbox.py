from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from cnm_portal import outbox
from cnm_portal.emails import email_enqueue
from cnm_portal.models import OutboxMessage
from cnm_portal.outbox import (
    outbox_enqueue,
    outbox_handler,
    outbox_process,
    outbox_purge,
    outbox_relay,
)
from cnm_portal.tasks import relay_outbox

pytestmark = pytest.mark.django_db

calls: list[dict] = []


@outbox_handler("test.record")
def record(payload):
    calls.append(payload)


@outbox_handler("test.explode")
def explode(payload):
    raise RuntimeError("panne du service")


@pytest.fixture(autouse=True)
def _reset_calls():
    calls.clear()


def age(message, seconds=120):
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_message_is_processed_after_commit_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = outbox_enqueue("test.record", {"n": 1})
        assert calls == []  # nothing sent inside the transaction
    assert len(callbacks) == 1
    assert calls == [{"n": 1}]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DONE and message.attempts == 1


def test_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox_enqueue("test.record", {"n": 2})
        raise RuntimeError("the service failed")
    assert calls == []
    assert not OutboxMessage.objects.exists()


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        outbox_enqueue("nope", {})


def test_broker_down_keeps_the_request_alive_and_the_relay_sends_later(
    django_capture_on_commit_callbacks,
):
    with (
        mock.patch(
            "cnm_portal.tasks.process_outbox_message.apply_async",
            side_effect=OperationalError("Error 111 connecting to 127.0.0.1:6379"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = outbox_enqueue("test.record", {"n": 3})
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert calls == []

    assert outbox_relay() == 0  # too fresh: the after-commit dispatch may still be on its way
    age(message)
    assert relay_outbox() == 1
    assert calls == [{"n": 3}]
    assert outbox_relay() == 0  # idempotent: a second run does nothing


def test_failures_are_retried_with_backoff_then_marked_failed():
    message = OutboxMessage.objects.create(kind="test.explode", payload={})
    assert outbox_process(message.pk) is False
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1 and "panne du service" in message.last_error
    assert message.available_at > timezone.now()

    OutboxMessage.objects.filter(pk=message.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    outbox_process(message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED


def test_done_message_is_never_processed_twice():
    message = OutboxMessage.objects.create(kind="test.record", payload={"n": 4})
    assert outbox_process(message.pk) is True
    assert outbox_process(message.pk) is False
    assert calls == [{"n": 4}]


def test_purge_removes_old_done_messages_only():
    old = OutboxMessage.objects.create(
        kind="test.record", status="done", processed_at=timezone.now() - timedelta(days=40)
    )
    recent = OutboxMessage.objects.create(
        kind="test.record", status="done", processed_at=timezone.now()
    )
    pending = OutboxMessage.objects.create(kind="test.record")
    assert outbox_purge() == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent.pk, pending.pk}
    assert not OutboxMessage.objects.filter(pk=old.pk).exists()


def test_email_goes_through_the_outbox(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_enqueue(to=["a@exemple.fr"], subject="Objet\n sur deux lignes", body="Bonjour")
    assert mail.outbox[0].subject == "Objet sur deux lignes"
    assert mail.outbox[0].to == ["a@exemple.fr"]
    assert OutboxMessage.objects.get().kind == "email"


def test_beat_schedule_declares_the_relay():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"cnm_portal.tasks.relay_outbox", "cnm_portal.tasks.purge_outbox"} <= tasks
