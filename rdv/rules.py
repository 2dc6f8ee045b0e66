"""Rules of the advice appointments: pure functions, no ORM, no request.

The CNM's user guide (seed 000, « RDV CNM ») describes the permanences; the delays below are the
portal's own policy (docs/decisions.md, « RDV CNM »).
"""

import datetime as dt
import itertools
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

# A booking is cancelled or moved by the person until 24 h before its start, that instant
# included: at start − 24 h exactly it is still allowed, one second later it is not.
CHANGE_DEADLINE = dt.timedelta(hours=24)
DESCRIPTION_MAX = 1000
DURATIONS = (30, 45, 60, 90)
SERIES_MAX_SLOTS = 500
# One person holds at most this many upcoming appointments, so that a few people cannot take
# every slot of a permanence (moving one does not count twice).
MAX_UPCOMING = 3


def upcoming_errors(upcoming: int) -> list[str]:
    if upcoming < MAX_UPCOMING:
        return []
    return [
        _(
            "Vous avez déjà %(n)s rendez-vous à venir : annulez-en un ou attendez qu'il ait eu "
            "lieu pour en prendre un autre."
        )
        % {"n": upcoming}
    ]


def change_deadline(start: dt.datetime) -> dt.datetime:
    """The last instant at which the person may cancel or move the appointment."""
    return start - CHANGE_DEADLINE


def can_change(*, start: dt.datetime, now: dt.datetime) -> bool:
    """Cancel / move allowed until 24 h before the start (the boundary included)."""
    return now <= change_deadline(start)


def change_errors(*, start: dt.datetime, now: dt.datetime) -> list[str]:
    if can_change(start=start, now=now):
        return []
    return [
        _(
            "Un rendez-vous ne peut plus être annulé ni déplacé moins de 24 heures avant son "
            "début : contactez le CNM."
        )
    ]


def bookable(*, start: dt.datetime, published: bool, now: dt.datetime) -> bool:
    """A published slot is bookable until its start."""
    return published and start > now


def overlaps(a_start: dt.datetime, a_minutes: int, b_start: dt.datetime, b_minutes: int) -> bool:
    """Two slots of one adviser overlap when each starts before the other ends (back to back
    is fine)."""
    a_end = a_start + dt.timedelta(minutes=a_minutes)
    b_end = b_start + dt.timedelta(minutes=b_minutes)
    return a_start < b_end and b_start < a_end


def series_starts(
    *,
    first_day: dt.date,
    last_day: dt.date,
    weekdays: Iterable[int],
    times: Iterable[dt.time],
    tz: str = "Europe/Paris",
) -> list[dt.datetime]:
    """The starts of a series of slots: every chosen weekday (0 = Monday) between two dates
    included, at each time of day (Paris time, daylight saving applied per day)."""
    zone = ZoneInfo(tz)
    days = set(weekdays)
    hours = sorted(set(times))
    starts = []
    day = first_day
    while day <= last_day:
        if day.weekday() in days:
            starts += [dt.datetime.combine(day, t, tzinfo=zone) for t in hours]
        day += dt.timedelta(days=1)
    return starts


def series_overlaps(starts: list[dt.datetime], minutes: int) -> list[dt.datetime]:
    """Starts of the series that overlap the previous one (hours closer than the duration)."""
    ordered = sorted(starts)
    return [b for a, b in itertools.pairwise(ordered) if overlaps(a, minutes, b, minutes)]


def reminder_day(today: dt.date) -> dt.date:
    """The reminder leaves the day before the appointment."""
    return today + dt.timedelta(days=1)
