"""Small lifecycles of the payment side of a dossier (RGA art. 5, 6, 11): versements, bilans,
extensions of the bilan deadline, reimbursement requests and the RSE incentive claim.

Guards are plain functions returning French messages, run under the row lock by
:meth:`cnm_portal.workflow.Workflow.apply`; they import the models lazily (the models import
this module for the status enums).
"""

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from cnm_portal.money import format_euros
from cnm_portal.workflow import Workflow


class VersementStatus(models.TextChoices):
    PREVU = "prevu", _l("Prévu")
    ORDONNE = "ordonne", _l("Ordonné (virement demandé)")
    PAYE = "paye", _l("Payé")
    ANNULE = "annule", _l("Annulé")


class BilanStatus(models.TextChoices):
    A_DEPOSER = "a_deposer", _l("À déposer")
    DEPOSE = "depose", _l("Déposé")
    VALIDE = "valide", _l("Validé")
    REJETE = "rejete", _l("Rejeté")


class ExtensionStatus(models.TextChoices):
    DEMANDEE = "demandee", _l("Demandée")
    ACCORDEE = "accordee", _l("Accordée")
    REFUSEE = "refusee", _l("Refusée")


class RemboursementStatus(models.TextChoices):
    DEMANDE = "demande", _l("Remboursement demandé")
    ECHEANCIER = "echeancier", _l("Échéancier signé")
    DEFAUT = "defaut", _l("Échéancier non respecté")
    REMBOURSE = "rembourse", _l("Remboursé")


class RseStatus(models.TextChoices):
    DECLAREE = "declaree", _l("Grille remplie")
    VALIDEE = "validee", _l("Points validés")
    REJETEE = "rejetee", _l("Non retenue")


V = VersementStatus
B = BilanStatus
E = ExtensionStatus
R = RemboursementStatus
RSE = RseStatus


# --- versements ---------------------------------------------------------------------------


def guard_dossier_payable(versement) -> list[str]:
    """Art. 7: no payment order while the aid is suspended or cancelled."""
    from aides.workflow import DossierStatus as S

    status = versement.dossier.status
    allowed = (S.ATTRIBUE, S.EN_PAIEMENT)
    if versement.kind == versement.Kind.INCITATION_RSE:
        allowed = (S.EN_PAIEMENT, S.SOLDE)
    if status == S.SUSPENDU:
        return [_("L'aide est suspendue (article 7) : aucun versement ne peut être ordonné.")]
    if status not in allowed:
        return [
            _("Le dossier est au statut « %(s)s » : aucun versement ne peut être ordonné.")
            % {"s": S(status).label}
        ]
    return []


def guard_bank_account(versement) -> list[str]:
    from virements.selectors import current_bank_account

    if current_bank_account(structure=versement.dossier.structure) is None:
        return [_("La structure n'a pas encore saisi ses coordonnées bancaires (RIB).")]
    return []


def guard_bilan_validated(versement) -> list[str]:
    """Art. 5: the solde is paid on the bilan, once validated."""
    if versement.trigger != "bilan":
        return []
    from aides.models_paiement import Bilan

    bilan = Bilan.objects.filter(dossier_id=versement.dossier_id).only("status").first()
    if bilan is None or bilan.status != B.VALIDE:
        return [_("Le solde est versé une fois le bilan validé.")]
    return []


def guard_within_due(versement) -> list[str]:
    """Never above what is due: this versement plus those ordered or paid ≤ the aid due."""
    from aides.services.paiement import amount_due, amount_engaged

    due = amount_due(versement.dossier, kind=versement.kind)
    engaged = amount_engaged(versement.dossier, kind=versement.kind, exclude=versement.pk)
    if engaged + versement.amount > due:
        return [
            _(
                "Ce versement de %(amount)s dépasserait ce qui est dû (%(due)s, dont %(engaged)s "
                "déjà ordonnés ou payés)."
            )
            % {
                "amount": format_euros(versement.amount),
                "due": format_euros(due),
                "engaged": format_euros(engaged),
            }
        ]
    return []


versement_flow = Workflow(
    name="versement_aide",
    initial=V.PREVU,
    transitions={
        V.PREVU: {V.ORDONNE, V.ANNULE},
        # the virements order is cancelled (suspension, agent): the versement is replaced
        V.ORDONNE: {V.PAYE, V.ANNULE},
    },
    guards={
        (V.PREVU, V.ORDONNE): (
            guard_dossier_payable,
            guard_bank_account,
            guard_bilan_validated,
            guard_within_due,
        ),
    },
)


# --- bilan --------------------------------------------------------------------------------


def guard_bilan_in_time(bilan) -> list[str]:
    """Art. 6: the bilan is filed before the deadline notified (or the one granted)."""
    from aides.rules import bilan_in_time
    from cnm_portal.dates import today

    if not bilan_in_time(due_on=bilan.due_on, on=today()):
        return [
            _(
                "La date limite de remise du bilan (%(date)s) est dépassée et aucune prorogation "
                "n'a été accordée : le bilan ne peut plus être déposé en ligne. Contactez le CNM."
            )
            % {"date": bilan.due_on.strftime("%d/%m/%Y")}
        ]
    return []


def guard_bilan_complete(bilan) -> list[str]:
    errors = []
    if not bilan.lines.filter(kind="depense").exists():
        errors.append(_("Indiquez les dépenses réalisées."))
    if not bilan.documents.filter(code="justificatifs").exists():
        errors.append(_("Joignez les justificatifs des dépenses."))
    return errors


def guard_no_payment_in_flight(bilan) -> list[str]:
    """The balance is computed on what was paid: no order may be on its way to the bank."""
    from aides.models_paiement import Versement

    if Versement.objects.filter(dossier_id=bilan.dossier_id, status=V.ORDONNE).exists():
        return [_("Un versement est en cours de paiement : attendez qu'il soit payé.")]
    return []


def guard_dossier_not_suspended(bilan) -> list[str]:
    from aides.workflow import DossierStatus as S

    if bilan.dossier.status == S.SUSPENDU:
        return [_("L'aide est suspendue (article 7) : levez la suspension ou annulez l'aide.")]
    return []


def guard_deadline_passed(bilan) -> list[str]:
    from cnm_portal.dates import today

    if bilan.due_on >= today():
        return [
            _("Le bilan peut encore être déposé jusqu'au %(date)s.")
            % {"date": bilan.due_on.strftime("%d/%m/%Y")}
        ]
    return []


bilan_flow = Workflow(
    name="bilan_aide",
    initial=B.A_DEPOSER,
    transitions={
        # art. 6: filed, or (deadline passed, nothing filed) the aid is cancelled
        B.A_DEPOSER: {B.DEPOSE, B.REJETE},
        # the instructor validates it (balance recomputed) or rejects it (aid cancelled)
        B.DEPOSE: {B.VALIDE, B.REJETE, B.A_DEPOSER},
    },
    guards={
        (B.A_DEPOSER, B.DEPOSE): (guard_bilan_in_time, guard_bilan_complete),
        (B.A_DEPOSER, B.REJETE): (guard_deadline_passed, guard_no_payment_in_flight),
        (B.DEPOSE, B.VALIDE): (guard_dossier_not_suspended, guard_no_payment_in_flight),
        (B.DEPOSE, B.REJETE): (guard_no_payment_in_flight,),
    },
)


# --- extension of the bilan deadline ---------------------------------------------------------

extension_flow = Workflow(
    name="prorogation_bilan",
    initial=E.DEMANDEE,
    transitions={E.DEMANDEE: {E.ACCORDEE, E.REFUSEE}},
)


# --- reimbursement --------------------------------------------------------------------------


def guard_fully_received(remboursement) -> list[str]:
    if remboursement.received < remboursement.amount:
        return [
            _("Il reste %(rest)s à recevoir.")
            % {"rest": format_euros(remboursement.amount - remboursement.received)}
        ]
    return []


def guard_has_installments(remboursement) -> list[str]:
    if not remboursement.installments.exists():
        return [_("Saisissez les échéances de l'échéancier signé.")]
    return []


def guard_schedule_not_kept(remboursement) -> list[str]:
    from aides.selectors_paiement import schedule_kept
    from cnm_portal.dates import today

    if schedule_kept(remboursement, on=today()):
        return [_("L'échéancier est respecté à ce jour.")]
    return []


remboursement_flow = Workflow(
    name="remboursement_aide",
    initial=R.DEMANDE,
    transitions={
        R.DEMANDE: {R.ECHEANCIER, R.REMBOURSE},
        R.ECHEANCIER: {R.DEFAUT, R.REMBOURSE},
        R.DEFAUT: {R.ECHEANCIER, R.REMBOURSE},
    },
    guards={
        (R.DEMANDE, R.REMBOURSE): (guard_fully_received,),
        (R.ECHEANCIER, R.REMBOURSE): (guard_fully_received,),
        (R.DEFAUT, R.REMBOURSE): (guard_fully_received,),
        (R.DEMANDE, R.ECHEANCIER): (guard_has_installments,),
        (R.DEFAUT, R.ECHEANCIER): (guard_has_installments,),
        (R.ECHEANCIER, R.DEFAUT): (guard_schedule_not_kept,),
    },
)


# --- RSE incentive (art. 11) ---------------------------------------------------------------


def guard_rse_bilan_validated(claim) -> list[str]:
    """Art. 11 d: the incentive is a percentage of the aid validated at the bilan."""
    from aides.models_paiement import Bilan

    bilan = Bilan.objects.filter(dossier_id=claim.dossier_id).first()
    if bilan is None or bilan.status != B.VALIDE:
        return [_("Les points se valident une fois le bilan de l'aide validé.")]
    if not bilan.documents.filter(code="rse").exists():
        return [_("Le bilan ne contient pas les justificatifs de la grille RSE.")]
    return []


rse_flow = Workflow(
    name="incitation_rse",
    initial=RSE.DECLAREE,
    transitions={RSE.DECLAREE: {RSE.VALIDEE, RSE.REJETEE}},
    guards={(RSE.DECLAREE, RSE.VALIDEE): (guard_rse_bilan_validated,)},
)
