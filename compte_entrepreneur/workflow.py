"""Lifecycles of a drawing request (RGA art. 48) and of a transfer (art. 47)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cnm_portal.workflow import Workflow


class DrawingStatus(models.TextChoices):
    DEPOSEE = "deposee", _("Déposée, en cours de contrôle")
    REGULARISATION = "regularisation", _("Régularisation demandée")
    VALIDEE = "validee", _("Validée, paiement en cours")
    VERSEE = "versee", _("Versée")
    REFUSEE = "refusee", _("Refusée")
    ANNULEE = "annulee", _("Paiement annulé, droits restitués")


D = DrawingStatus


def _conditions_met(drawing) -> list[str]:
    """RGA art. 48: checked again by the instructor, under the account's row lock (the service
    locks the account before the move)."""
    from compte_entrepreneur.conditions import drawing_errors

    return drawing_errors(drawing)


def _regularisation_deadline_passed(drawing) -> list[str]:
    """RGA art. 48: « à défaut » of regularisation within the deadline, a reasoned refusal."""
    from cnm_portal.dates import format_date_fr, today

    if drawing.regularisation_until is None or today() <= drawing.regularisation_until:
        return [
            str(
                _("Le délai de régularisation court jusqu'au %(date)s : refus possible ensuite.")
                % {"date": format_date_fr(drawing.regularisation_until or today())}
            )
        ]
    return []


def _regularisation_deadline_not_passed(drawing) -> list[str]:
    """Art. 48: the structure regularises « dans le délai indiqué »."""
    from cnm_portal.dates import today

    if drawing.regularisation_until is not None and today() > drawing.regularisation_until:
        return [str(_("Le délai de régularisation est dépassé."))]
    return []


drawing_flow = Workflow(
    name="droit_de_tirage",
    initial=D.DEPOSEE,
    transitions={
        # controls by the CNM: pay, or invite to regularise within a deadline
        D.DEPOSEE: {D.VALIDEE, D.REGULARISATION},
        # the structure answers (back to control) or the deadline passes (reasoned refusal)
        D.REGULARISATION: {D.DEPOSEE, D.REFUSEE},
        # the accounting agent's batch is paid, or the payment order is cancelled before any
        # lot (the rights drawn go back to the account)
        D.VALIDEE: {D.VERSEE, D.ANNULEE},
    },
    guards={
        (D.DEPOSEE, D.VALIDEE): [_conditions_met],
        (D.REGULARISATION, D.DEPOSEE): [_regularisation_deadline_not_passed],
        (D.REGULARISATION, D.REFUSEE): [_regularisation_deadline_passed],
    },
)

OPEN_DRAWING = (D.DEPOSEE, D.REGULARISATION)


class TransferStatus(models.TextChoices):
    PREVU = "prevu", _("Enregistré, effet à la date prévue")
    EXECUTE = "execute", _("Exécuté")
    ANNULE = "annule", _("Annulé")


T = TransferStatus


def _effect_date_reached(transfer) -> list[str]:
    from cnm_portal.dates import today

    if transfer.effective_on > today():
        return [str(_("Le transfert prend effet à sa date, pas avant."))]
    return []


transfer_flow = Workflow(
    name="transfert_compte_entrepreneur",
    initial=T.PREVU,
    transitions={T.PREVU: {T.EXECUTE, T.ANNULE}},
    guards={(T.PREVU, T.EXECUTE): [_effect_date_reached]},
)
