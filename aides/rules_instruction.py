"""Rules of the instruction (RGA art. 3) as pure functions: the deadline of a request for
missing items, caducité, lateness, the recommendation's ceiling. No ORM, no request."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from cnm_portal.dates import add_business_days, format_date_fr, is_business_day
from cnm_portal.money import format_euros

# docs/decisions.md, « Aides — instruction »
DEFAULT_MISSING_ITEMS_BUSINESS_DAYS = 15
MAX_MISSING_ITEMS_DAYS = 92  # about three months: past that, the session is long gone


def default_missing_items_deadline(on: datetime.date) -> datetime.date:
    """Art. 3: the deadline offered by default, 15 business days after the request."""
    return add_business_days(on, DEFAULT_MISSING_ITEMS_BUSINESS_DAYS)


def missing_items_deadline_errors(deadline: datetime.date | None, on: datetime.date) -> list[str]:
    """Art. 3: « dans le délai indiqué » — a business day after today, at most ~3 months away."""
    if deadline is None:
        return [_("Indiquez la date limite de réponse.")]
    if deadline <= on:
        return [_("La date limite doit être postérieure à aujourd'hui.")]
    if deadline > on + datetime.timedelta(days=MAX_MISSING_ITEMS_DAYS):
        return [
            _("La date limite ne peut pas dépasser le %(date)s (trois mois).")
            % {"date": format_date_fr(on + datetime.timedelta(days=MAX_MISSING_ITEMS_DAYS))}
        ]
    if not is_business_day(deadline):
        return [
            _("Le %(date)s n'est pas un jour ouvré : choisissez un jour ouvré.")
            % {"date": format_date_fr(deadline)}
        ]
    return []


def is_lapsed(deadline: datetime.date, on: datetime.date) -> bool:
    """Art. 3: without the items, the request is caduque — the day after the deadline (the
    deadline itself is still the applicant's)."""
    return on > deadline


def instruction_due_on(commission_date: datetime.date, min_analysis_days: int) -> datetime.date:
    """Art. 3-4: the instruction must be over ``min_analysis_days`` before the commission (the
    session's « délai minimal d'analyse »), so that the members can read the dossier."""
    return commission_date - datetime.timedelta(days=min_analysis_days)


def is_instruction_late(
    *, commission_date: datetime.date, min_analysis_days: int, on: datetime.date
) -> bool:
    """Art. 3: a dossier still to instruct is late the day after :func:`instruction_due_on`."""
    return on > instruction_due_on(commission_date, min_analysis_days)


def recommendation_errors(amount: Decimal | None, maximum: Decimal) -> list[str]:
    """Art. 3 and the programme: the proposed amount is positive and never above the maximum
    aid recomputed by ``compute`` (programme caps, remaining yearly cap, amount requested)."""
    if amount is None:
        return [_("Indiquez le montant proposé.")]
    if amount <= 0:
        return [_("Le montant proposé doit être supérieur à zéro.")]
    if amount != amount.quantize(Decimal("0.01")):
        return [_("Le montant proposé a au plus deux décimales.")]
    if amount > maximum:
        return [
            _(
                "Le montant proposé (%(amount)s) dépasse l'aide maximale recalculée (%(max)s) : "
                "plafonds du programme, reste du plafond annuel du bénéficiaire et montant "
                "sollicité."
            )
            % {"amount": format_euros(amount), "max": format_euros(maximum)}
        ]
    return []
