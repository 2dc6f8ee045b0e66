"""General rules of the aid procedure (RGA art. 1 to 11) as pure functions. Each programme's own
rules live in its definition in ``aides/programmes/``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from affiliation.rules import affiliation_request_by as _affiliation_request_by
from aides.programmes.base import Installment, PaymentSplit
from cnm_portal.money import apply_rate, round_cents
from cnm_portal.money import percentage as as_rate

SINGLE_PAYMENT_MAX = Decimal("5000.00")


def single_payment(amount: Decimal) -> bool:
    """Art. 5: « toute aide d'un montant inférieur ou égal à 5 000 € est versée en une seule
    fois »."""
    return round_cents(amount) <= SINGLE_PAYMENT_MAX


def installments(amount: Decimal, split: PaymentSplit) -> list[Installment]:
    """Art. 5 and the programme's "modalités de versement": the installments of an aid, each
    share rounded half up to the cent, the last taking the remainder so they add up exactly."""
    amount = round_cents(amount)
    if amount <= 0:
        return []
    if single_payment(amount) or len(split.shares) == 1:
        trigger = "attribution" if len(split.shares) > 1 else split.shares[0][2]
        return [Installment("Versement unique", amount, trigger)]
    result: list[Installment] = []
    paid = Decimal("0.00")
    for index, (label, share, trigger) in enumerate(split.shares):
        part = amount - paid if index == len(split.shares) - 1 else apply_rate(amount, share)
        paid += part
        result.append(Installment(label, part, trigger))
    return result


def affiliation_request_by(deposit_deadline: datetime.date) -> datetime.date:
    """Art. 1: the affiliation must be requested 20 business days before the deposit deadline
    of the session (the affiliation app's rule, shown on the programme page and the dossier)."""
    return _affiliation_request_by(deposit_deadline)


def deposit_open(*, deadline: datetime.datetime, now: datetime.datetime) -> bool:
    """Art. 2: a dossier is deposited for a session until its deposit deadline (inclusive)."""
    return now <= deadline


def can_deposit_again(*, has_decision: bool) -> bool:
    """Art. 4: « Un dossier pour lequel une décision a été rendue ne peut faire l'objet d'un
    nouveau dépôt »."""
    return not has_decision


# --- bilan, reimbursement, RSE incentive (art. 6 and 11) ----------------------------------------

# Days before the bilan deadline when the applicant is reminded (art. 6: a deadline is notified).
BILAN_REMINDER_DAYS = (30, 7)
# A programme that names no bilan delay: 12 months after the decision (the most common one).
DEFAULT_BILAN_MONTHS = 12


def bilan_due_on(decided_on: datetime.date, months: int | None) -> datetime.date:
    """Art. 6 and the programme's "bilan" paragraph: the last day of the Nth month after the
    decision (12 when the programme names no delay)."""
    from cnm_portal.dates import last_day_of_nth_month_after

    return last_day_of_nth_month_after(decided_on, months or DEFAULT_BILAN_MONTHS)


def bilan_in_time(*, due_on: datetime.date, on: datetime.date) -> bool:
    """Art. 6: the bilan is filed on or before its deadline (or the extension granted)."""
    return on <= due_on


def bilan_reminder_due(*, due_on: datetime.date, on: datetime.date, sent: list[int]) -> int | None:
    """Art. 6: the reminder to send on ``on`` (days before the deadline), None if none. A
    reminder missed (job down) is sent late but only once, and never after the deadline."""
    if on > due_on:
        return None
    left = (due_on - on).days
    for days in sorted(BILAN_REMINDER_DAYS):
        if left <= days and days not in sent:
            return days
    return None


def extension_request_allowed(*, due_on: datetime.date, on: datetime.date) -> bool:
    """Art. 6: the beneficiary informs the CNM « avant cette date limite »."""
    return on < due_on


def aid_validated_at_bilan(*, recomputed: Decimal, attribue: Decimal) -> Decimal:
    """Art. 6: the aid recomputed on the actual eligible expenses, never above the aid
    attributed (the programme's caps are applied by ``compute`` to what was spent)."""
    return round_cents(max(min(recomputed, attribue), Decimal("0.00")))


def reimbursement_amount(*, paid: Decimal, due: Decimal) -> Decimal:
    """Art. 6 and 7: what was paid above what is due (never more than what was paid)."""
    paid = round_cents(paid)
    return max(min(paid - round_cents(due), paid), Decimal("0.00"))


RSE_MAX_RATE = Decimal("20")
RSE_MIN_RATE = Decimal("5")
RSE_MIN_AMOUNT = Decimal("200.00")


def rse_percentage(points: int) -> Decimal:
    """Art. 11 b: the points define the percentage (one point = 1 %), at most 20 %."""
    return min(Decimal(points), RSE_MAX_RATE)


def rse_incentive(*, aid_validated: Decimal, percentage: Decimal) -> Decimal:
    """Art. 11 b and d: the validated percentage (at most 20 %) of the aid validated at the
    bilan; nothing when the percentage is under 5 % or the amount under 200 €."""
    rate = min(percentage, RSE_MAX_RATE)
    if rate < RSE_MIN_RATE:
        return Decimal("0.00")
    amount = apply_rate(aid_validated, as_rate(rate))
    return amount if amount >= RSE_MIN_AMOUNT else Decimal("0.00")
