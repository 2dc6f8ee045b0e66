"""Browser walks of the payment side (RGA art. 5, 6, 7): one dossier from attribution through
the advance, the bilan filed by the applicant, validated in the admin and the balance paid;
another through the aid's cancellation in the admin and the reimbursement letter. The
attributed state and the bank's payment of the lots are built through the services."""

import re
from decimal import Decimal

import pytest

from aides.demo_paiement import attributed_dossier, bank_account, pay_orders
from aides.models_paiement import Bilan, Remboursement, Versement
from aides.selectors import has_unpaid_undue_aid
from aides.services import paiement
from aides.tests import factories as f
from cnm_portal.dates import today
from tests.browser.helpers import instructor, login, write_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _dossier_page(page, live_server, dossier):
    page.goto(f"{live_server.url}/aides/dossiers/{dossier.pk}/")
    return page


def test_attribution_advance_bilan_and_balance(page, live_server, browser, tmp_path):
    membership = f.member()
    dossier = attributed_dossier(membership, amount=Decimal("10000.00"))
    login(page, live_server.url, membership.user.email)
    _dossier_page(page, live_server, dossier)
    assert page.get_by_test_id("bank-account-needed").is_visible()
    assert page.get_by_role("link", name="Saisir les coordonnées bancaires").is_visible()
    bank_account(membership.structure)
    assert paiement.versements_order_ready() == 1  # the hourly job after the RIB is entered
    pay_orders()  # the accounting agent's lot, exported and paid
    _dossier_page(page, live_server, dossier)
    versements = page.get_by_test_id("versements")
    assert "7\u202f000,00" in versements.inner_text() and "Payé" in versements.inner_text()
    assert page.get_by_test_id("status").text_content().strip() == "En paiement"

    page.get_by_role("link", name="Déposer le bilan").click()
    page.get_by_label(re.compile("Charges d.enregistrement")).fill("20000")
    page.get_by_label(re.compile("— Rémunérations artistiques")).fill("8000")
    page.get_by_label(re.compile("— Promotion")).fill("10000")
    page.get_by_label(re.compile("Recettes réalisées")).fill("23600")
    page.get_by_label(re.compile("Justificatifs des dépenses")).set_input_files(
        write_pdf(tmp_path, "factures.pdf")
    )
    page.get_by_role("button", name="Déposer le bilan").click()
    page.wait_for_url(re.compile(rf"/aides/dossiers/{dossier.pk}/$"))
    assert "Déposé" in page.get_by_test_id("bilan-status").text_content()

    bilan = Bilan.objects.get(dossier=dossier)
    context, admin = instructor(browser, live_server.url)
    admin.goto(f"{live_server.url}/admin/aides/bilan/{bilan.pk}/change/")
    admin.get_by_role("link", name=re.compile("Valider le bilan")).click()
    admin.get_by_role("button", name=re.compile("Enregistrer|Valider|Confirmer")).first.click()
    admin.wait_for_url(re.compile(rf"/admin/aides/bilan/{bilan.pk}/change/"))
    context.close()
    solde = Versement.objects.get(dossier=dossier, kind="solde", status="ordonne")
    assert solde.amount == Decimal("3000.00")
    pay_orders()
    _dossier_page(page, live_server, dossier)
    assert page.get_by_test_id("status").text_content().strip() == "Soldé"
    assert "10\u202f000,00" in page.get_by_test_id("montant-valide").inner_text()


def test_cancellation_and_reimbursement(page, live_server, browser):
    membership = f.member()
    bank_account(membership.structure)
    dossier = attributed_dossier(membership, amount=Decimal("10000.00"))
    paiement.versements_order_ready()
    pay_orders()
    context, admin = instructor(browser, live_server.url)
    admin.goto(f"{live_server.url}/admin/aides/dossier/{dossier.pk}/change/")
    admin.get_by_role("link", name=re.compile("Annuler l'aide")).click()
    admin.get_by_label("Motif").fill("Irrégularité constatée lors du contrôle (article 7).")
    admin.get_by_role("button", name=re.compile("Enregistrer|Valider|Confirmer")).first.click()
    # the service returns the reimbursement request: the agent is sent to its page
    admin.wait_for_url(re.compile(r"/admin/aides/remboursement/\d+/change/"))
    assert (
        "7\u202f000,00" in admin.content()
        or "7000,00" in admin.content()
        or "7000.00" in admin.content()
    )
    context.close()
    item = Remboursement.objects.get(dossier=dossier)
    assert item.amount == Decimal("7000.00") and item.letter
    assert has_unpaid_undue_aid(structure=membership.structure, on=today())
    login(page, live_server.url, membership.user.email)
    _dossier_page(page, live_server, dossier)
    assert page.get_by_test_id("status").text_content().strip() == "Annulé"
    remboursements = page.get_by_test_id("remboursements")
    assert "7\u202f000,00" in remboursements.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="lettre (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
