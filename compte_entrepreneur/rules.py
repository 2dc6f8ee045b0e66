"""RGA art. 44 to 48 as pure functions: the credit, its split, generations, drawings, transfers.

``Decimal`` and ``date`` in, values or French error lists out; no ORM, no request.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import TypeVar

from django.utils.translation import gettext as _

from cnm_portal.dates import add_months, format_date_fr
from cnm_portal.money import CENT, apply_rate, format_euros, percentage, round_cents

K = TypeVar("K")

CREDIT_RATE = percentage(65)
DRAWING_MINIMUM = Decimal("750.00")
GENERATION_VALIDITY_MONTHS = 36
EXPIRY_WARNING_DAYS = 90
TRANSFER_NOTIFICATION_MONTHS = 6
ACTIVITY_COMMITMENT_MONTHS = 24
REGULARISATION_MIN_DAYS = 15
REGULARISATION_MAX_DAYS = 120
# Decision recorded in docs/decisions.md: the 10 % majorations (late payment, rectification)
# are penalties, not tax; they never feed the account (crediting 65 % of a penalty back to the
# one who paid it would cancel most of it). Change it here only.
MAJORATIONS_CREDITED = False
ZERO = Decimal("0.00")


def credit_from_tax(tax_paid: Decimal) -> Decimal:
    """RGA art. 45: 65 % of the tax paid feeds the compte-entrepreneur, to the cent, half up."""
    if tax_paid < 0:
        raise ValueError("tax_paid must not be negative")
    return apply_rate(tax_paid, CREDIT_RATE)


def support_share(tax_paid: Decimal) -> Decimal:
    """RGA art. 45: the 35 % left fund the support programmes (exactly what is not credited)."""
    return round_cents(tax_paid) - credit_from_tax(tax_paid)


def eligible_tax(
    *,
    taxation_office: bool,
    principal: Decimal,
    majoration: Decimal,
    paid_before: Decimal,
    amount: Decimal,
) -> Decimal:
    """RGA art. 45: the part of a payment that is tax counted for the account.

    A payment settles the tax (principal) first, then the majoration; what goes beyond the
    notice's total is not tax. Taxation d'office and its majorations never count.
    """
    if taxation_office:
        return ZERO
    ceiling = principal + majoration if MAJORATIONS_CREDITED else principal
    before = min(max(paid_before, ZERO), ceiling)
    after = min(max(paid_before + amount, ZERO), ceiling)
    return round_cents(after - before)


def split_credit(total: Decimal, shares: Sequence[tuple[K, Decimal]]) -> list[tuple[K, Decimal]]:
    """RGA art. 46: the credit split by the signed shares (percentages summing to 100), the
    parts adding up exactly: each part is rounded down to the cent and the cents left go to the
    largest remainders (ties: in the order given, the declarant first)."""
    if not shares:
        raise ValueError("at least one party")
    if sum(share for _key, share in shares) != 100:
        raise ValueError("shares must sum to 100")
    exact = [total * share / 100 for _key, share in shares]
    floors = [value.quantize(CENT, rounding=ROUND_DOWN) for value in exact]
    left = int((total - sum(floors)) / CENT)
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += CENT
    return [(key, floors[i]) for i, (key, _share) in enumerate(shares)]


def generation_valid_until(notified_on: date) -> date:
    """RGA art. 48: a generation is usable for three years from its notification; the last day
    bears the same date three years later (the month's last day when it has no such date)."""
    return add_months(notified_on, GENERATION_VALIDITY_MONTHS)


def generation_usable(valid_until: date, on: date) -> bool:
    """RGA art. 48: beyond the three years the sums are cancelled from the account."""
    return on <= valid_until


def expiry_warning_on(valid_until: date) -> date:
    """RGA art. 48: the day the redevable is warned that a generation will expire (90 days)."""
    return valid_until - timedelta(days=EXPIRY_WARNING_DAYS)


def drawing_balance_sufficient(balance: Decimal) -> bool:
    """RGA art. 48: a drawing needs at least 750 € on the compte-entrepreneur."""
    return balance >= DRAWING_MINIMUM


def drawing_amount_errors(amount: Decimal | None, balance: Decimal) -> list[str]:
    """RGA art. 48: the amount drawn is positive and within the usable balance."""
    if amount is None or amount <= 0:
        return [_("Le montant demandé doit être positif.")]
    if round_cents(amount) != amount:
        return [_("Le montant s'exprime en euros et centimes.")]
    if amount > balance:
        return [
            _("Le montant demandé dépasse le solde disponible (%(balance)s).")
            % {"balance": format_euros(balance)}
        ]
    return []


def consume_oldest_first(
    generations: Sequence[tuple[K, Decimal, date]], amount: Decimal, on: date
) -> list[tuple[K, Decimal]]:
    """RGA art. 48: a drawing uses the oldest generation first, never one past its three years.

    ``generations`` are (key, remaining, valid_until); returns (key, amount taken)."""
    taken: list[tuple[K, Decimal]] = []
    left = amount
    for key, remaining, valid_until in sorted(generations, key=lambda g: g[2]):
        if left <= 0:
            break
        if remaining <= 0 or not generation_usable(valid_until, on):
            continue
        part = min(remaining, left)
        taken.append((key, part))
        left -= part
    if left > 0:
        raise ValueError("not enough usable rights")
    return taken


def regularisation_deadline_errors(deadline: date | None, on: date) -> list[str]:
    """RGA art. 48: the structure regularises « dans le délai indiqué » (15 to 120 days here)."""
    if deadline is None:
        return [_("Indiquez la date limite de régularisation.")]
    if deadline < on + timedelta(days=REGULARISATION_MIN_DAYS):
        return [
            _("Laissez au moins %(n)s jours pour régulariser.") % {"n": REGULARISATION_MIN_DAYS}
        ]
    if deadline > on + timedelta(days=REGULARISATION_MAX_DAYS):
        return [
            _("Le délai de régularisation ne peut dépasser %(n)s jours.")
            % {"n": REGULARISATION_MAX_DAYS}
        ]
    return []


def transfer_notification_deadline(certain_on: date) -> date:
    """RGA art. 47: the deed is notified to the CNM at the latest six months after it acquired
    date certaine (same date six months later, or the month's last day)."""
    return add_months(certain_on, TRANSFER_NOTIFICATION_MONTHS)


def transfer_errors(
    *,
    justified: bool,
    certain_on: date | None,
    mentions_rights: bool,
    notified_on: date | None,
    on: date,
) -> dict[str, str]:
    """RGA art. 47: the three cumulative conditions of a transfer of activity."""
    errors: dict[str, str] = {}
    if not justified:
        errors["justified"] = _("L'existence du transfert d'activité doit être justifiée.")
    if certain_on is None:
        errors["certain_on"] = _("L'acte de transfert doit avoir date certaine.")
    elif certain_on > on:
        errors["certain_on"] = _("La date certaine ne peut pas être dans le futur.")
    if not mentions_rights:
        errors["mentions_rights"] = _(
            "L'acte doit mentionner expressément le transfert des droits acquis auprès du CNM."
        )
    if notified_on is None:
        errors["notified_on"] = _("Indiquez la date de notification de l'acte au CNM.")
    elif notified_on > on:
        errors["notified_on"] = _("La date de notification ne peut pas être dans le futur.")
    elif certain_on is not None and "certain_on" not in errors:
        if notified_on < certain_on:
            errors["notified_on"] = _(
                "L'acte ne peut pas avoir été notifié avant d'avoir acquis date certaine."
            )
        elif notified_on > transfer_notification_deadline(certain_on):
            errors["notified_on"] = _(
                "L'acte a été notifié plus de six mois après sa date certaine (au plus tard "
                "le %(deadline)s) : le transfert des droits n'est pas possible."
            ) % {"deadline": format_date_fr(transfer_notification_deadline(certain_on))}
    return errors


def location_gerance_errors(*, start_on: date | None, end_on: date | None) -> dict[str, str]:
    """RGA art. 47: a location-gérance has a start date; its end, when known, follows it."""
    if start_on is None:
        return {"start_on": _("Indiquez la date de prise d'effet du contrat.")}
    if end_on is not None and end_on <= start_on:
        return {"end_on": _("La fin de la location-gérance doit suivre sa prise d'effet.")}
    return {}
