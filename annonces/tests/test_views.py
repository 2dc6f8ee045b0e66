import datetime as dt

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from annonces.choices import ContractType, Region
from annonces.models import JobAd
from annonces.selectors import dashboard_summary
from annonces.tests.factories import ad_data, draft, make_ad
from annonces.workflow import A
from cnm_portal.dates import today
from espace_pro.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _post_data(structure=None, **overrides):
    data = ad_data(**overrides)
    data["start_date"] = data["start_date"].isoformat() if data["start_date"] else ""
    data["closing_date"] = data["closing_date"].isoformat()
    data["structure"] = str(structure.pk) if structure else ""
    return data


# --- public pages ------------------------------------------------------------------------------


def test_public_list_shows_only_published_open_ads(client):
    make_ad(A.PUBLIEE, title="Chargée de diffusion")
    hidden = [make_ad(status, title=f"Cachée {status}") for status in (A.SOUMISE, A.BROUILLON)]
    expired = make_ad(A.PUBLIEE, title="Expirée hier")
    JobAd.objects.filter(pk=expired.pk).update(closing_date=today() - dt.timedelta(days=1))
    content = client.get(reverse("annonces:index")).content.decode()
    assert "Chargée de diffusion" in content
    assert all(ad.title not in content for ad in hidden)
    assert "Expirée hier" not in content


def test_search_and_filters(client):
    make_ad(title="Régisseuse son", contract_type=ContractType.CDDU, region=Region.BRETAGNE)
    make_ad(title="Comptable", contract_type=ContractType.CDI, region=Region.ILE_DE_FRANCE)
    url = reverse("annonces:index")
    content = client.get(url, {"q": "regisseuse"}).content.decode()
    assert "Régisseuse son" in content and "Comptable" not in content
    content = client.get(url, {"contract_type": "cdi"}).content.decode()
    assert "Comptable" in content and "Régisseuse son" not in content
    content = client.get(url, {"region": "bre", "q": ""}).content.decode()
    assert "Régisseuse son" in content and "Comptable" not in content
    response = client.get(url, {"region": "zzz"})
    assert response.status_code == 200
    assert "Corrigez les critères" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 25])
def test_public_list_query_count_is_constant(client, django_assert_num_queries, rows):
    for _ in range(rows):
        make_ad()
    with django_assert_num_queries(2):  # count, rows (structures joined)
        response = client.get(reverse("annonces:index"), {"q": "régisseur", "page": "2"})
    assert response.status_code == 200


def test_public_page_of_a_published_ad_and_404_otherwise(client):
    ad = make_ad(A.PUBLIEE)
    response = client.get(ad.public_url)
    assert response.status_code == 200
    assert "recrutement@salle.fr" in response.content.decode()
    # a wrong title part redirects to the canonical address
    assert client.get(f"/annonces/{ad.pk}-autre/")["Location"] == ad.public_url
    for status in (A.SOUMISE, A.A_MODIFIER, A.REFUSEE, A.RETIREE, A.CLOTUREE):
        other = make_ad(status)
        assert client.get(f"/annonces/{other.pk}/").status_code == 404
    assert client.get("/annonces/abc/").status_code == 404


# --- « Mes annonces » ------------------------------------------------------------------------


def test_write_and_submit_an_ad(client):
    member = MembershipFactory()
    client.force_login(member.user)
    response = client.post(reverse("annonces:create"), _post_data(member.structure))
    ad = JobAd.objects.get()
    assert response["Location"] == reverse("annonces:ad", args=[ad.pk])
    assert ad.status == A.BROUILLON and ad.for_structure == member.structure
    client.post(reverse("annonces:submit", args=[ad.pk]))
    ad.refresh_from_db()
    assert ad.status == A.SOUMISE
    # double submission is harmless
    response = client.post(reverse("annonces:submit", args=[ad.pk]), follow=True)
    assert "déjà soumise" in response.content.decode()
    assert JobAd.objects.get().status == A.SOUMISE


def test_the_same_form_posted_twice_creates_one_ad(client):
    user = UserFactory()
    client.force_login(user)
    data = _post_data(token="6f1c1f3e-9a43-4a55-8f7c-5d0cf9b0b2a1")
    client.post(reverse("annonces:create"), data)
    client.post(reverse("annonces:create"), data)
    assert JobAd.objects.count() == 1


def test_errors_in_french_next_to_the_field_and_nothing_saved(client):
    member = MembershipFactory()
    client.force_login(member.user)
    data = _post_data(
        None, closing_date=today() - dt.timedelta(days=2), contact_email="pas-un-mail"
    )
    response = client.post(reverse("annonces:create"), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide." in content
    assert not JobAd.objects.exists()
    data = _post_data(None)
    content = client.post(reverse("annonces:create"), data).content.decode()
    assert "Ce champ est obligatoire" in content  # a member names one of their structures
    assert not JobAd.objects.exists()


def test_past_closing_date_is_refused_next_to_the_field(client):
    user = UserFactory()
    client.force_login(user)
    data = _post_data(closing_date=today() - dt.timedelta(days=2))
    content = client.post(reverse("annonces:create"), data).content.decode()
    assert "La date de clôture est passée" in content
    assert not JobAd.objects.exists()


def test_edit_withdraw_republish(client):
    ad = make_ad(A.PUBLIEE)
    client.force_login(ad.user)
    response = client.post(
        reverse("annonces:edit", args=[ad.pk]),
        _post_data(ad.for_structure, title="Régisseur plateau"),
    )
    assert response.status_code == 302
    ad.refresh_from_db()
    assert ad.title == "Régisseur plateau" and ad.status == A.SOUMISE
    client.post(reverse("annonces:withdraw", args=[ad.pk]))
    ad.refresh_from_db()
    assert ad.status == A.RETIREE
    content = client.get(reverse("annonces:ad", args=[ad.pk])).content.decode()
    assert "Republier" in content
    client.post(reverse("annonces:submit", args=[ad.pk]))
    ad.refresh_from_db()
    assert ad.status == A.SOUMISE


def test_a_submitted_ad_has_no_edit_page(client):
    ad = make_ad(A.SOUMISE)
    client.force_login(ad.user)
    response = client.get(reverse("annonces:edit", args=[ad.pk]))
    assert response["Location"] == reverse("annonces:ad", args=[ad.pk])


def test_changes_asked_are_shown_to_the_author(client):
    ad = make_ad(A.A_MODIFIER)
    client.force_login(ad.user)
    content = client.get(reverse("annonces:ad", args=[ad.pk])).content.decode()
    assert "Précisez le salaire." in content and "Soumettre au CNM" in content


@pytest.mark.parametrize("name", ["ad", "edit", "submit", "withdraw"])
def test_another_person_gets_404(client, name):
    ad = make_ad(A.PUBLIEE)
    colleague = MembershipFactory(structure=ad.for_structure).user  # same structure, not author
    client.force_login(colleague)
    url = reverse(f"annonces:{name}", args=[ad.pk])
    response = client.post(url) if name in ("submit", "withdraw") else client.get(url)
    assert response.status_code == 404
    ad.refresh_from_db()
    assert ad.status == A.PUBLIEE


@pytest.mark.parametrize("rows", [1, 25])
def test_my_ads_query_count_is_constant(client, django_assert_num_queries, rows):
    user = UserFactory()
    for _ in range(rows):
        draft(user)
    client.force_login(user)
    with django_assert_num_queries(4):  # session, user, count, rows
        response = client.get(reverse("annonces:mine"))
    assert response.status_code == 200


# --- dashboard -------------------------------------------------------------------------------


def test_tile_without_and_with_ads(client):
    user = UserFactory()
    client.force_login(user)
    content = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Vous n'avez pas d'annonce en cours de publication." in content
    for link in ("Gérer toutes mes annonces", "Publier une annonce", "Consulter une annonce"):
        assert link in content
    make_ad(A.PUBLIEE, user)
    make_ad(A.SOUMISE, user)
    make_ad(A.REFUSEE, user)
    content = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Vous avez 2 annonces en cours de publication." in content


def test_both_tiles_cost_one_query(rf, django_assert_num_queries):
    from alertes.tests.factories import make_alert

    user = UserFactory()
    make_alert(user)
    make_ad(A.PUBLIEE, user)
    request = rf.get("/")
    request.user = user
    from accounts.dashboard import _sections

    with django_assert_num_queries(1):
        contexts = {key: _sections[key].context(request) for key in ("alertes", "annonces")}
        dashboard_summary(request)
    assert contexts == {"alertes": {"alert_active": True}, "annonces": {"in_publication": 1}}
