"""Lifecycle of a dossier de demande d'aide (RGA art. 2 to 7), one table.

brouillon → déposé → en instruction ⇄ incomplet → (caduc | irrecevable | éligible) → en
commission → (attribué | refusé) → (en paiement → soldé) | annulé, with « suspendu » reachable
from every live state and back to the state it left (art. 7).

The guards of the deposit (art. 1 to 4) are implemented in ``aides.services.checks``; they run under the row lock in
:meth:`cnm_portal.workflow.Workflow.apply`. Issue 10 adds the guards of the later moves.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from aides.workflow_instruction import INSTRUCTION_GUARDS
from cnm_portal.workflow import Workflow


class DossierStatus(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    DEPOSE = "depose", _("Déposé")
    EN_INSTRUCTION = "en_instruction", _("En instruction")
    INCOMPLET = "incomplet", _("Incomplet : pièces ou informations demandées")
    CADUC = "caduc", _("Caduc")
    IRRECEVABLE = "irrecevable", _("Irrecevable")
    ELIGIBLE = "eligible", _("Éligible")
    EN_COMMISSION = "en_commission", _("En commission")
    ATTRIBUE = "attribue", _("Aide attribuée")
    REFUSE = "refuse", _("Aide refusée")
    EN_PAIEMENT = "en_paiement", _("En paiement")
    SOLDE = "solde", _("Soldé")
    ANNULE = "annule", _("Annulé")
    SUSPENDU = "suspendu", _("Suspendu")


S = DossierStatus

# The states in which the CNM still acts on the dossier: a suspension (art. 7) can stop any of them.
LIVE = (
    S.DEPOSE,
    S.EN_INSTRUCTION,
    S.INCOMPLET,
    S.ELIGIBLE,
    S.EN_COMMISSION,
    S.ATTRIBUE,
    S.EN_PAIEMENT,
)
# A decision has been taken (art. 4: such a dossier is never deposited again).
DECIDED = (S.ATTRIBUE, S.REFUSE, S.EN_PAIEMENT, S.SOLDE)
GRANTED = (S.ATTRIBUE, S.EN_PAIEMENT, S.SOLDE)
# Ended without an aid (they do not count in the yearly limit on the number of aids).
ENDED_WITHOUT_AID = (S.CADUC, S.IRRECEVABLE, S.REFUSE, S.ANNULE)
# What the applicant may still edit.
EDITABLE = (S.BROUILLON,)

TRANSITIONS = {
    S.BROUILLON: {S.DEPOSE},
    S.DEPOSE: {S.EN_INSTRUCTION, S.SUSPENDU},
    # art. 3: the instructor asks for missing items, declares it (in)eligible
    S.EN_INSTRUCTION: {S.INCOMPLET, S.IRRECEVABLE, S.ELIGIBLE, S.SUSPENDU},
    # the applicant sends the items back, or the deadline passes (caduc)
    S.INCOMPLET: {S.EN_INSTRUCTION, S.CADUC, S.SUSPENDU},
    S.ELIGIBLE: {S.EN_COMMISSION, S.SUSPENDU},
    # art. 4: the president decides after the commission's avis
    S.EN_COMMISSION: {S.ATTRIBUE, S.REFUSE, S.SUSPENDU},
    # a contestation may send the dossier back to the commission for a second review
    S.REFUSE: {S.EN_COMMISSION},
    S.ATTRIBUE: {S.EN_PAIEMENT, S.ANNULE, S.EN_COMMISSION, S.SUSPENDU},
    # art. 5 and 6: payments, then the solde on the bilan; art. 6-7: cancellation
    S.EN_PAIEMENT: {S.SOLDE, S.ANNULE, S.SUSPENDU},
    S.SOLDE: {S.ANNULE},
    # art. 7: the suspension is lifted (back to the state it stopped) or the aid cancelled
    S.SUSPENDU: {*LIVE, S.ANNULE},
}


# --- guards of the deposit (art. 1 to 4), run under the row lock ---------------------------------
# They import the services lazily: the models import this module for the status enum.


def guard_session_open(dossier) -> list[str]:
    """Art. 2: deposited for a session of its programme, before the session's deadline."""
    from aides.services import checks as guards

    return guards.session_open(dossier)


def guard_applicant(dossier) -> list[str]:
    """Art. 1 and the programme: affiliated on the deposit date, applicant kind, legal form."""
    from aides.services import checks as guards

    return guards.applicant(dossier)


def guard_computation(dossier) -> list[str]:
    """The programme's objective criteria and figures: no blocking error in ``compute()``."""
    from aides.services import checks as guards

    return guards.computation(dossier)


def guard_budget_balanced(dossier) -> list[str]:
    from aides.services import checks as guards

    return guards.budget_balanced(dossier)


def guard_documents(dossier) -> list[str]:
    from aides.services import checks as guards

    return guards.documents(dossier)


def guard_sworn(dossier) -> list[str]:
    from aides.services import checks as guards

    return guards.sworn(dossier)


def guard_yearly_limit(dossier) -> list[str]:
    """The programme's limit on the number of aids per year."""
    from aides.services import checks as guards

    return guards.yearly_limit(dossier)


def guard_not_decided(dossier) -> list[str]:
    """Art. 4: a dossier that received a decision cannot be deposited again."""
    from aides.services import checks as guards

    return guards.not_decided(dossier)


def guard_back_from_suspension(dossier, to: str) -> list[str]:
    if dossier.status_before_suspension and dossier.status_before_suspension != to:
        return [
            str(
                _("La suspension est levée vers le statut que le dossier avait : « %(s)s ».")
                % {"s": S(dossier.status_before_suspension).label}
            )
        ]
    return []


def _back_to(to):
    def guard(dossier):
        return guard_back_from_suspension(dossier, to)

    guard.__name__ = f"back_to_{to}"
    return guard


def _effect_deposited(dossier, change) -> None:
    """The récépissé de dépôt (PDF by the worker) and the e-mail to the members."""
    from aides.documents import RECEPISSE_KIND
    from cnm_portal.outbox import outbox_enqueue

    outbox_enqueue(RECEPISSE_KIND, {"dossier_id": dossier.pk})


def guard_contestation_pending(dossier) -> list[str]:
    """Art. 4: a decided dossier goes back to the commission on a recorded contestation."""
    from aides.services import decision

    return decision.contestation_pending_errors(dossier)


def _effect_en_commission(dossier, change) -> None:
    """The applicant is told that the commission examines the dossier (first or second time)."""
    from aides.documents_commission import notify_en_commission

    notify_en_commission(dossier, change)


def guard_no_undue_aid(dossier) -> list[str]:
    """Art. 6: while a reimbursement is unpaid and unscheduled, or its schedule not kept, a new
    request of the structure is irrecevable."""
    from aides.selectors_paiement import undue_aid_message
    from cnm_portal.dates import today

    return undue_aid_message(structure=dossier.structure, on=today())


def _effect_attributed(dossier, change) -> None:
    """Art. 5 and 6: the versements of the programme's schedule and the bilan to file."""
    from aides.services.paiement import versements_plan

    versements_plan(dossier, actor=change.actor)


DEPOSIT_GUARDS = (
    guard_not_decided,
    guard_no_undue_aid,
    guard_session_open,
    guard_applicant,
    guard_yearly_limit,
    guard_computation,
    guard_budget_balanced,
    guard_documents,
    guard_sworn,
)

dossier_flow = Workflow(
    name="dossier_aide",
    initial=S.BROUILLON,
    transitions=TRANSITIONS,
    guards={
        (S.BROUILLON, S.DEPOSE): DEPOSIT_GUARDS,
        **{(S.SUSPENDU, to): (_back_to(to),) for to in LIVE},
        **INSTRUCTION_GUARDS,
        (S.REFUSE, S.EN_COMMISSION): (guard_contestation_pending,),
        (S.ATTRIBUE, S.EN_COMMISSION): (guard_contestation_pending,),
    },
    effects={
        S.DEPOSE: (_effect_deposited,),
        S.EN_COMMISSION: (_effect_en_commission,),
        S.ATTRIBUE: (_effect_attributed,),
    },
)
