"""Public pages of the aid programmes: catalogue, programme pages, simulator and its JSON API.

The simulator and the API must give exactly what ``compute`` gives on the same figures."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from aides import catalogue, programmes
from aides.programmes.base import MORALE, Applicant
from espace_pro.choices import LegalForm

pytestmark = pytest.mark.django_db

ART16 = {
    "catalogue_references": "3",
    "part_ca_phonographique": "60",
    "investissements_annee_precedente": "0",
    "investissements_trois_ans": "0",
    "nombre_titres": "10",
    "duree_minutes": "40",
    "part_inedits": "100",
    "part_fonds_propres": "60",
    "depenses_remunerations_artistiques": "20000,00",
    "depenses_promotion": "5 000",
    "budget_total": "40000",
}


def test_search_ignores_accents_and_case():
    art16 = programmes.get("16")
    assert catalogue.matches(art16, "PHONOGRAPHIQUE actuelles")
    assert catalogue.matches(art16, "phonographique")
    assert not catalogue.matches(art16, "disquaire")


@pytest.mark.parametrize("slug", [p.slug for p in programmes.all()])
def test_every_programme_page_and_simulator_render(client, slug):
    page = client.get(reverse("aides_public:programme", args=[slug]))
    assert page.status_code == 200
    assert page["Content-Language"] == "fr"
    simulator = client.get(reverse("aides_public:simulator", args=[slug]))
    assert simulator.status_code == 200


def test_catalogue_lists_every_programme_and_filters(client):
    response = client.get(reverse("aides_public:catalogue"))
    assert response.status_code == 200
    for programme in programmes.all():
        assert reverse("aides_public:programme", args=[programme.slug]) in response.content.decode()
    art16 = reverse("aides_public:programme", args=["article-16"])
    art12 = reverse("aides_public:programme", args=["article-12"])
    physique = client.get(reverse("aides_public:catalogue"), {"demandeur": "physique"})
    assert art16 not in physique.content.decode()
    assert art12 in physique.content.decode()
    search = client.get(reverse("aides_public:catalogue"), {"q": "phonographique actuelles"})
    assert art16 in search.content.decode()
    assert art12 not in search.content.decode()


def test_catalogue_bad_filter_is_ignored_not_an_error(client):
    response = client.get(reverse("aides_public:catalogue"), {"demandeur": "<script>"})
    assert response.status_code == 200


def test_unknown_programme_is_404(client):
    assert client.get(reverse("aides_public:programme", args=["article-99"])).status_code == 404
    assert client.get(reverse("aides_public:simulator", args=["article-99"])).status_code == 404


def _expected(figures, legal_form=LegalForm.SOCIETE_COMMERCIALE, affiliated=True):
    return programmes.get("16").compute(
        figures, applicant=Applicant(kind=MORALE, legal_form=legal_form, affiliated=affiliated)
    )


def test_simulator_gives_the_same_amount_as_compute(client):
    params = {
        "calculer": "1",
        "forme_juridique": LegalForm.SOCIETE_COMMERCIALE,
        "affilie": "oui",
        **ART16,
    }
    response = client.get(reverse("aides_public:simulator", args=["article-16"]), params)
    expected = _expected(ART16)
    assert expected.amount == Decimal("8600.00")  # 40 % × (20 000 + 30 % × 5 000)
    assert response.context["result"].amount == expected.amount
    assert "8 600,00" in response.content.decode().replace("\u202f", " ")


def test_simulator_shows_field_errors_in_french(client):
    params = {"calculer": "1", **ART16, "depenses_remunerations_artistiques": "-5"}
    response = client.get(reverse("aides_public:simulator", args=["article-16"]), params)
    assert response.context["result"] is None
    assert "ne peut pas être négative" in response.content.decode()


def test_api_simulate_matches_compute(client):
    url = reverse("aides_public:api_simulate", args=["article-16"])
    body = {
        "demandeur": {"forme_juridique": LegalForm.SOCIETE_COMMERCIALE, "affilie": True},
        "donnees": {**ART16, "nombre_titres": 10, "autre": 1},
    }
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["amount"] == str(_expected(ART16).amount)
    assert data["eligible"] is True
    assert data["donnees_ignorees"] == ["autre"]
    assert sum(Decimal(i["montant"]) for i in data["echeancier"]) == Decimal(data["amount"])
    assert data["steps"][0]["label"] == "Dépenses éligibles"


def test_api_refuses_floats_that_are_not_exact(client):
    url = reverse("aides_public:api_simulate", args=["article-16"])
    body = '{"donnees": {"depenses_remunerations_artistiques": 1000.005}}'
    data = client.post(url, body, content_type="application/json").json()
    assert "depenses_remunerations_artistiques" in data["field_errors"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("not json", 400),
        ("[]", 400),
        ('{"donnees": []}', 400),
        ('{"demandeur": {"forme_juridique": "pirate"}}', 400),
        ('{"demandeur": "x"}', 400),
    ],
)
def test_api_bad_requests(client, body, status):
    url = reverse("aides_public:api_simulate", args=["article-16"])
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == status
    assert response.json()["detail"]


def test_api_unknown_programme_get_and_size(client):
    unknown = reverse("aides_public:api_simulate", args=["article-99"])
    assert client.post(unknown, "{}", content_type="application/json").status_code == 404
    url = reverse("aides_public:api_simulate", args=["article-16"])
    assert client.get(url).status_code == 405
    huge = json.dumps({"donnees": {"x": "1" * 70000}})
    assert client.post(url, huge, content_type="application/json").status_code == 413


def test_api_programmes_and_openapi(client):
    listing = client.get(reverse("aides_public:api_programmes")).json()
    articles = {p["article"] for p in listing["programmes"]}
    assert "16" in articles
    spec = client.get(reverse("aides_public:openapi")).json()
    assert spec["openapi"].startswith("3.")
    assert "/aides/api/simulateur/{programme}/" in spec["paths"]
    assert client.get(reverse("aides_public:api_doc")).status_code == 200


def test_catalogue_query_count_constant(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get(reverse("aides_public:catalogue"))
