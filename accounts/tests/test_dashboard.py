import html
import re

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_dashboard_greets_and_offers_espace_pro(user_client, user):
    content = user_client.get(reverse("accounts:dashboard")).content.decode()
    assert f"Bonjour {user.first_name} !" in content
    assert "Votre compte ne semble pas rattaché à une structure" in content
    assert user.get_full_name() in content  # the "prénom nom" menu


# The side menu of the user guide (seed 000), in its order.
GUIDE_SIDE_MENU = [
    "Accueil",
    "Demande accès espace Pro",
    "Mes alertes emploi",
    "Mes annonces",
    "RDV CNM",
    "Formations",
    "Boutique",
    "Annuaire",
    "Mode d'emploi",
    "Contactez-nous",
]
# The dashboard tiles of the guide, in its order, with a sentence of each.
GUIDE_TILES = [
    ("Mon Espace Pro", "Pourquoi demander un accès ?"),
    ("Mes alertes emploi", "Paramétrez vos abonnements et vos alertes."),
    ("Mes annonces", "Vous n'avez pas d'annonce en cours de publication."),
    ("Formations", "Découvrez également l'ensemble de nos formations et formations courtes."),
    ("RDV CNM", "Le CNM propose des permanences de conseil pour les porteurs de projets musicaux"),
    ("Boutique", "Retrouvez le suivi et l'historique de vos commandes"),
    ("Annuaire", "l'annuaire permet d'identifier des structures et personnes"),
]


def test_side_menu_is_the_guides(user_client):
    from accounts.menu import side_menu

    labels = [str(item["label"]) for item in side_menu("/mon-espace/")]
    assert labels == GUIDE_SIDE_MENU
    content = html.unescape(user_client.get(reverse("accounts:dashboard")).content.decode())
    for label in [*GUIDE_SIDE_MENU, "Déconnexion"]:
        assert label in content


def test_dashboard_shows_every_tile_of_the_guide_in_order(user_client):
    content = html.unescape(user_client.get(reverse("accounts:dashboard")).content.decode())
    main = content[content.index("Bonjour") :]
    positions = []
    for title, sentence in GUIDE_TILES:
        assert sentence in main, title
        positions.append(main.index(sentence))
    assert positions == sorted(positions)


def test_every_link_of_the_dashboard_answers(user_client):
    """Each tile's links lead to a working page (a tile appears only once its service works)."""
    content = user_client.get(reverse("accounts:dashboard")).content.decode()
    main = content[content.index("Bonjour") :]
    links = set(re.findall(r'href="(/[^"#]*)"', main))
    assert len(links) >= 12
    for link in sorted(links):
        response = user_client.get(html.unescape(link))
        assert response.status_code in (200, 302), (link, response.status_code)


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
    # session, user; espace pro: structures, open requests; affiliation: validated ones; job
    # alert and ads in publication (one query for both tiles); the other tiles make none
    with django_assert_num_queries(6):
        response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
