"""The daily job « rdv.tasks.send_reminders »: idempotent."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from rdv import tasks
from rdv.tests.factories import SlotFactory, book

pytestmark = pytest.mark.django_db


def test_task_run_twice_sends_one_reminder(oncommit):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    booking = book(
        SlotFactory(start=timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(23, 30))))
    )
    mail.outbox.clear()
    with oncommit():
        assert tasks.send_reminders() == 1
    with oncommit():
        assert tasks.send_reminders() == 0
    [reminder] = [m for m in mail.outbox if "Rappel" in m.subject]
    assert reminder.to == [booking.user.email]
    assert any(name.endswith(".ics") for name, _c, _m in reminder.attachments)
