"""Reads of the payment side of a dossier: the block of the applicant's dossier page (constant
queries), the art. 6 block on new requests, reimbursement schedules."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from aides import rse, rules
from aides.models_paiement import (
    Bilan,
    BilanDocument,
    BilanExtension,
    Remboursement,
    RseClaim,
    Versement,
)
from aides.workflow import DossierStatus
from aides.workflow_paiement import (
    BilanStatus,
    ExtensionStatus,
    RemboursementStatus,
    RseStatus,
)
from cnm_portal.dates import today
from cnm_portal.models import StatusChange
from cnm_portal.money import sum_money

S = DossierStatus
R = RemboursementStatus
OPEN_REMBOURSEMENT = (R.DEMANDE, R.ECHEANCIER, R.DEFAUT)
# Dossier statuses in which the applicant may still fill the RSE grid (from the deposit to the
# bilan).
RSE_FILLABLE = (
    S.DEPOSE,
    S.EN_INSTRUCTION,
    S.INCOMPLET,
    S.ELIGIBLE,
    S.EN_COMMISSION,
    S.ATTRIBUE,
    S.EN_PAIEMENT,
)


def schedule_kept(remboursement: Remboursement, *, on: datetime.date) -> bool:
    """Art. 6: the schedule is kept on ``on`` when what was received by then covers every
    installment due before ``on`` (an installment may be paid up to its due date)."""
    owed = sum_money(i.amount for i in remboursement.installments.all() if i.due_on < on)
    received = sum_money(p.amount for p in remboursement.payments.all() if p.received_on <= on)
    return received >= owed


def undue_remboursements(*, structure, on: datetime.date) -> list[Remboursement]:
    """The reimbursements that block the structure on ``on`` (art. 6): unpaid and
    unscheduled, or with a schedule not kept."""
    candidates = (
        Remboursement.objects.filter(dossier__structure=structure, status__in=OPEN_REMBOURSEMENT)
        .select_related("dossier")
        .prefetch_related("installments", "payments")
    )
    return [r for r in candidates if r.status != R.ECHEANCIER or not schedule_kept(r, on=on)]


def has_unpaid_undue_aid(*, structure, on: datetime.date) -> bool:
    """Art. 6: an aid reimbursement is unpaid and unscheduled, or its schedule not kept (a new
    aid request is then irrecevable; the compte-entrepreneur's drawing condition too)."""
    return bool(undue_remboursements(structure=structure, on=on))


def undue_aid_message(*, structure, on: datetime.date) -> list[str]:
    from django.utils.translation import gettext as _

    blocking = undue_remboursements(structure=structure, on=on)
    if not blocking:
        return []
    numbers = ", ".join(r.dossier.number for r in blocking[:5])
    return [
        _(
            "Une aide du CNM doit être remboursée (dossier %(numbers)s) sans échéancier signé, ou "
            "l'échéancier n'est pas respecté : aucune nouvelle demande ne peut être déposée "
            "jusqu'à régularisation (article 6 du RGA)."
        )
        % {"numbers": numbers}
    ]


# --- the applicant's dossier page -------------------------------------------------------------

PAYMENT_WORKFLOWS = (
    "versement_aide",
    "bilan_aide",
    "prorogation_bilan",
    "remboursement_aide",
    "incitation_rse",
)


def dossier_payment_block(*, dossier) -> dict:
    """Versements, bilan (with its extensions and documents), reimbursements, RSE claim and
    their history, for the dossier page: six queries whatever their number."""
    from virements.selectors import current_bank_account

    if dossier.status in (S.BROUILLON,):
        return {"payment": None}
    versements = list(Versement.objects.filter(dossier_id=dossier.pk).order_by("created_at", "pk"))
    bilan = (
        Bilan.objects.filter(dossier_id=dossier.pk)
        .prefetch_related(
            Prefetch(
                "extensions", queryset=BilanExtension.objects.order_by("-requested_at", "-pk")
            ),
            Prefetch("documents", queryset=BilanDocument.objects.order_by("uploaded_at", "pk")),
            "lines",
        )
        .first()
    )
    remboursements = list(
        Remboursement.objects.filter(dossier_id=dossier.pk)
        .prefetch_related("installments")
        .order_by("-created_at", "-pk")
    )
    claim = RseClaim.objects.filter(dossier_id=dossier.pk).first()
    granted = dossier.status in (S.ATTRIBUE, S.EN_PAIEMENT, S.SOLDE, S.SUSPENDU, S.ANNULE)
    account = current_bank_account(structure=dossier.structure) if granted else None
    programme = dossier.programme_definition
    now = today()
    pending_extension = None
    if bilan is not None:
        pending_extension = next(
            (e for e in bilan.extensions.all() if e.status == ExtensionStatus.DEMANDEE), None
        )
    bilan_open = (
        bilan is not None
        and bilan.status == BilanStatus.A_DEPOSER
        and dossier.status in (S.ATTRIBUE, S.EN_PAIEMENT)
    )
    return {
        "payment": {
            "versements": versements,
            "bilan": bilan,
            "remboursements": remboursements,
            "rse": claim,
            "rse_grid": rse.grid_for(dossier.programme) if programme.rse_grid else (),
            "rse_fillable": (
                programme.rse_grid
                and dossier.status in RSE_FILLABLE
                and (claim is None or claim.status == RseStatus.DECLAREE)
                and (bilan is None or bilan.status == BilanStatus.A_DEPOSER)
            ),
            "needs_bank_account": granted
            and account is None
            and any(v.status == "prevu" for v in versements),
            "bilan_fileable": bilan_open and rules.bilan_in_time(due_on=bilan.due_on, on=now),
            "bilan_late": bilan_open and not rules.bilan_in_time(due_on=bilan.due_on, on=now),
            "extension_allowed": bilan_open
            and pending_extension is None
            and rules.extension_request_allowed(due_on=bilan.due_on, on=now),
            "pending_extension": pending_extension,
            "history": _history(versements, bilan, remboursements, claim),
        }
    }


def _history(versements, bilan, remboursements, claim) -> list[StatusChange]:
    """One query over the history rows of every payment-side object of the dossier."""
    from django.db.models import Q

    types = ContentType.objects.get_for_models(
        Versement, Bilan, BilanExtension, Remboursement, RseClaim
    )
    conditions = Q(pk__in=[])
    groups = [
        (Versement, [v.pk for v in versements]),
        (Bilan, [bilan.pk] if bilan else []),
        (BilanExtension, [e.pk for e in bilan.extensions.all()] if bilan else []),
        (Remboursement, [r.pk for r in remboursements]),
        (RseClaim, [claim.pk] if claim else []),
    ]
    for model, ids in groups:
        if ids:
            conditions |= Q(content_type=types[model], object_id__in=[str(i) for i in ids])
    labels = {
        "versement_aide": "Versement",
        "bilan_aide": "Bilan",
        "prorogation_bilan": "Prorogation du bilan",
        "remboursement_aide": "Remboursement",
        "incitation_rse": "Incitation RSE",
    }
    rows = list(StatusChange.objects.filter(conditions).order_by("at", "pk"))
    for row in rows:
        row.object_label = labels.get(row.workflow, row.workflow)
    return rows


# --- scoped reads of the applicant's pages ----------------------------------------------------


def bilan_for_user(*, user, dossier_id: int) -> Bilan:
    return get_object_or_404(
        Bilan.objects.select_related("dossier__structure", "dossier__session"),
        dossier_id=dossier_id,
        dossier__structure__memberships__user=user,
    )


def bilan_document_for_user(*, user, dossier_id: int, document_id: int) -> BilanDocument:
    return get_object_or_404(
        BilanDocument.objects.filter(
            bilan__dossier_id=dossier_id, bilan__dossier__structure__memberships__user=user
        ),
        pk=document_id,
    )


def remboursement_for_user(*, user, dossier_id: int, remboursement_id: int) -> Remboursement:
    return get_object_or_404(
        Remboursement.objects.filter(
            dossier_id=dossier_id, dossier__structure__memberships__user=user
        ),
        pk=remboursement_id,
    )
