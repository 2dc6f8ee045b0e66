import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import UserFactory
from alertes.models import JobAlert
from alertes.tests.factories import make_alert
from alertes.tokens import unsubscribe_token

pytestmark = pytest.mark.django_db


def test_set_up_the_alert(client):
    user = UserFactory()
    client.force_login(user)
    content = client.get(reverse("alertes:settings")).content.decode()
    assert "En activant l'alerte emploi" in content and "inactive" in content
    response = client.post(
        reverse("alertes:settings"),
        {
            "active": "on",
            "keywords": "régie",
            "contract_types": ["cdi", "cddu"],
            "regions": ["bre"],
        },
    )
    assert response["Location"] == reverse("alertes:settings")
    alert = JobAlert.objects.get(user=user)
    assert alert.active and alert.contract_types == ["cddu", "cdi"] and alert.regions == ["bre"]
    content = client.get(reverse("alertes:settings")).content.decode()
    assert "active" in content
    client.post(reverse("alertes:settings"), {"keywords": "régie"})
    alert.refresh_from_db()
    assert not alert.active


def test_bad_choice_shows_an_error_and_saves_nothing(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("alertes:settings"), {"active": "on", "regions": ["zz"]})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not JobAlert.objects.exists()


def test_one_click_unsubscribe_without_login(client):
    alert = make_alert()
    url = reverse("alertes:unsubscribe", kwargs={"token": unsubscribe_token(alert)})
    content = client.get(url).content.decode()
    assert "Désactiver l'alerte" in content
    alert.refresh_from_db()
    assert alert.active  # a GET (a link preview) changes nothing
    response = client.post(url)
    assert response.status_code == 200
    assert "Votre alerte emploi est inactive" in response.content.decode()
    alert.refresh_from_db()
    assert not alert.active
    assert client.post(url).status_code == 200  # twice is harmless


def test_forged_token_is_404(client):
    alert = make_alert()
    token = unsubscribe_token(alert)
    assert client.get(f"/alertes-emploi/desabonnement/{token}x/").status_code == 404
    assert client.post(f"/alertes-emploi/desabonnement/{alert.pk}/").status_code == 404
    alert.refresh_from_db()
    assert alert.active


def test_dashboard_tile(client):
    user = UserFactory()
    client.force_login(user)
    content = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Paramétrez vos abonnements et vos alertes." in content
    assert "Paramétrer mon alerte emploi" in content
    block = content[content.index('data-testid="alertes-block"') :][:800]
    assert "inactive" in block
    make_alert(user)
    content = client.get(reverse("accounts:dashboard")).content.decode()
    block = content[content.index('data-testid="alertes-block"') :][:800]
    assert ">active<" in block
    mail.outbox.clear()


def test_one_click_post_from_a_mail_client_needs_no_csrf_token():
    from django.test import Client

    alert = make_alert()
    url = reverse("alertes:unsubscribe", kwargs={"token": unsubscribe_token(alert)})
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    alert.refresh_from_db()
    assert not alert.active


def test_a_post_without_csrf_token_nor_one_click_body_changes_nothing():
    from django.test import Client

    alert = make_alert()
    url = reverse("alertes:unsubscribe", kwargs={"token": unsubscribe_token(alert)})
    response = Client(enforce_csrf_checks=True).post(url, {})
    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.active


def test_the_confirmation_form_unsubscribes_with_its_csrf_token():
    from django.test import Client

    alert = make_alert()
    url = reverse("alertes:unsubscribe", kwargs={"token": unsubscribe_token(alert)})
    client = Client(enforce_csrf_checks=True)
    client.get(url)
    response = client.post(url, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 200
    alert.refresh_from_db()
    assert not alert.active
