"""End-to-end: an order with its invoice at the Éditions du CNM.

A buyer adds a print guide and a digital title to the cart, checks out by bank transfer (the
CNM's bank details and the reference to put on the transfer are shown), the accounting agent
marks the order paid in the Django admin (TOTP login), and the buyer downloads the invoice PDF and
the digital title from « Mes commandes »."""

import re
from pathlib import Path

import pytest

from accounts.tests.factories import UserFactory
from boutique.models import Order, Title
from boutique.tests.factories import make_title
from boutique.workflow import OrderStatus
from tests.browser.helpers import instructor, login, wait_for_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def text(locator) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", locator.inner_text())


def test_order_paid_by_transfer_with_invoice_and_download(page, live_server, browser):
    guide = make_title(name="Guide de la tournée", price="25.00", stock=3)
    ebook = make_title(kind=Title.Kind.DIGITAL, name="Monographie du bal", price="9.90")
    buyer = UserFactory(first_name="Camille", last_name="Lectrice")

    login(page, live_server.url, buyer.email)
    page.goto(f"{live_server.url}/boutique/")
    page.get_by_role("link", name="Guide de la tournée").click()
    page.get_by_label("Quantité").fill("4")  # more than the stock: refused, nothing added
    page.get_by_role("button", name="Ajouter au panier").click()
    page.get_by_text("Il ne reste que 3 exemplaire(s) en stock.").wait_for()
    page.get_by_label("Quantité").fill("2")
    page.get_by_role("button", name="Ajouter au panier").click()
    page.get_by_role("heading", name="Mon panier").wait_for()
    page.goto(f"{live_server.url}/boutique/titres/{ebook.slug}/")
    page.get_by_role("button", name="Ajouter au panier").click()
    page.get_by_role("heading", name="Mon panier").wait_for()
    assert "Total TTC : 64,80 €" in text(page.get_by_test_id("totals"))

    page.get_by_role("link", name="Passer la commande").click()
    page.locator("#id_billing_address").fill("12 rue des Lilas")
    page.locator("#id_billing_postal_code").fill("69003")
    page.locator("#id_billing_city").fill("Lyon")
    page.get_by_role("radio", name="Bon de commande administratif").check(force=True)
    page.get_by_role("button", name="Valider la commande").click()
    page.get_by_text("Indiquez le numéro de votre bon de commande.").wait_for()
    assert not Order.objects.exists()
    page.get_by_role("radio", name="Virement bancaire").check(force=True)
    page.get_by_role("button", name="Valider la commande").click()
    page.get_by_test_id("payment-instructions").wait_for()
    order = Order.objects.get()
    guide.refresh_from_db()
    assert guide.stock == 1  # two copies taken when the order is placed
    instructions = text(page.get_by_test_id("payment-instructions"))
    assert f"CNM EDITIONS {order.reference}" in instructions
    assert "FR76 3000 1000 6400 0000 4012 348" in instructions
    assert "La facture sera disponible ici dès réception du paiement." in text(page.locator("main"))
    wait_for_mail(buyer.email, f"Commande {order.reference} enregistrée")

    context, admin = instructor(browser, live_server.url)
    admin.goto(f"{live_server.url}/admin/boutique/order/{order.pk}/change/")
    admin.get_by_role("link", name="Marquer payée (émet la facture)…").click()
    admin.get_by_label("Justificatif (relevé, mandat)").fill("Relevé du jour")
    admin.get_by_role("button", name="Enregistrer").click()
    admin.get_by_text("Paiement enregistré").wait_for()
    context.close()
    order.refresh_from_db()
    assert order.status == OrderStatus.PAYEE
    wait_for_mail(buyer.email, f"Commande {order.reference} payée")

    page.goto(f"{live_server.url}/boutique/commandes/")
    page.get_by_role("link", name=order.reference).click()
    assert page.get_by_test_id("status").text_content().strip() == "Payée"
    with page.expect_download() as info:
        page.get_by_test_id("invoice-link").click()
    assert info.value.suggested_filename == f"facture-{order.invoice.number}.pdf"
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger « Monographie du bal »").click()
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")
