import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from accounts.tests.helpers import links_in_last_email, path_of
from cnm_portal.models import OutboxMessage

pytestmark = pytest.mark.django_db

SIGNUP = {
    "last_name": "Dupont",
    "first_name": "Camille",
    "email": "Camille@Exemple.fr",
    "password1": DEFAULT_PASSWORD,
    "password2": DEFAULT_PASSWORD,
}


def signup(client, capture, **overrides):
    with capture(execute=True):
        return client.post(reverse("account_signup"), {**SIGNUP, **overrides})


def test_signup_page_is_french_and_explains_one_account_per_person(client):
    response = client.get(reverse("account_signup"))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in content
    assert "1 compte individuel = 1 personne (nom/prénom) = 1 email personnel" in content
    for label in ("Nom", "Prénom", "Email (identifiant)", "Répéter le mot de passe"):
        assert label in content


def test_signup_creates_unverified_account_and_sends_confirmation(
    client, django_capture_on_commit_callbacks
):
    response = signup(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert (user.email, user.last_name, user.first_name) == (
        "camille@exemple.fr",
        "Dupont",
        "Camille",
    )
    assert not EmailAddress.objects.get(user=user).verified
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.DONE
    assert mail.outbox[0].to == ["camille@exemple.fr"]
    assert "confirm" in mail.outbox[0].subject.lower()


def test_unverified_account_cannot_log_in_until_email_confirmed(
    client, django_capture_on_commit_callbacks
):
    signup(client, django_capture_on_commit_callbacks)
    login = {"login": "camille@exemple.fr", "password": DEFAULT_PASSWORD}
    response = client.post(reverse("account_login"), login)
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    confirm_url = path_of(links_in_last_email("camille@exemple.fr")[0])
    assert client.get(confirm_url).status_code == 200
    client.post(confirm_url)
    assert EmailAddress.objects.get().verified

    response = client.post(reverse("account_login"), login)
    assert response["Location"] == reverse("accounts:dashboard")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Court-2026", "Il doit contenir au minimum 12 caractères"),
        ("manchesterunited", "trop courant"),
        ("123456789012345", "entièrement numérique"),
    ],
)
def test_weak_passwords_are_refused_in_french(
    client, django_capture_on_commit_callbacks, password, message
):
    response = signup(
        client, django_capture_on_commit_callbacks, password1=password, password2=password
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert mail.outbox == []


def test_passwords_must_match(client, django_capture_on_commit_callbacks):
    response = signup(client, django_capture_on_commit_callbacks, password2="Autre-mot-de-passe-99")
    assert response.status_code == 200
    assert not User.objects.exists()
    assert "fr-message--error" in response.content.decode()


def test_missing_names_are_reported_next_to_the_field(client, django_capture_on_commit_callbacks):
    response = signup(client, django_capture_on_commit_callbacks, last_name="", first_name="  ")
    content = response.content.decode()
    assert content.count("Ce champ est obligatoire.") == 2
    assert 'aria-describedby="id_last_name-desc-error"' in content
    assert 'value="Camille@Exemple.fr"' in content  # nothing typed is lost
    assert not User.objects.exists()


def test_already_used_email_creates_nothing_and_reveals_nothing(
    client, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="camille@exemple.fr", last_name="Martin")
    response = signup(client, django_capture_on_commit_callbacks)

    # Same answer as a successful signup: no account enumeration from the page ...
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.get() == existing
    assert User.objects.get().last_name == "Martin"
    # ... and the owner of the address is told by e-mail, in French.
    assert mail.outbox[0].to == ["camille@exemple.fr"]
    assert "compte" in mail.outbox[0].body.lower()
