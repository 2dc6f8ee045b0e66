"""Calendar helpers: business days (jours ouvrés) and the month arithmetic deadlines use.

Deadlines in the portal are written in two ways, and both live here so that every screen, PDF,
reminder and batch computes the same date:

* "within N business days" (``add_business_days``): weekends and French public holidays are
  skipped;
* "before the last day of the Nth month after X" (``last_day_of_nth_month_after``): e.g. the tax
  declaration for a show is due at the end of the third month after it.

All "today" questions are answered in the portal's time zone (Europe/Paris), not in UTC: at
00:30 in Paris it is already the next day for the applicant.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone

# Month names are part of the French date format itself (``format_date_fr``), not of a translated
# interface: they stay French whatever language is active.
FRENCH_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def today() -> dt.date:
    """Today's date in Paris (``TIME_ZONE``), which is what "today" means to users."""
    return timezone.localdate()


def as_local_date(value: dt.date | dt.datetime) -> dt.date:
    """Return the calendar date of ``value`` in Paris: an aware datetime is converted first.

    A datetime stored in UTC at 23:30 on 31 December is already 1 January in Paris; a naive
    datetime is taken as already local.
    """
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            return timezone.localtime(value).date()
        return value.date()
    return value


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    """French public holidays of one year, computed once per year (the rules do not change)."""
    return frozenset(holidays.country_holidays("FR", years=year))


def is_public_holiday(day: dt.date) -> bool:
    """Whether ``day`` is a public holiday (jour férié) in metropolitan France.

    The eleven national holidays apply, including Easter Monday, Ascension Thursday and Whit
    Monday (lundi de Pentecôte, the "journée de solidarité" that most offices still close).
    Alsace-Moselle's two extra days (Good Friday and 26 December) are NOT applied: the CNM and its
    deadlines follow the national calendar, even for applicants based in those departments.
    """
    return day in _public_holidays(day.year)


def is_business_day(day: dt.date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and not is_public_holiday(day)


def add_business_days(day: dt.date, n: int) -> dt.date:
    """Return the date ``n`` business days after ``day``.

    ``day`` itself never counts, so "within 2 business days" of a Friday request is the Tuesday.
    ``n=0`` returns ``day`` unchanged, even on a weekend: no rounding to the next business day is
    implied, callers that want it use ``add_business_days(day, 1)``. ``n`` must not be negative.
    """
    if n < 0:
        raise ValueError("n must be zero or positive.")
    current = day
    remaining = n
    while remaining:
        current += dt.timedelta(days=1)
        if is_business_day(current):
            remaining -= 1
    return current


def subtract_business_days(day: dt.date, n: int) -> dt.date:
    """Return the date ``n`` business days before ``day`` (``day`` itself never counts)."""
    if n < 0:
        raise ValueError("n must be zero or positive.")
    current = day
    remaining = n
    while remaining:
        current -= dt.timedelta(days=1)
        if is_business_day(current):
            remaining -= 1
    return current


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Number of business days in ``(start, end]``: ``start`` excluded, ``end`` included.

    This is the inverse of ``add_business_days`` (``business_days_between(d,
    add_business_days(d, n)) == n``) and measures elapsed delays, e.g. for SLA reminders.
    Returns 0 if ``end`` is not after ``start``.
    """
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if is_business_day(current):
            count += 1
    return count


def add_days(day: dt.date, n: int) -> dt.date:
    """Calendar days (weekends and holidays included), for delays written "N jours"."""
    return day + dt.timedelta(days=n)


def last_day_of_month(day: dt.date) -> dt.date:
    """The last day of ``day``'s month (28, 29, 30 or 31)."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, n: int) -> dt.date:
    """The same day ``n`` months later (or earlier if negative), clamped to the month's end.

    31 January + 1 month is 28 February (29 in a leap year), never 3 March.
    """
    month_index = day.year * 12 + (day.month - 1) + n
    year, month = divmod(month_index, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def last_day_of_nth_month_after(day: dt.date, n: int) -> dt.date:
    """The last day of the ``n``-th month after ``day``'s month: the helper every deadline uses.

    A show on 15 January 2026 with ``n=3`` gives 30 April 2026; ``n=0`` gives the end of ``day``'s
    own month. Only the month of ``day`` matters, not its day number, so 31 October 2027 with
    ``n=4`` gives 29 February 2028.
    """
    return last_day_of_month(add_months(day.replace(day=1), n))


def format_date_fr(day: dt.date | dt.datetime) -> str:
    """Write a date in French: "1er janvier 2026", "22 novembre 2026".

    The first day of a month takes the ordinal "1er", as in any French letter or decree. A
    datetime is first converted to its date in Paris (see ``as_local_date``).
    """
    day = as_local_date(day)
    day_text = "1er" if day.day == 1 else str(day.day)
    return f"{day_text} {FRENCH_MONTHS[day.month - 1]} {day.year}"
