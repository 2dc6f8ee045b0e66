"""End-to-end: one aid dossier from its deposit to its balance (RGA art. 3 to 6), in Chromium.

The member answers a request for missing items on the portal; the instructor declares the
dossier eligible; a commission member gives an avis while another member, who belongs to the
applicant's espace professionnel, cannot open it; the president attributes the aid in the
admin; the advance is paid; the member files the bilan; the instructor validates it in the
admin and the balance is paid. The instructor's and the accounting agent's own screens are walked
by their own browser tests: here their steps go through the same services.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from aides.demo_paiement import bank_account, pay_orders
from aides.models import Dossier
from aides.models_paiement import Bilan, Versement
from aides.services import commission, paiement
from aides.tests import commission_factories as cf
from aides.tests import factories as f
from aides.tests import factories_instruction as fi
from aides.workflow import DossierStatus
from espace_pro.tests.factories import MembershipFactory
from tests.browser.helpers import instructor, login, write_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = DossierStatus


def test_one_dossier_from_deposit_to_balance(page, browser, live_server, tmp_path):
    base = live_server.url
    session = f.session("16", label="Commission phonographie")
    membership = f.member()
    dossier = f.deposited(membership, the_session=session, title="Album Horizon")

    # Instruction: the instructor asks for a document and a figure (art. 3).
    fi.request_items(fi.take(dossier))
    login(page, base, membership.user.email)
    page.goto(f"{base}/aides/dossiers/{dossier.pk}/complements/")
    figures = page.get_by_test_id("figures-form")
    figures.locator("input[name=nombre_titres]").fill("12")
    figures.get_by_role("button", name="Enregistrer les informations").click()
    page.get_by_text("Informations enregistrées.").wait_for()
    page.get_by_test_id("document-form").locator("input[type=file]").set_input_files(
        write_pdf(tmp_path, "coproduction.pdf")
    )
    page.get_by_role("button", name="Enregistrer la pièce").click()
    page.get_by_text("Pièce enregistrée.").wait_for()
    page.get_by_role("button", name="Envoyer les éléments au CNM").click()
    page.wait_for_load_state()
    assert Dossier.objects.get(pk=dossier.pk).status == S.EN_INSTRUCTION

    # Eligible with a recommendation, then the session opens for review.
    fi.eligible(Dossier.objects.get(pk=dossier.pk), amount=Decimal("9000"), session=session)
    member = cf.commission_member(session, first_name="Paul", last_name="Bernard")
    linked = cf.commission_member(session, first_name="Sofia", last_name="Moreau")
    MembershipFactory(user=linked, structure=dossier.structure)
    commission.session_open_review(session=session, actor=None)

    # The commission member gives a favourable avis (art. 4).
    member_context = browser.new_context(locale="fr-FR")
    member_page = member_context.new_page()
    member_page.set_default_timeout(15_000)
    login(member_page, base, member.email)
    member_page.goto(f"{base}{reverse('aides:commission_dossier', args=[session.pk, dossier.pk])}")
    form = member_page.get_by_test_id("avis-form")
    form.locator("label[for=id_kind_0]").click()
    form.locator("input[name=amount]").fill("9 000")
    form.locator("textarea[name=motivation]").fill("Projet solide et bien financé.")
    for index, score in enumerate(cf.SCORES_16):
        form.locator(f"select[name=score_{index}]").select_option(str(score))
    form.get_by_role("button", name="Enregistrer mon avis").click()
    member_page.get_by_test_id("own-avis").wait_for()
    member_context.close()

    # The member linked to the applicant is in conflict: the dossier answers 404.
    linked_context = browser.new_context(locale="fr-FR")
    linked_page = linked_context.new_page()
    login(linked_page, base, linked.email)
    response = linked_page.goto(
        f"{base}{reverse('aides:commission_dossier', args=[session.pk, dossier.pk])}"
    )
    assert response.status == 404
    linked_context.close()

    # The president attributes the aid in the admin.
    context, admin = instructor(browser, base)
    admin.goto(f"{base}/admin/aides/dossier/{dossier.pk}/change/")
    admin.get_by_role("link", name="Attribuer l'aide").click()
    admin.get_by_label("Montant attribué").fill("9000")
    admin.get_by_role("button", name=re.compile("Enregistrer|Valider|Confirmer")).first.click()
    admin.wait_for_load_state()
    dossier.refresh_from_db()
    assert dossier.status == S.ATTRIBUE
    assert dossier.montant_attribue == Decimal("9000.00")

    # The advance (70 %) is ordered once the bank details exist, then paid (art. 5).
    bank_account(membership.structure)
    paiement.versements_order_ready()
    pay_orders()
    page.goto(f"{base}/aides/dossiers/{dossier.pk}/")
    assert "6\u202f300,00" in page.get_by_test_id("versements").inner_text()
    assert page.get_by_test_id("status").text_content().strip() == "En paiement"

    # The member files the bilan (art. 6).
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

    # The instructor validates it; the balance is ordered and paid.
    bilan = Bilan.objects.get(dossier=dossier)
    admin.goto(f"{base}/admin/aides/bilan/{bilan.pk}/change/")
    admin.get_by_role("link", name=re.compile("Valider le bilan")).click()
    admin.get_by_role("button", name=re.compile("Enregistrer|Valider|Confirmer")).first.click()
    admin.wait_for_url(re.compile(rf"/admin/aides/bilan/{bilan.pk}/change/"))
    context.close()
    solde = Versement.objects.get(dossier=dossier, kind="solde", status="ordonne")
    assert solde.amount == Decimal("2700.00")
    pay_orders()
    page.goto(f"{base}/aides/dossiers/{dossier.pk}/")
    assert page.get_by_test_id("status").text_content().strip() == "Soldé"
    history = page.get_by_test_id("history").inner_text().lower()
    assert "en commission" in history and "attribuée" in history
