"""RGA article 1 (affiliation) and annexe 3 (protocol), as pure functions."""

from datetime import date, timedelta

from django.utils.translation import gettext as _

from cnm_portal.dates import add_months, subtract_business_days

# Reminders before the end of validity (days before valid_until): not in the RGA, our choice
# (docs/decisions.md): early enough to renew without a gap, and a last call.
REMINDER_DAYS = (60, 15)
# A renewal can be asked from this many days before the end of validity.
RENEWAL_WINDOW_DAYS = 90
# Seed 003: "anticiper votre démarche de 20 jours ouvrés avant la date limite de dépôt".
AFFILIATION_LEAD_BUSINESS_DAYS = 20


def validity_period(notified_on: date, current_until: date | None = None) -> tuple[date, date]:
    """Art. 1: "valable un an à compter de sa notification". A renewal notified while the
    current affiliation still runs starts the day after it ends, so there is no gap and no
    overlap. The last valid day is the eve of the anniversary."""
    start = notified_on
    if current_until is not None and current_until >= notified_on:
        start = current_until + timedelta(days=1)
    return start, anniversary(start) - timedelta(days=1)


def anniversary(day: date) -> date:
    """Art. 1 ("un an"): the same day one year later; 29 February's anniversary in a common year
    is 1 March, so a year from 29 February 2028 ends on 28 February 2029 (leap day counted)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February → no such day next year
        return date(day.year + 1, 3, 1)


def desaffiliation_last_day(*, valid_until: date, on: date) -> date:
    """Art. 1 (désaffiliation): the affiliation ends on the date recorded by the CNM, never later
    than its own last day. An affiliation that starts after that date (a renewal validated for
    later) gets a last day before its first one: it never takes effect."""
    return min(valid_until, on)


def took_effect(valid_from: date | None, valid_until: date | None) -> bool:
    """Art. 1: a validity period counts only if it has at least one day."""
    return valid_from is not None and valid_until is not None and valid_from <= valid_until


def sibil_required(activity: str) -> bool:
    """Art. 1 5°: "détenant une licence" — a récépissé de déclaration valant licence is the
    licence since the 2019 reform (art. L. 7122-3 code du travail), so its holder has a SIBIL
    account too; an occasional activity (art. R. 7122-9) needs none."""
    return activity in ("licence", "recepisse")


def automatic_affiliation_applies(
    *, is_personne_physique: bool, fiscal_residence_certified: bool, new_space: bool
) -> bool:
    """Guide (personne physique): certifying fiscal residence affiliates the author
    "automatiquement pour la première année" — only when the approval opens a new space; a
    person who has or had one goes through renewal (art. 1)."""
    return is_personne_physique and fiscal_residence_certified and new_space


def completion_deadline(relance_sent_on: date) -> date:
    """Art. 1: one month from the relance e-mail to provide the missing items."""
    return add_months(relance_sent_on, 1)


def is_completion_overdue(deadline: date, on: date) -> bool:
    """Art. 1: past the month, the request is cancelled (the deadline day itself still counts)."""
    return on > deadline


def reminder_due(valid_until: date, on: date) -> int | None:
    """Which reminder (days before the end) is due on ``on``, if any: the smallest window
    already entered (a missed run sends the latest reminder only)."""
    remaining = (valid_until - on).days
    if remaining < 0:
        return None
    due = [days for days in REMINDER_DAYS if remaining <= days]
    return min(due) if due else None


def is_expired(valid_until: date, on: date) -> bool:
    """Art. 1: one year of validity; expired the day after its last valid day."""
    return on > valid_until


def can_request_renewal(valid_until: date | None, on: date) -> bool:
    """Renewal (art. 1) is asked from 90 days before the end of validity, or after it."""
    return valid_until is None or (valid_until - on).days <= RENEWAL_WINDOW_DAYS


def needs_training_attestation(
    *, is_personne_morale: bool, previous_renewals: int, is_renewal: bool
) -> bool:
    """Art. 1 and annexe 3 point 1: the first renewal of a legal entity needs the attestation
    de fin de formation VSS; without it the renewal request is cancelled."""
    return is_personne_morale and is_renewal and previous_renewals == 0


def licence_errors(
    *, activity: str, licence_number: str, licence_valid_until: date | None, on: date
) -> dict[str, str]:
    """Art. 1 4°: a live-show entrepreneur holds a valid licence or récépissé, or has declared
    an occasional activity. Returns field → French message."""
    errors: dict[str, str] = {}
    if activity in ("licence", "recepisse"):
        if not licence_number.strip():
            errors["licence_number"] = _(
                "Indiquez le numéro de votre licence ou de votre récépissé."
            )
        if licence_valid_until is None:
            errors["licence_valid_until"] = _("Indiquez la date de fin de validité.")
        elif licence_valid_until < on:
            errors["licence_valid_until"] = _(
                "Votre licence a expiré le %(date)s : renouvelez-la, ou déclarez une activité "
                "occasionnelle."
            ) % {"date": licence_valid_until.strftime("%d/%m/%Y")}
    return errors


def affiliation_request_by(deposit_deadline: date) -> date:
    """Seed 003: ask for the affiliation (or its renewal) 20 business days before a programme's
    deposit deadline. Counts business days backwards from the deadline (excluded)."""
    return subtract_business_days(deposit_deadline, AFFILIATION_LEAD_BUSINESS_DAYS)
