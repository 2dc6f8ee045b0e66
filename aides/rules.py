"""General rules of the aid procedure (RGA art. 1 to 11) as pure functions. Each programme's own
rules live in its definition in ``aides/programmes/``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from affiliation.rules import affiliation_request_by as _affiliation_request_by
from aides.programmes.base import Installment, PaymentSplit
from cnm_portal.money import apply_rate, round_cents

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
