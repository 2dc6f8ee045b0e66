"""The daily job « formations.tasks.daily »: reminders the day before, waiting lists closed at
the start, sessions finished; run twice = same result."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from formations import tasks
from formations.models import Inscription
from formations.tests.factories import make_session, register
from formations.workflow import IS, S

pytestmark = pytest.mark.django_db


def test_reminder_the_day_before_sent_once(oncommit):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(23, 30)))
    session = make_session(start=start, cancellation_delay_days=0, seats=1)
    inscription = register(session)
    waiting = register(session)
    later = make_session(days=3)
    register(later)
    mail.outbox.clear()
    with oncommit():
        assert tasks.daily()["rappels"] == 1
    with oncommit():
        assert tasks.daily()["rappels"] == 0
    [reminder] = [m for m in mail.outbox if "Rappel" in m.subject]
    assert reminder.to == [inscription.user.email]
    assert waiting.user.email not in reminder.to


def test_waiting_list_closed_at_start_and_session_finished_once(oncommit):
    session = make_session(days=2, seats=1)
    seated, waiting = register(session), register(session)
    started = session.start + dt.timedelta(minutes=5)
    with oncommit(), mock.patch("django.utils.timezone.now", return_value=started):
        first = tasks.daily()
        second = tasks.daily()
    assert (first["listes_closes"], second["listes_closes"]) == (1, 0)
    assert first["sessions_terminees"] == 0
    waiting.refresh_from_db()
    assert waiting.status == IS.NON_RETENUE
    assert any("Aucune place" in m.subject for m in mail.outbox if waiting.user.email in m.to)
    ended = session.end + dt.timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=ended):
        assert tasks.daily()["sessions_terminees"] == 1
        assert tasks.daily()["sessions_terminees"] == 0
    session.refresh_from_db()
    assert session.status == S.TERMINEE
    assert Inscription.objects.get(pk=seated.pk).status == IS.CONFIRMEE
