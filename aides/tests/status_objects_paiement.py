"""Payment-side objects in every status, complete (their dossier attributed through the
services, bank details, lines, documents, letter), for the every-status admin test and the
portal-page tests. Built in tests' transactions: what the outbox would run after commit
(ordering, the reimbursement letter) is run here explicitly."""

from datetime import timedelta
from decimal import Decimal

from aides.demo_paiement import attributed_dossier, bank_account, file_bilan, pay_orders, pdf
from aides.documents_paiement import render_remboursement_letter
from aides.models_paiement import Bilan, BilanExtension, Remboursement, RseClaim, Versement
from aides.services import bilan as bilan_services
from aides.services import paiement, remboursement
from aides.tests import factories as f
from aides.workflow_paiement import (
    BilanStatus,
    ExtensionStatus,
    RemboursementStatus,
    RseStatus,
    VersementStatus,
    bilan_flow,
    extension_flow,
    remboursement_flow,
    rse_flow,
    versement_flow,
)
from cnm_portal.dates import today

V = VersementStatus
B = BilanStatus
R = RemboursementStatus


def dossier_with_advance(
    *, paid: bool, membership=None, with_account: bool = True, amount="10000.00"
):
    membership = membership or f.member()
    if with_account:
        bank_account(membership.structure)
    dossier = attributed_dossier(membership, amount=Decimal(amount))
    paiement.versements_order_ready(dossier=dossier)
    if paid:
        pay_orders(structure=membership.structure)
    dossier.refresh_from_db()
    return dossier


def make_versement(status, membership=None) -> Versement:
    if status == V.PREVU:
        dossier = dossier_with_advance(paid=False, with_account=False, membership=membership)
        return Versement.objects.get(dossier=dossier, kind="acompte")
    if status == V.ANNULE:
        dossier = dossier_with_advance(paid=False, membership=membership)
        paiement.dossier_suspend(dossier=dossier, actor=None, reason="Contrôle")
        return Versement.objects.get(dossier=dossier, status=V.ANNULE)
    dossier = dossier_with_advance(paid=status == V.PAYE, membership=membership)
    return Versement.objects.get(dossier=dossier, kind="acompte", status=status)


def make_bilan(status, membership=None) -> Bilan:
    dossier = dossier_with_advance(paid=True, membership=membership)
    if status == B.A_DEPOSER:
        return Bilan.objects.get(dossier=dossier)
    bilan = file_bilan(dossier, actor=None, rse=False)
    if status == B.VALIDE:
        bilan = bilan_services.bilan_validate(bilan=bilan, actor=None)
    elif status == B.REJETE:
        bilan_services.bilan_reject(bilan=bilan, actor=None, reason="Justificatifs insuffisants")
        for item in Remboursement.objects.filter(dossier=dossier):
            render_remboursement_letter({"remboursement_id": item.pk})
    bilan.refresh_from_db()
    return bilan


def make_extension(status, membership=None) -> BilanExtension:
    bilan = make_bilan(B.A_DEPOSER, membership)
    extension = bilan_services.bilan_extension_request(
        bilan=bilan,
        reason="Retard du pressage",
        requested_until=bilan.due_on + timedelta(days=60),
        actor=None,
    )
    if status == ExtensionStatus.ACCORDEE:
        bilan_services.bilan_extension_decide(
            extension=extension,
            grant=True,
            granted_until=bilan.due_on + timedelta(days=30),
            answer="",
            actor=None,
        )
    elif status == ExtensionStatus.REFUSEE:
        bilan_services.bilan_extension_decide(
            extension=extension,
            grant=False,
            granted_until=None,
            answer="Motif insuffisant",
            actor=None,
        )
    extension.refresh_from_db()
    return extension


def make_remboursement(status, membership=None) -> Remboursement:
    dossier = dossier_with_advance(paid=True, membership=membership)
    item = paiement.dossier_cancel(dossier=dossier, actor=None, reason="Irrégularité constatée")
    render_remboursement_letter({"remboursement_id": item.pk})
    on = today()
    if status in (R.ECHEANCIER, R.DEFAUT):
        item = remboursement.remboursement_schedule(
            remboursement=item,
            rows=[
                (on + timedelta(days=30), Decimal("3500.00")),
                (on + timedelta(days=60), Decimal("3500.00")),
            ],
            document=pdf("echeancier.pdf"),
            actor=None,
        )
    if status == R.DEFAUT:
        item.installments.filter(due_on=on + timedelta(days=30)).update(
            due_on=on - timedelta(days=1)
        )
        item = remboursement.remboursement_mark_default(remboursement=item, actor=None)
    if status == R.REMBOURSE:
        item = remboursement.remboursement_record_payment(
            remboursement=item, amount=item.amount, received_on=on, actor=None
        )
    item.refresh_from_db()
    return item


def make_rse(status, membership=None) -> RseClaim:
    dossier = dossier_with_advance(paid=True, membership=membership)
    claim = bilan_services.rse_claim_save(
        dossier=dossier, codes=["realisation", "mix", "mastering"], actor=None
    )
    if status == RseStatus.DECLAREE:
        return claim
    bilan = file_bilan(dossier, actor=None, rse=True)
    bilan_services.bilan_validate(bilan=bilan, actor=None)
    if status == RseStatus.VALIDEE:
        bilan_services.rse_validate(
            claim=claim, codes=["realisation", "mix", "mastering"], actor=None
        )
    else:
        bilan_services.rse_reject(claim=claim, answer="Justificatifs absents", actor=None)
    claim.refresh_from_db()
    return claim


STATUS_OBJECTS = {
    Versement: (versement_flow, make_versement),
    Bilan: (bilan_flow, make_bilan),
    BilanExtension: (extension_flow, make_extension),
    Remboursement: (remboursement_flow, make_remboursement),
    RseClaim: (rse_flow, make_rse),
}
