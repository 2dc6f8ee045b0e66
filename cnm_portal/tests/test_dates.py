"""Business days and deadline arithmetic (no database)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cnm_portal.dates import (
    add_business_days,
    add_days,
    add_months,
    as_local_date,
    business_days_between,
    format_date_fr,
    is_business_day,
    is_public_holiday,
    last_day_of_month,
    last_day_of_nth_month_after,
    today,
)

D = dt.date
UTC = dt.UTC


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 1, 1), True),  # Jour de l'an
        (D(2026, 4, 5), False),  # Easter Sunday is a Sunday, not listed as a holiday
        (D(2026, 4, 6), True),  # Easter Monday
        (D(2026, 4, 3), False),  # Good Friday: Alsace-Moselle only, not applied
        (D(2026, 5, 1), True),
        (D(2026, 5, 8), True),
        (D(2026, 5, 14), True),  # Ascension
        (D(2026, 5, 25), True),  # Whit Monday
        (D(2026, 7, 14), True),
        (D(2026, 8, 15), True),
        (D(2026, 11, 1), True),
        (D(2026, 11, 11), True),
        (D(2026, 12, 25), True),
        (D(2026, 12, 26), False),  # Saint-Étienne: Alsace-Moselle only, not applied
        (D(2026, 7, 13), False),
        (D(2026, 7, 15), False),
        (D(2027, 3, 29), True),  # Easter Monday 2027
        (D(2028, 2, 29), False),
    ],
)
def test_is_public_holiday(day: dt.date, expected: bool) -> None:
    assert is_public_holiday(day) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 11, 20), True),  # Friday
        (D(2026, 11, 21), False),  # Saturday
        (D(2026, 11, 22), False),  # Sunday
        (D(2026, 11, 23), True),  # Monday
        (D(2026, 7, 14), False),  # Tuesday, holiday
        (D(2026, 5, 8), False),  # Friday, holiday
        (D(2026, 5, 1), False),  # Friday, holiday
        (D(2027, 5, 1), False),  # Saturday and holiday
        (D(2026, 12, 24), True),
    ],
)
def test_is_business_day(day: dt.date, expected: bool) -> None:
    assert is_business_day(day) is expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 11, 18), 0, D(2026, 11, 18)),  # n=0: unchanged
        (D(2026, 11, 21), 0, D(2026, 11, 21)),  # n=0 on a Saturday: still unchanged
        (D(2026, 11, 18), 1, D(2026, 11, 19)),  # Wednesday → Thursday
        (D(2026, 11, 20), 1, D(2026, 11, 23)),  # Friday → Monday across the weekend
        (D(2026, 11, 20), 2, D(2026, 11, 24)),
        (D(2026, 11, 21), 1, D(2026, 11, 23)),  # Saturday → Monday
        (D(2026, 11, 22), 1, D(2026, 11, 23)),  # Sunday → Monday
        (D(2026, 11, 16), 5, D(2026, 11, 23)),  # a full week
        (D(2026, 11, 10), 1, D(2026, 11, 12)),  # skips 11 November (Wednesday)
        (D(2026, 5, 7), 1, D(2026, 5, 11)),  # Thursday; 8 May is a Friday holiday
        (D(2026, 4, 3), 1, D(2026, 4, 7)),  # Friday → Tuesday: Easter Monday skipped
        (D(2026, 5, 13), 1, D(2026, 5, 15)),  # Ascension Thursday skipped
        (D(2026, 5, 22), 1, D(2026, 5, 26)),  # Friday → Tuesday: Whit Monday skipped
        (D(2026, 7, 13), 1, D(2026, 7, 15)),  # 14 July skipped
        (D(2026, 12, 24), 1, D(2026, 12, 28)),  # Christmas Friday + weekend
        (D(2026, 12, 31), 1, D(2027, 1, 4)),  # New Year's Day Friday + weekend, across years
        (D(2026, 4, 30), 1, D(2026, 5, 4)),  # 1 May is a Friday
        (D(2028, 2, 28), 1, D(2028, 2, 29)),  # leap day is a business day
        (D(2026, 1, 1), 20, D(2026, 1, 29)),
    ],
)
def test_add_business_days(start: dt.date, n: int, expected: dt.date) -> None:
    assert add_business_days(start, n) == expected


def test_add_business_days_refuses_negative() -> None:
    with pytest.raises(ValueError):
        add_business_days(D(2026, 1, 5), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 11, 18), D(2026, 11, 18), 0),  # same day
        (D(2026, 11, 19), D(2026, 11, 18), 0),  # end before start
        (D(2026, 11, 18), D(2026, 11, 19), 1),  # end included
        (D(2026, 11, 20), D(2026, 11, 22), 0),  # Friday → Sunday: only the weekend
        (D(2026, 11, 20), D(2026, 11, 23), 1),
        (D(2026, 11, 21), D(2026, 11, 23), 1),
        (D(2026, 11, 16), D(2026, 11, 23), 5),
        (D(2026, 11, 10), D(2026, 11, 12), 1),  # 11 November excluded
        (D(2026, 5, 1), D(2026, 5, 31), 17),  # May 2026: 21 weekdays, 4 of them holidays
        (D(2025, 12, 31), D(2026, 12, 31), 252),  # 2026: 261 weekdays, 9 of them holidays
    ],
)
def test_business_days_between(start: dt.date, end: dt.date, expected: int) -> None:
    assert business_days_between(start, end) == expected


@pytest.mark.parametrize("n", [0, 1, 2, 5, 10, 30])
@pytest.mark.parametrize("start", [D(2026, 4, 3), D(2026, 5, 7), D(2026, 12, 24), D(2026, 11, 21)])
def test_business_days_between_inverts_add_business_days(start: dt.date, n: int) -> None:
    assert business_days_between(start, add_business_days(start, n)) == n


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (D(2026, 1, 30), 0, D(2026, 1, 30)),
        (D(2026, 1, 30), 3, D(2026, 2, 2)),
        (D(2026, 12, 31), 1, D(2027, 1, 1)),
        (D(2028, 2, 28), 1, D(2028, 2, 29)),
        (D(2026, 3, 1), -1, D(2026, 2, 28)),
    ],
)
def test_add_days(day: dt.date, n: int, expected: dt.date) -> None:
    assert add_days(day, n) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 1, 1), D(2026, 1, 31)),
        (D(2026, 2, 14), D(2026, 2, 28)),
        (D(2028, 2, 1), D(2028, 2, 29)),  # leap year
        (D(2100, 2, 1), D(2100, 2, 28)),  # not a leap year
        (D(2000, 2, 1), D(2000, 2, 29)),  # leap year
        (D(2026, 4, 30), D(2026, 4, 30)),
        (D(2026, 12, 1), D(2026, 12, 31)),
    ],
)
def test_last_day_of_month(day: dt.date, expected: dt.date) -> None:
    assert last_day_of_month(day) == expected


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # clamped
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # clamped, leap year
        (D(2026, 1, 15), 1, D(2026, 2, 15)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 11, 30), 2, D(2027, 1, 30)),  # across the year
        (D(2026, 12, 31), 12, D(2027, 12, 31)),
        (D(2026, 5, 31), 0, D(2026, 5, 31)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 1, 15), -1, D(2025, 12, 15)),
        (D(2028, 2, 29), 12, D(2029, 2, 28)),
    ],
)
def test_add_months(day: dt.date, n: int, expected: dt.date) -> None:
    assert add_months(day, n) == expected


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (D(2026, 1, 15), 3, D(2026, 4, 30)),
        (D(2026, 1, 31), 3, D(2026, 4, 30)),
        (D(2026, 1, 1), 3, D(2026, 4, 30)),
        (D(2027, 10, 31), 4, D(2028, 2, 29)),  # leap year
        (D(2026, 10, 31), 4, D(2027, 2, 28)),
        (D(2026, 1, 15), 0, D(2026, 1, 31)),  # end of the same month
        (D(2026, 2, 28), 0, D(2026, 2, 28)),
        (D(2026, 11, 15), 1, D(2026, 12, 31)),
        (D(2026, 11, 15), 2, D(2027, 1, 31)),  # across the year
        (D(2026, 6, 30), 12, D(2027, 6, 30)),
    ],
)
def test_last_day_of_nth_month_after(day: dt.date, n: int, expected: dt.date) -> None:
    assert last_day_of_nth_month_after(day, n) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 1, 1), "1er janvier 2026"),
        (D(2026, 11, 22), "22 novembre 2026"),
        (D(2026, 2, 2), "2 février 2026"),
        (D(2026, 8, 1), "1er août 2026"),
        (D(2026, 12, 31), "31 décembre 2026"),
        (D(2028, 2, 29), "29 février 2028"),
        (D(2026, 3, 11), "11 mars 2026"),  # "11", not "11er"
        (D(2026, 3, 21), "21 mars 2026"),
    ],
)
def test_format_date_fr(day: dt.date, expected: str) -> None:
    assert format_date_fr(day) == expected


def test_format_date_fr_takes_the_paris_date_of_an_aware_datetime() -> None:
    # 23:30 UTC on 31 December is 00:30 on 1 January in Paris.
    moment = dt.datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    assert format_date_fr(moment) == "1er janvier 2026"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2026, 6, 30, 21, 59, tzinfo=UTC), D(2026, 6, 30)),  # 23:59 in summer
        (dt.datetime(2026, 6, 30, 22, 0, tzinfo=UTC), D(2026, 7, 1)),  # midnight in summer
        (dt.datetime(2026, 1, 31, 22, 59, tzinfo=UTC), D(2026, 1, 31)),  # winter: UTC+1
        (dt.datetime(2026, 1, 31, 23, 0, tzinfo=UTC), D(2026, 2, 1)),
        (dt.datetime(2026, 1, 31, 23, 30), D(2026, 1, 31)),  # naive: taken as local
        (D(2026, 1, 31), D(2026, 1, 31)),
    ],
)
def test_as_local_date(value: dt.date | dt.datetime, expected: dt.date) -> None:
    assert as_local_date(value) == expected


def test_today_is_the_paris_date(monkeypatch: pytest.MonkeyPatch) -> None:
    moment = dt.datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # 00:30 on 1 April in Paris (UTC+2)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert today() == D(2026, 4, 1)
    assert moment.astimezone(ZoneInfo("Europe/Paris")).date() == D(2026, 4, 1)


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (dt.date(2026, 11, 23), 1, dt.date(2026, 11, 20)),  # Monday → previous Friday
        (dt.date(2026, 11, 12), 1, dt.date(2026, 11, 10)),  # 11 Nov is a holiday
        (dt.date(2026, 5, 15), 2, dt.date(2026, 5, 12)),  # Ascension 14 May 2026
        (dt.date(2026, 3, 2), 0, dt.date(2026, 3, 2)),
    ],
)
def test_subtract_business_days(day, n, expected):
    from cnm_portal.dates import subtract_business_days

    assert subtract_business_days(day, n) == expected
