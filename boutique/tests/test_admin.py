"""Staff screens: the buttons come from the workflow table and call the services; the
Services aux professionnels and Comptabilité groups work on orders; invoices are read-only."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts import roles
from accounts.tests.factories import StaffFactory
from boutique.models import Invoice, Order
from boutique.tests.factories import order_in, place_order
from boutique.workflow import OrderStatus as S

pytestmark = pytest.mark.django_db


def staff_client(client, group):
    user = StaffFactory()
    user.groups.add(Group.objects.get(name=group))
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(user)
    return client


def _buttons(client, order):
    response = client.get(reverse("admin:boutique_order_change", args=[order.pk]))
    assert response.status_code == 200
    return {b.label: b for b in response.context["workflow_buttons"]}


@pytest.mark.parametrize(
    ("status", "labels"),
    [
        (S.EN_ATTENTE, {"Marquer payée (émet la facture)", "Annuler la commande"}),
        (S.PAYEE, {"Marquer expédiée"}),
        (S.EXPEDIEE, set()),
        (S.LIVREE, set()),
        (S.ANNULEE, set()),
    ],
)
def test_buttons_follow_the_workflow(client, status, labels):
    client = staff_client(client, roles.SERVICES)
    order = order_in(status)
    if status == S.PAYEE:
        assert order.status == S.PAYEE
    assert set(_buttons(client, order)) == labels


def test_staff_marks_paid_then_shipped(client, django_capture_on_commit_callbacks):
    client = staff_client(client, roles.COMPTABILITE)
    order = place_order()
    url = reverse("admin:boutique_order_transition", args=[order.pk, S.PAYEE])
    assert client.get(url).status_code == 200  # the form
    response = client.post(url, {"paid_on": "32/13/2026"})
    assert response.status_code == 200
    assert "Date invalide" in response.content.decode()
    order.refresh_from_db()
    assert order.status == S.EN_ATTENTE
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"paid_on": order.created_at.date().isoformat(), "note": "Relevé"}
        )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == S.PAYEE
    assert order.invoice.pdf  # rendered by the outbox handler
    assert any("payée" in m.subject for m in mail.outbox)
    client = staff_client(client, roles.SERVICES)
    url = reverse("admin:boutique_order_transition", args=[order.pk, S.EXPEDIEE])
    client.post(url, {"tracking_number": "6A999"})
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == (S.EXPEDIEE, "6A999")


def test_cancel_needs_a_reason(client):
    client = staff_client(client, roles.SERVICES)
    order = place_order()
    url = reverse("admin:boutique_order_transition", args=[order.pk, S.ANNULEE])
    response = client.post(url, {"reason": ""})
    assert "Indiquez le motif" in response.content.decode()
    client.post(url, {"reason": "Doublon"})
    order.refresh_from_db()
    assert order.status == S.ANNULEE


def test_lists_and_searches(client):
    client = staff_client(client, roles.COMPTABILITE)
    order = order_in(S.EXPEDIEE)
    for url, query in [
        (reverse("admin:boutique_order_changelist"), order.reference),
        (reverse("admin:boutique_order_changelist"), order.invoice.number),
        (reverse("admin:boutique_invoice_changelist"), order.invoice.number),
        (reverse("admin:boutique_title_changelist"), order.lines.first().title.isbn),
    ]:
        response = client.get(url, {"q": query})
        assert response.status_code == 200
        assert re.search(r"1 (résultat|commande|facture|titre)", response.content.decode())


def test_invoices_are_read_only_and_downloadable(client):
    client = staff_client(client, roles.COMPTABILITE)
    invoice = order_in(S.LIVREE).invoice
    assert client.get(reverse("admin:boutique_invoice_add")).status_code == 403
    response = client.post(
        reverse("admin:boutique_invoice_change", args=[invoice.pk]), {"number": "F-X"}
    )
    assert response.status_code == 403
    invoice.refresh_from_db()
    assert invoice.number.startswith("F-")
    page = client.get(reverse("admin:boutique_invoice_change", args=[invoice.pk]))
    assert page.status_code == 200
    assert invoice.pdf.name not in page.content.decode()
    assert reverse("admin:boutique_invoice_pdf", args=[invoice.pk]) in page.content.decode()
    response = client.get(reverse("admin:boutique_invoice_pdf", args=[invoice.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert Invoice.objects.count() == Order.objects.filter(invoice__isnull=False).count()


def _title_data(**extra):
    data = {
        "slug": "nouveau-guide",
        "name": "Nouveau guide",
        "kind": "numerique",
        "collection": "guides",
        "author": "CNM",
        "isbn": "9782957321506",
        "description": "Un guide.",
        "published_on": "2026-11-30",
        "price_ttc": "15.00",
        "vat_rate": "0.0550",
        "stock": "0",
        "on_sale": "on",
    }
    data.update(extra)
    return data


def test_title_admin_checks_isbn_and_the_pdf(client, pdf_file):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from boutique.models import Title

    client = staff_client(client, roles.SERVICES)
    url = reverse("admin:boutique_title_add")
    response = client.post(url, _title_data(isbn="9782957321507", file=pdf_file("guide.pdf")))
    assert "clé de contrôle de l" in response.content.decode()
    fake = SimpleUploadedFile("guide.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post(url, _title_data(file=fake))
    assert response.status_code == 200
    assert not Title.objects.exists()
    response = client.post(url, _title_data())
    assert "besoin de son fichier PDF" in response.content.decode()
    response = client.post(url, _title_data(file=pdf_file("guide.pdf")))
    assert response.status_code == 302
    title = Title.objects.get()
    assert title.file.name.startswith("private/boutique/numerique/")
    page = client.get(reverse("admin:boutique_title_change", args=[title.pk])).content.decode()
    assert "/media/" not in page and title.file.name not in page
    response = client.get(reverse("admin:boutique_title_file", args=[title.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
