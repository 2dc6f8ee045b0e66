"""The invoice PDF, rendered by the worker (outbox handler) and mailed to the buyer with the
« payée » e-mail; never rendered in a request."""

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile

from boutique import rules
from boutique.models import Invoice
from boutique.services import INVOICE_PDF_KIND, order_email
from cnm_portal.outbox import outbox_handler
from cnm_portal.pdf import render_pdf


def invoice_filename(invoice: Invoice) -> str:
    return f"facture-{invoice.number}.pdf"


def invoice_context(invoice: Invoice) -> dict:
    order = invoice.order
    lines = list(order.lines.all())
    summary = rules.vat_summary(
        (line.vat_rate, rules.Amounts(line.amount_ht, line.amount_tva, line.amount_ttc))
        for line in lines
    )
    return {
        "invoice": invoice,
        "order": order,
        "lines": lines,
        "vat_summary": summary,
        "seller": seller(),
    }


# The CNM's address (its head office); the SIRET and intracommunity VAT number come from the
# settings when the deployment sets them (see the shop's decisions).
SELLER_ADDRESS = ("151-157 avenue de France", "75013 Paris")


def seller() -> dict:
    return {
        "name": settings.VIREMENTS_DEBTOR_NAME,
        "address": SELLER_ADDRESS,
        "siret": getattr(settings, "BOUTIQUE_SELLER_SIRET", ""),
        "vat_number": getattr(settings, "BOUTIQUE_SELLER_VAT_NUMBER", ""),
    }


@outbox_handler(INVOICE_PDF_KIND)
def render_invoice(payload: dict[str, Any]) -> None:
    """Idempotent: an invoice already rendered is neither rendered nor mailed again."""
    invoice = Invoice.objects.select_related("order__user").get(pk=payload["invoice_id"])
    if invoice.pdf:
        return
    pdf = render_pdf("boutique/pdf/invoice.html", invoice_context(invoice))
    invoice.pdf.save(invoice_filename(invoice), ContentFile(pdf), save=False)
    Invoice.objects.filter(pk=invoice.pk, pdf="").update(pdf=invoice.pdf.name)
    order_email(
        invoice.order,
        "order_paid",
        attachments=[
            {
                "path": invoice.pdf.name,
                "filename": invoice_filename(invoice),
                "mimetype": "application/pdf",
            }
        ],
    )
