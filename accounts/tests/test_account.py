import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from accounts.tests.helpers import links_in_last_email, path_of
from cnm_portal.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_account_page_shows_names_read_only_and_explains_why(user_client, user):
    response = user_client.get(reverse("accounts:account"))
    content = response.content.decode()
    assert user.last_name in content and user.first_name in content and user.email in content
    assert "Il n'est pas possible de modifier le prénom/nom du compte individuel" in content
    assert 'name="last_name"' not in content and 'name="first_name"' not in content
    for url in ("account_email", "account_change_password", "accounts:delete"):
        assert reverse(url) in content


def test_pages_require_login(client):
    for name in ("accounts:dashboard", "accounts:account", "accounts:delete"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_email_change_takes_effect_once_new_address_is_verified(
    user_client, user, django_capture_on_commit_callbacks
):
    old_email = user.email
    with django_capture_on_commit_callbacks(execute=True):
        response = user_client.post(
            reverse("account_email"), {"action_add": "", "email": "nouvelle@exemple.fr"}
        )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == old_email  # not yet
    page = user_client.get(reverse("account_email")).content.decode()
    assert "nouvelle@exemple.fr" in page and "pas encore vérifiée" in page

    confirm = path_of(links_in_last_email("nouvelle@exemple.fr")[0])
    user_client.post(confirm)
    user.refresh_from_db()
    assert user.email == "nouvelle@exemple.fr"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        "nouvelle@exemple.fr"
    ]


def test_email_change_to_an_address_already_used_changes_nothing(
    user_client, user, django_capture_on_commit_callbacks
):
    other = UserFactory(email="prise@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        user_client.post(reverse("account_email"), {"action_add": "", "email": "prise@exemple.fr"})
    user.refresh_from_db()
    assert user.email != other.email
    assert not EmailAddress.objects.filter(user=user, email="prise@exemple.fr", verified=True)


def test_change_password_needs_the_current_one(user_client, user):
    new = "Encore-un-autre-mdp-2026"
    response = user_client.post(
        reverse("account_change_password"),
        {"oldpassword": "pas-le-bon-mdp", "password1": new, "password2": new},
    )
    assert response.status_code == 200
    assert "fr-message--error" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)

    user_client.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": new, "password2": new},
    )
    user.refresh_from_db()
    assert user.check_password(new)


def test_delete_page_says_structures_are_kept(user_client):
    content = user_client.get(reverse("accounts:delete")).content.decode()
    assert "n'entraîne pas la suppression de l'espace professionnel d'une structure" in content


def test_delete_with_wrong_password_changes_nothing(user_client, user):
    response = user_client.post(
        reverse("accounts:delete"), {"password": "pas-le-bon", "confirm": "on"}
    )
    assert response.status_code == 200
    assert "Mot de passe incorrect." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_delete_without_confirmation_changes_nothing(user_client, user):
    response = user_client.post(reverse("accounts:delete"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()


def test_delete_account_logs_out_audits_and_emails(
    user_client, user, django_capture_on_commit_callbacks
):
    email = user.email
    with django_capture_on_commit_callbacks(execute=True):
        response = user_client.post(
            reverse("accounts:delete"), {"password": DEFAULT_PASSWORD, "confirm": "on"}
        )
    assert response["Location"] == reverse("account_login")
    assert not User.objects.filter(email=email).exists()
    assert "_auth_user_id" not in user_client.session
    entry = AuditEntry.objects.get(action="compte.suppression")
    assert entry.actor is None and email in entry.actor_label
    assert mail.outbox[-1].to == [email]
    assert "supprimé" in mail.outbox[-1].subject
