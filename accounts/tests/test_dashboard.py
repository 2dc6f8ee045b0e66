import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_dashboard_greets_and_offers_espace_pro(user_client, user):
    content = user_client.get(reverse("accounts:dashboard")).content.decode()
    assert f"Bonjour {user.first_name} !" in content
    assert "Votre compte ne semble pas rattaché à une structure" in content
    assert user.get_full_name() in content  # the "prénom nom" menu


def test_side_menu_lists_only_existing_services(user_client):
    content = user_client.get(reverse("accounts:dashboard")).content.decode()
    for label in ("Accueil", "Mode d&#x27;emploi", "Contactez-nous", "Déconnexion"):
        assert label in content
    # Services of the real portal that are not built here must not appear.
    for absent in ("Mes alertes emploi", "Boutique", "Annuaire", "RDV CNM"):
        assert absent not in content


def test_contact_page_gives_the_channels_of_the_guide(client):
    content = client.get(reverse("accounts:contact")).content.decode()
    assert "monespace@cnm.fr" in content
    assert "01 83 75 26 79" in content
    assert "Du lundi au vendredi, de 14h à 17h" in content


def test_guide_page(client):
    content = client.get(reverse("accounts:guide")).content.decode()
    assert "Création d'un compte individuel" in content


def test_home_redirects_to_login_or_dashboard(client, user):
    assert client.get("/")["Location"] == reverse("account_login")
    client.force_login(user)
    assert client.get("/")["Location"] == reverse("accounts:dashboard")


@pytest.mark.parametrize("extra_users", [0, 30])
def test_dashboard_query_count_is_constant(client, django_assert_num_queries, extra_users):
    UserFactory.create_batch(extra_users)
    user = UserFactory()
    client.force_login(user)
    # session, user; espace pro: structures, open requests; affiliation: validated ones
    with django_assert_num_queries(5):
        response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
