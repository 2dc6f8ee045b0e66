"""Rules of the appointments (no database)."""

import datetime as dt

import pytest

from rdv import rules

START = dt.datetime(2026, 12, 10, 14, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("now", "allowed"),
    [
        (START - dt.timedelta(hours=24), True),  # exactly 24 h before: still allowed
        (START - dt.timedelta(hours=24) + dt.timedelta(seconds=1), False),  # 24 h − 1 s before
        (START - dt.timedelta(hours=24) - dt.timedelta(seconds=1), True),  # 24 h + 1 s before
        (START, False),
    ],
)
def test_change_until_24_hours_before(now, allowed):
    assert rules.can_change(start=START, now=now) is allowed
    assert (rules.change_errors(start=START, now=now) == []) is allowed


def test_change_error_in_french():
    [message] = rules.change_errors(start=START, now=START)
    assert "moins de 24 heures" in message


def test_bookable_until_start_and_only_published():
    assert rules.bookable(start=START, published=True, now=START - dt.timedelta(seconds=1))
    assert not rules.bookable(start=START, published=True, now=START)
    assert not rules.bookable(start=START, published=False, now=START - dt.timedelta(days=1))


def test_overlaps_back_to_back_is_fine():
    assert not rules.overlaps(START, 45, START + dt.timedelta(minutes=45), 45)
    assert rules.overlaps(START, 45, START + dt.timedelta(minutes=44), 30)
    assert rules.overlaps(START + dt.timedelta(minutes=10), 10, START, 60)


def test_series_starts_weekdays_hours_and_daylight_saving():
    starts = rules.series_starts(
        first_day=dt.date(2027, 3, 25),  # a Thursday; summer time starts on Sunday 28 March
        last_day=dt.date(2027, 3, 30),
        weekdays=[0, 3],  # Mondays and Thursdays
        times=[dt.time(14, 0), dt.time(10, 0)],
    )
    assert [s.strftime("%a %d %H:%M") for s in starts] == [
        "Thu 25 10:00",
        "Thu 25 14:00",
        "Mon 29 10:00",
        "Mon 29 14:00",
    ]
    # 10:00 in Paris is 09:00 UTC in winter, 08:00 UTC in summer
    assert starts[0].astimezone(dt.UTC).hour == 9
    assert starts[2].astimezone(dt.UTC).hour == 8


def test_series_overlaps_hours_closer_than_the_duration():
    starts = rules.series_starts(
        first_day=dt.date(2027, 1, 4),
        last_day=dt.date(2027, 1, 4),
        weekdays=[0],
        times=[dt.time(10, 0), dt.time(10, 30), dt.time(14, 0)],
    )
    assert [s.time() for s in rules.series_overlaps(starts, 45)] == [dt.time(10, 30)]
    assert rules.series_overlaps(starts, 30) == []


def test_reminder_is_for_the_next_day():
    assert rules.reminder_day(dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)
