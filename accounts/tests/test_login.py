import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from accounts.tests.helpers import links_in_last_email, path_of

pytestmark = pytest.mark.django_db


def test_login_page_greets_like_the_real_portal(client):
    content = client.get(reverse("account_login")).content.decode()
    for text in (
        "Bonjour !",
        "Retrouvez tous les services du CNM accessibles en une seule connexion",
        "Vous n'avez pas de compte ?",
        "Créer un compte",
        "Identifiant",
        "Mot de passe oublié ?",
    ):
        assert text in content


def test_login_logout(client):
    user = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": user.email.upper(), "password": DEFAULT_PASSWORD}
    )
    assert response["Location"] == reverse("accounts:dashboard")
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_password_and_unknown_email_get_the_same_french_message(client):
    user = UserFactory()
    wrong = client.post(reverse("account_login"), {"login": user.email, "password": "faux" * 4})
    unknown = client.post(
        reverse("account_login"), {"login": "inconnu@exemple.fr", "password": "faux" * 4}
    )
    message = "L’adresse e-mail ou le mot de passe sont incorrects."
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert message in wrong.content.decode()


def test_too_many_failed_attempts_are_rate_limited(client):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "mauvais-mdp-12"})
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in response.content.decode()


def test_password_reset_does_not_reveal_unknown_emails(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "inconnu@exemple.fr"})
    assert response["Location"] == reverse("account_reset_password_done")
    # The page is the same as for a real account; the unknown address is told nothing useful.
    assert all("inconnu@exemple.fr" in m.to for m in mail.outbox)


def test_password_reset_link_works_once(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    link = path_of(next(u for u in links_in_last_email(user.email) if "/password/reset/key/" in u))
    form_url = client.get(link)["Location"]
    new_password = "Nouveau-mot-de-passe-2026"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password(new_password)

    # The same link again: refused with a French explanation, password unchanged.
    reused = client.get(link, follow=True)
    assert "invalide" in reused.content.decode()
    user.refresh_from_db()
    assert user.check_password(new_password)
