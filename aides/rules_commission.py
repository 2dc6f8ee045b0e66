"""Rules of the commission review and of the decision (RGA art. 4, art. 6, seed 003) as pure
functions: ``Decimal`` and ``date`` in, values out. No ORM, no request."""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable, Mapping
from decimal import Decimal

from cnm_portal.dates import add_months
from cnm_portal.money import CENT, ZERO, round_down_cents, sum_money, to_decimal

# Each appreciation criterion of a programme is scored on this scale by each member (art. 4:
# the criteria « permettent aux membres des commissions d'établir des priorités »).
SCORE_MIN = 0
SCORE_MAX = 3
SCORE_LABELS = {
    0: "0 — insuffisant",
    1: "1 — moyen",
    2: "2 — bon",
    3: "3 — très bon",
}
# Months to file the bilan when the programme's definition gives none (art. 6).
DEFAULT_BILAN_MONTHS = 12


def score_valid(score: object) -> bool:
    """Art. 4: a score is a whole number between 0 and 3 (the criteria's scale)."""
    return (
        isinstance(score, int) and not isinstance(score, bool) and SCORE_MIN <= score <= SCORE_MAX
    )


def amount_within_maximum(amount: Decimal, maximum: Decimal) -> bool:
    """Art. 4 and the programme's caps: an amount (avis or attribution) is more than 0 and at
    most the maximum aid recomputed for the dossier (both ends compared to the cent)."""
    return ZERO < to_decimal(amount) <= to_decimal(maximum)


def bilan_due_date(decided_on: datetime.date, months: int | None) -> datetime.date:
    """Art. 6: the bilan is due the programme's number of months after the decision (same day of
    the month, clamped to the month's end), 12 months when the programme gives none."""
    return add_months(decided_on, months if months is not None else DEFAULT_BILAN_MONTHS)


def available_on_envelope(envelope: Decimal | None, already_granted: Decimal) -> Decimal | None:
    """Art. 3-4: what is left of the programme's yearly envelope once the year's attributions of
    other sessions are taken (never negative; None without an envelope)."""
    if envelope is None:
        return None
    left = to_decimal(envelope) - to_decimal(already_granted)
    return left if left > 0 else ZERO


def proportional_reduction(
    amounts: Mapping[Hashable, Decimal], available: Decimal
) -> dict[Hashable, Decimal]:
    """Seed 003: « Si le montant total des aides calculées dépasse le budget disponible …
    celles-ci connaîtront un abattement proportionnel ».

    Each amount becomes ``amount × available ÷ total``, truncated to the cent (so no aid is
    rounded up beyond its share); the cents the truncation left are given one by one to the
    largest remainders (ties: the larger amount, then the key's order), so the reduced total is
    exactly ``available`` and never above it. Below or at the envelope nothing changes.
    """
    available = to_decimal(available)
    total = sum_money(amounts.values())
    if total <= available:
        return {key: to_decimal(value) for key, value in amounts.items()}
    if available <= 0:
        return dict.fromkeys(amounts, ZERO)
    exact = {key: to_decimal(value) * available / total for key, value in amounts.items()}
    reduced = {key: round_down_cents(value) for key, value in exact.items()}
    left = available - sum_money(reduced.values())
    order = sorted(
        amounts,
        key=lambda key: (-(exact[key] - reduced[key]), -to_decimal(amounts[key]), str(key)),
    )
    # Fewer cents are left than there are amounts (each truncation drops less than one), and
    # ``reduced < amount`` holds for each: one pass in that order is enough.
    for key in order:
        if left < CENT:
            break
        if reduced[key] + CENT <= to_decimal(amounts[key]):
            reduced[key] += CENT
            left -= CENT
    return reduced


def avis_majority(kinds: Iterable[str]) -> str | None:
    """Art. 4: the commission's avis on a dossier is the kind given by more than half of the
    members who gave one (None: no majority, or no avis)."""
    kinds = list(kinds)
    if not kinds:
        return None
    for kind in set(kinds):
        if kinds.count(kind) * 2 > len(kinds):
            return kind
    return None
