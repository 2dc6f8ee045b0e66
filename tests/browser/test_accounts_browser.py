import re

import pytest
from django.core import mail

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def confirmation_link(to: str) -> str:
    message = next(m for m in reversed(mail.outbox) if to in m.to)
    return re.search(r"https?://\S+/confirm-email/\S+", message.body).group(0)


def test_signup_confirm_login_dashboard_logout(page, live_server):
    page.goto(f"{live_server.url}/compte/signup/")
    page.get_by_label("Nom").first.fill("Dupont")
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label("Email (identifiant)").fill("camille@exemple.fr")
    page.get_by_label("Mot de passe", exact=False).first.fill(DEFAULT_PASSWORD)
    page.get_by_label("Répéter le mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Créer un compte").click()
    page.get_by_role("heading", name="Vérifiez votre email").wait_for()

    page.goto(confirmation_link("camille@exemple.fr"))
    page.get_by_role("button", name=re.compile("Confirmer", re.I)).click()

    page.goto(f"{live_server.url}/compte/login/")
    page.get_by_role("heading", name="Bonjour !").wait_for()
    page.get_by_label("Identifiant").fill("camille@exemple.fr")
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Connexion").click()

    page.get_by_role("heading", name="Bonjour Camille !").wait_for()
    assert "Votre compte ne semble pas rattaché à une structure" in page.content()
    assert User.objects.get().last_name == "Dupont"

    page.locator("header").get_by_role("button", name="Déconnexion").click()
    page.get_by_role("heading", name="Bonjour !").wait_for()
    assert page.url.endswith("/compte/login/")


def test_account_page_and_keyboard_navigation(page, live_server):
    user = UserFactory(first_name="Jeanne", last_name="Martin")
    page.goto(f"{live_server.url}/compte/login/")
    page.get_by_label("Identifiant").fill(user.email)
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")  # the form works from the keyboard
    page.get_by_role("heading", name="Bonjour Jeanne !").wait_for()

    page.locator("header").get_by_role("link", name="Jeanne MARTIN").click()
    page.get_by_role("heading", name="Mon compte individuel").wait_for()
    assert page.get_by_test_id("last-name").inner_text() == "Martin"
    assert "Il n'est pas possible de modifier le prénom/nom" in page.content()

    page.get_by_role("link", name="Supprimer mon compte").last.click()
    page.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    page.get_by_label(re.compile("Je comprends")).check(force=True)
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    page.get_by_text("Mot de passe incorrect.").wait_for()
    assert User.objects.filter(pk=user.pk).exists()

    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_label(re.compile("Je comprends")).check(force=True)
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    page.get_by_text("Votre compte individuel a été supprimé.").wait_for()
    assert not User.objects.filter(pk=user.pk).exists()
