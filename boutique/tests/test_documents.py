"""The invoice: its content (numbers, VAT per line and per rate), rendered once."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from boutique.documents import invoice_context, render_invoice
from boutique.models import Title
from boutique.tests.factories import make_title, pay, place_order

pytestmark = pytest.mark.django_db


def test_invoice_shows_number_lines_and_vat():
    order = pay(
        place_order(
            items=[
                (make_title(name="Guide de la tournée", price="25.00"), 2),
                (make_title(kind=Title.Kind.DIGITAL, name="Monographie", price="9.90"), 1),
            ]
        )
    )
    invoice = order.invoice
    context = invoice_context(invoice)
    html = render_to_string("boutique/pdf/invoice.html", context).replace("\u202f", " ")
    assert f"Facture n° {invoice.number}" in html
    assert "Guide de la tournée" in html and "Frais de port" in html
    assert "5,5\u00a0%" in html
    # 50.00 + 9.90 + 4.90 = 64.80 TTC; HT 47.39 + 9.38 + 4.64 = 61.41
    assert (invoice.total_ttc, invoice.total_ht, invoice.total_tva) == (
        Decimal("64.80"),
        Decimal("61.41"),
        Decimal("3.39"),
    )
    [(rate, amounts)] = context["vat_summary"]
    assert (rate, amounts.ht, amounts.tva) == (Decimal("0.0550"), Decimal("61.41"), Decimal("3.39"))
    assert "Facture acquittée le" in html
    assert order.reference in html


def test_render_twice_renders_once():
    order = pay(place_order())
    name = order.invoice.pdf.name
    render_invoice({"invoice_id": order.invoice.pk})
    order.invoice.refresh_from_db()
    assert order.invoice.pdf.name == name
