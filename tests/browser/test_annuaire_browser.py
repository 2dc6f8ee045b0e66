"""End-to-end: a member registers their structure in the directory, the CNM publishes it from
the admin, and it appears in the public search."""

import pytest

from annuaire.models import Entry
from annuaire.workflow import E
from espace_pro.tests.factories import MembershipFactory
from tests.browser.helpers import instructor, login, wait_for_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_validate_and_find(page, browser, live_server):
    member = MembershipFactory(structure__name="Disques Lumière", structure__city="Nantes")
    email = member.user.email

    login(page, live_server.url, email)
    block = page.get_by_test_id("annuaire-block")
    block.get_by_role("link", name="S'inscrire à l'annuaire").click()
    page.get_by_test_id("options").get_by_role("link", name="Inscrire Disques Lumière").click()
    page.get_by_role("heading", name="S'inscrire à l'annuaire").wait_for()
    assert page.get_by_label("Nom public").input_value() == "Disques Lumière"
    page.get_by_label("Label", exact=True).check()
    page.get_by_label("Producteur de musique enregistrée").check()
    page.get_by_label("Région").select_option(label="Pays de la Loire")
    page.get_by_label("Présentation").fill("Label de rock nantais depuis 2015.")
    page.get_by_label("E-mail public").fill("contact@disques-lumiere.example")
    page.get_by_role("button", name="Enregistrer et envoyer à la validation").click()
    page.get_by_text("Votre inscription est envoyée à nos services").wait_for()
    assert page.get_by_test_id("status").text_content() == "En attente de validation"
    entry = Entry.objects.get(structure=member.structure)
    wait_for_mail(email, "en attente de validation")

    context, admin = instructor(browser, live_server.url)
    admin.goto(f"{live_server.url}/admin/annuaire/entry/?status__exact=soumise")
    admin.locator("#result_list").get_by_role("link", name="Disques Lumière").click()
    admin.get_by_role("link", name="Publier…").click()
    admin.get_by_role("button", name="Enregistrer").click()
    admin.get_by_text("Inscription publiée").wait_for()
    context.close()
    entry.refresh_from_db()
    assert entry.status == E.PUBLIEE
    wait_for_mail(email, "est publiée")

    page.goto(f"{live_server.url}/annuaire/")
    page.get_by_label("Nom").fill("disques lumiere")
    page.get_by_label("Activité").select_option(label="Label")
    page.get_by_label("Région").select_option(label="Pays de la Loire")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_test_id("results").get_by_role("link", name="Disques Lumière").click()
    page.get_by_role("heading", name="Disques Lumière").wait_for()
    assert "contact@disques-lumiere.example" in page.get_by_test_id("contact").inner_text()
