"""The catalogue's rules as pure functions: cancellation deadline, seats, waiting-list rank.
No ORM, no request."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from cnm_portal.dates import format_date_fr

DEFAULT_CANCELLATION_DELAY_DAYS = 7
MAX_SEATS = 500


def cancel_deadline(*, start: dt.datetime, delay_days: int) -> dt.datetime:
    """The last instant a confirmed person may cancel online: ``delay_days`` before the start."""
    return start - dt.timedelta(days=delay_days)


def can_cancel(*, start: dt.datetime, delay_days: int, now: dt.datetime) -> bool:
    return now < cancel_deadline(start=start, delay_days=delay_days)


def cancel_errors(*, start: dt.datetime, delay_days: int, now: dt.datetime) -> list[str]:
    if can_cancel(start=start, delay_days=delay_days, now=now):
        return []
    deadline = cancel_deadline(start=start, delay_days=delay_days)
    return [
        _(
            "L'annulation en ligne n'est plus possible : elle l'était jusqu'au %(day)s "
            "(%(n)s jours avant la session). Écrivez au service formation du CNM."
        )
        % {"day": format_date_fr(deadline), "n": delay_days}
    ]


def seats_left(*, seats: int, taken: int) -> int:
    return max(seats - taken, 0)


def is_full(*, seats: int, taken: int) -> bool:
    return taken >= seats


def is_free(price: Decimal) -> bool:
    return price == Decimal("0")


def session_errors(
    *, start: dt.datetime | None, end: dt.datetime | None, online: bool, place: str, link: str
) -> dict[str, str]:
    """A session's own coherence: end after start, a place or a link."""
    errors = {}
    if start and end and end <= start:
        errors["end"] = _("La fin doit être postérieure au début.")
    if online and not link:
        errors["link"] = _("Indiquez le lien de connexion d'une session en ligne.")
    if not online and not place:
        errors["place"] = _("Indiquez le lieu de la session (ou cochez « en ligne »).")
    return errors


def reminder_window(day: dt.date) -> dt.date:
    """The reminder is sent the day before the session."""
    return day + dt.timedelta(days=1)
