"""RGA art. 48: the conditions of a drawing, one function each, shown to the member before the
request and checked again by the instructor under the account's lock.

Each condition takes (structure, compte, on) and returns French messages (empty: met). The
condition « avoir remboursé les aides indûment perçues » reads ``aides.selectors.has_unpaid_undue_aid``."""

from collections.abc import Callable
from datetime import date

from django.utils.translation import gettext as _

from cnm_portal.money import format_euros
from compte_entrepreneur import rules

Condition = Callable[..., list[str]]


def affiliated(*, structure, compte, on: date) -> list[str]:
    """Art. 48 1°: affiliated to the CNM (art. 1) on the day of the check."""
    from affiliation.selectors import is_affiliated

    if is_affiliated(structure=structure, on=on):
        return []
    return [_("La structure n'est pas affiliée au CNM à cette date (article 1 du RGA).")]


def balance_sufficient(*, structure, compte, on: date) -> list[str]:
    """Art. 48 2°: at least 750 € on the account."""
    balance = compte.balance if compte is not None else 0
    if rules.drawing_balance_sufficient(balance):
        return []
    return [
        _("Le solde du compte-entrepreneur (%(balance)s) est inférieur à %(minimum)s.")
        % {"balance": format_euros(balance), "minimum": format_euros(rules.DRAWING_MINIMUM)}
    ]


def tax_obligations_met(*, structure, compte, on: date) -> list[str]:
    """Art. 48 4° (obligations fiscales): no tax notice left unpaid past its deadline."""
    from compte_entrepreneur.selectors import overdue_tax_notices

    numbers = list(overdue_tax_notices(structure=structure, on=on).values_list("number", flat=True))
    if not numbers:
        return []
    return [
        _("Des avis de taxe restent impayés après leur date limite : %(numbers)s.")
        % {"numbers": ", ".join(numbers[:5])}
    ]


def bank_details_known(*, structure, compte, on: date) -> list[str]:
    """Not an RGA condition but needed to pay: the structure's current bank details."""
    from virements.selectors import current_bank_account

    if current_bank_account(structure=structure) is not None:
        return []
    return [_("La structure n'a pas encore saisi ses coordonnées bancaires (RIB).")]


def undue_aids_reimbursed(*, structure, compte, on: date) -> list[str]:
    """Art. 48 3° (avoir remboursé les aides indûment perçues): RGA art. 6 through aides."""
    from aides.selectors import has_unpaid_undue_aid

    if not has_unpaid_undue_aid(structure=structure, on=on):
        return []
    return [_("Une aide du CNM indûment perçue reste à rembourser (article 6 du RGA).")]


DRAWING_CONDITIONS: list[Condition] = [
    affiliated,
    balance_sufficient,
    undue_aids_reimbursed,
    tax_obligations_met,
    bank_details_known,
]


def condition_results(*, structure, compte, on: date) -> list[tuple[str, list[str]]]:
    """(label, errors) for each condition, for the page that shows them before the request."""
    labels = {
        affiliated: _("Être affilié au CNM"),
        balance_sufficient: _("Disposer d'au moins 750 € sur le compte-entrepreneur"),
        tax_obligations_met: _("Être à jour de la taxe sur les spectacles de variétés"),
        bank_details_known: _("Avoir saisi les coordonnées bancaires de la structure"),
        undue_aids_reimbursed: _("Avoir remboursé les aides indûment perçues"),
    }
    return [
        (
            str(labels.get(condition, condition.__doc__ or "")),
            condition(structure=structure, compte=compte, on=on),
        )
        for condition in DRAWING_CONDITIONS
    ]


def drawing_errors(drawing) -> list[str]:
    """Every condition plus the amount, for the instructor's validation (the caller holds the
    account's row lock, so the balance read here cannot change before the debit)."""
    from cnm_portal.dates import today

    compte = type(drawing.compte).objects.get(pk=drawing.compte_id)
    on = today()
    errors = [
        message
        for condition in DRAWING_CONDITIONS
        for message in condition(structure=compte.structure, compte=compte, on=on)
    ]
    return errors + rules.drawing_amount_errors(drawing.amount, compte.balance)
