"""A message done again (redelivered task, relay after a dead worker) changes nothing; an
attempt that failed half-way leaves nothing; e-mails carry a Message-ID stable across attempts;
the relay grace and back-off follow the settings (the fault suite shortens them)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from cnm_portal.emails import email_enqueue
from cnm_portal.models import AuditEntry, OutboxMessage
from cnm_portal.outbox import (
    current_message_id,
    outbox_handler,
    outbox_process,
    outbox_relay,
    relay_grace,
    retry_delay,
)

pytestmark = pytest.mark.django_db

seen: list = []
fail_after_write = {"on": True}


@outbox_handler("test.half_way")
def half_way(payload):
    AuditEntry.objects.create(action="test.half_way", data=payload)
    seen.append(current_message_id())
    if fail_after_write["on"]:
        raise OSError("disque en lecture seule")


def queued(kind, payload):
    return OutboxMessage.objects.create(kind=kind, payload=payload)


def test_a_failed_attempt_leaves_nothing_and_the_replay_is_done_once():
    seen.clear()
    message = queued("test.half_way", {"n": 1})
    fail_after_write["on"] = True
    assert outbox_process(message.pk) is False
    assert not AuditEntry.objects.filter(action="test.half_way").exists()
    fail_after_write["on"] = False
    assert outbox_process(message.pk) is True
    assert outbox_process(message.pk) is False  # redelivered: a no-op
    assert AuditEntry.objects.filter(action="test.half_way").count() == 1
    assert seen == [(message.pk, "test.half_way")] * 2
    assert current_message_id() is None


def test_the_message_id_of_an_email_is_the_same_on_every_attempt(
    django_capture_on_commit_callbacks,
):
    message = email_enqueue(to=["a@exemple.fr"], subject="Objet", body="Bonjour")
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.Status.PENDING)
    outbox_process(message.pk)
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.Status.PENDING)
    outbox_process(message.pk)
    ids = {sent.extra_headers["Message-ID"] for sent in mail.outbox}
    assert len(mail.outbox) == 2
    assert ids == {f"<outbox-{message.pk}@monespace.cnm.fr>"}


def test_relay_grace_and_back_off_follow_the_settings(settings):
    assert relay_grace() == timedelta(seconds=30)
    assert retry_delay(1) == timedelta(minutes=2)
    assert retry_delay(3) == timedelta(minutes=8)
    settings.OUTBOX_RELAY_GRACE_SECONDS = 1
    settings.OUTBOX_RETRY_BASE_SECONDS = 0.5
    assert relay_grace() == timedelta(seconds=1)
    assert retry_delay(2) == timedelta(seconds=2)
    fail_after_write["on"] = False
    message = queued("test.half_way", {"n": 2})
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(seconds=2)
    )
    assert outbox_relay() == 1


def test_no_email_is_sent_when_the_database_went_away_before_the_hand_over():
    message = email_enqueue(to=["a@exemple.fr"], subject="Objet", body="Bonjour")
    with (
        mock.patch("cnm_portal.emails.database_alive", side_effect=OperationalError("redémarrage")),
        mock.patch("django.core.mail.EmailMessage.send") as send,
    ):
        assert outbox_process(message.pk) is False
    send.assert_not_called()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING and message.attempts == 1
    assert outbox_process(message.pk) is True
    assert len(mail.outbox) == 1
