"""The catalogue's rules, without database."""

import datetime as dt
from decimal import Decimal

from formations import rules

START = dt.datetime(2027, 3, 15, 9, 0, tzinfo=dt.UTC)


def test_cancel_until_the_delay_exclusive():
    deadline = rules.cancel_deadline(start=START, delay_days=7)
    assert deadline == dt.datetime(2027, 3, 8, 9, 0, tzinfo=dt.UTC)
    just_before = deadline - dt.timedelta(seconds=1)
    assert rules.can_cancel(start=START, delay_days=7, now=just_before)
    assert not rules.can_cancel(start=START, delay_days=7, now=deadline)
    [message] = rules.cancel_errors(start=START, delay_days=7, now=deadline)
    assert "8 mars 2027" in message and "7 jours" in message


def test_zero_delay_means_until_the_start():
    assert rules.can_cancel(start=START, delay_days=0, now=START - dt.timedelta(minutes=1))
    assert not rules.can_cancel(start=START, delay_days=0, now=START)


def test_seats():
    assert rules.seats_left(seats=10, taken=3) == 7
    assert rules.seats_left(seats=2, taken=5) == 0
    assert not rules.is_full(seats=2, taken=1)
    assert rules.is_full(seats=2, taken=2)


def test_free_price():
    assert rules.is_free(Decimal("0.00"))
    assert not rules.is_free(Decimal("0.01"))


def test_session_errors():
    end = START + dt.timedelta(hours=7)
    assert rules.session_errors(start=START, end=end, online=False, place="Paris", link="") == {}
    errors = rules.session_errors(start=end, end=START, online=True, place="", link="")
    assert set(errors) == {"end", "link"}
    assert set(rules.session_errors(start=START, end=end, online=False, place="", link="")) == {
        "place"
    }


def test_reminder_is_for_the_next_day():
    assert rules.reminder_window(dt.date(2027, 12, 31)) == dt.date(2028, 1, 1)
