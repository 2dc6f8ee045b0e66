"""Side effects of the payment side (outbox handlers, run by the worker after commit): ordering
after an attribution or a validated bilan, the notification of each payment, of the bilan
validated, of the RSE incentive, of a suspension, and the reimbursement letter (PDF). Also
registers the virements hooks of ``aides.versement``."""

from typing import Any

from django.core.files.base import ContentFile

from aides.documents import members_emails
from aides.models import Dossier
from aides.models_paiement import Bilan, Remboursement, RseClaim, Versement
from aides.services import bilan as bilan_services
from aides.services import paiement, remboursement
from cnm_portal.emails import email_enqueue_template
from cnm_portal.outbox import outbox_handler
from cnm_portal.pdf import render_pdf
from virements.hooks import register_cancelled_hook, register_paid_hook

register_paid_hook("aides.versement", paiement.on_order_paid)
register_cancelled_hook("aides.versement", paiement.on_order_cancelled)


def _mail(dossier: Dossier, prefix: str, attachments=(), **context) -> None:
    recipients = members_emails(dossier.structure_id)
    if recipients:
        email_enqueue_template(
            to=recipients,
            template_prefix=f"aides/email/{prefix}",
            context={"dossier": dossier, "structure": dossier.structure, **context},
            attachments=attachments,
        )


@outbox_handler(paiement.ORDER_KIND)
def order_ready(payload: dict[str, Any]) -> None:
    dossier = Dossier.objects.get(pk=payload["dossier_id"])
    paiement.versements_order_ready(dossier=dossier, actor=None)


@outbox_handler(paiement.PAID_KIND)
def notify_paid(payload: dict[str, Any]) -> None:
    versement = Versement.objects.select_related("dossier__structure").get(
        pk=payload["versement_id"]
    )
    _mail(versement.dossier, "versement_paid", versement=versement)


@outbox_handler(paiement.SUSPENDED_KIND)
def notify_suspension(payload: dict[str, Any]) -> None:
    dossier = Dossier.objects.select_related("structure").get(pk=payload["dossier_id"])
    _mail(dossier, "suspension", lifted=payload["lifted"], reason=payload.get("reason", ""))


@outbox_handler(bilan_services.VALIDATED_KIND)
def notify_bilan_validated(payload: dict[str, Any]) -> None:
    bilan = Bilan.objects.select_related("dossier__structure").get(pk=payload["bilan_id"])
    _mail(bilan.dossier, "bilan_validated", bilan=bilan)


@outbox_handler(bilan_services.RSE_KIND)
def notify_rse(payload: dict[str, Any]) -> None:
    claim = RseClaim.objects.select_related("dossier__structure").get(pk=payload["claim_id"])
    _mail(claim.dossier, "rse_decided", claim=claim)


def render_remboursement_letter(payload: dict[str, Any]) -> Remboursement:
    """Idempotent: a letter already rendered is e-mailed again but not re-rendered."""
    item = Remboursement.objects.select_related("dossier__structure", "dossier__session").get(
        pk=payload["remboursement_id"]
    )
    filename = f"remboursement-{item.dossier.number}-{item.pk}.pdf"
    if not item.letter:
        pdf = render_pdf(
            "aides/pdf/remboursement_letter.html",
            {
                "remboursement": item,
                "dossier": item.dossier,
                "structure": item.dossier.structure,
                "programme": item.dossier.programme_definition,
            },
        )
        item.letter.save(filename, ContentFile(pdf), save=False)
        Remboursement.objects.filter(pk=item.pk).update(letter=item.letter.name)
    _mail(
        item.dossier,
        "remboursement",
        remboursement=item,
        attachments=[
            {"path": item.letter.name, "filename": filename, "mimetype": "application/pdf"}
        ],
    )
    return item


outbox_handler(remboursement.LETTER_KIND)(render_remboursement_letter)
