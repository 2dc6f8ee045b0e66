"""The pages: public search and entry page, « S'inscrire à l'annuaire », « Mes inscriptions »,
edit, submit, withdraw; scoping (404) and constant queries."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from annuaire.choices import ActivityCode, Region
from annuaire.models import Entry
from annuaire.selectors import SEARCH_PAGE
from annuaire.tests.factories import entry_in, person_entry, structure_entry
from annuaire.workflow import E
from espace_pro.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

# count, rows, their activities (anonymous: no session)
SEARCH_QUERIES = 3
# session, user, then the count, rows and activities of the page
MINE_QUERIES = 5

FORM = {
    "name": "Label Lumière",
    "activities": [ActivityCode.LABEL],
    "region": Region.IDF,
    "city": "Paris",
    "presentation": "Label indépendant.",
    "email": "",
    "phone": "",
    "website": "",
}


@pytest.fixture
def member(client):
    membership = MembershipFactory(role="Gérante")
    client.force_login(membership.user)
    return membership


def _published(n: int) -> list[Entry]:
    return [entry_in(E.PUBLIEE, name=f"Structure {i:03d}") for i in range(n)]


# --- public ------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 25])
def test_search_constant_queries(client, django_assert_num_queries, n):
    _published(n)
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(reverse("annuaire:index"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(n, SEARCH_PAGE)
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(
            reverse("annuaire:index"), {"q": "structure", "activite": "label", "region": "11"}
        )
    assert len(response.context["page"].object_list) == min(n, SEARCH_PAGE)


def test_search_shows_only_published_entries(client):
    shown = entry_in(E.PUBLIEE, name="Visible Musique")
    hidden = [
        entry_in(status, name=f"Cachée {status}")
        for status in (E.BROUILLON, E.SOUMISE, E.A_CORRIGER, E.REFUSEE, E.RETIREE)
    ]
    response = client.get(reverse("annuaire:index"))
    assert list(response.context["page"].object_list) == [shown]
    body = response.content.decode()
    assert "Visible Musique" in body and all(entry.name not in body for entry in hidden)


def test_search_by_name_activity_and_region(client):
    elan = entry_in(E.PUBLIEE, name="Éditions Élan", activities=[ActivityCode.EDITEUR])
    sud = entry_in(
        E.PUBLIEE, name="Sud Management", activities=[ActivityCode.MANAGER], region=Region.PAC
    )
    both = entry_in(
        E.PUBLIEE,
        name="Élan Sud",
        activities=[ActivityCode.MANAGER, ActivityCode.EDITEUR],
        region=Region.PAC,
    )

    def found(**params):
        return list(client.get(reverse("annuaire:index"), params).context["page"].object_list)

    assert found(q="elan") == [elan, both]  # accents and case ignored, name order
    assert found(activite="manager") == [both, sud]
    assert found(activite="editeur", region=Region.PAC) == [both]
    assert found(region=Region.BRE) == []
    response = client.get(reverse("annuaire:index"), {"activite": "inconnue"})
    assert response.context["page"] is None
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_search_is_paginated_with_the_filters_kept(client):
    _published(SEARCH_PAGE + 1)
    response = client.get(reverse("annuaire:index"), {"q": "structure"})
    assert 'href="?page=2&amp;q=structure"' in response.content.decode()
    second = client.get(reverse("annuaire:index"), {"q": "structure", "page": 2})
    assert [e.name for e in second.context["page"].object_list] == [f"Structure {SEARCH_PAGE:03d}"]


def test_public_entry_page_shows_only_what_was_filled(client):
    entry = entry_in(E.PUBLIEE, phone="", website="")
    response = client.get(reverse("annuaire:entry", args=[entry.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "Label Lumière" in body
    assert "contact@lumiere.example" in body
    assert "Téléphone" not in body and "Site internet" not in body
    assert entry.structure.siret not in body and entry.structure.address not in body
    assert 'lang="fr"' in body


@pytest.mark.parametrize("status", [E.BROUILLON, E.SOUMISE, E.A_CORRIGER, E.REFUSEE, E.RETIREE])
def test_an_unpublished_entry_is_404_except_to_its_managers(client, status):
    entry = entry_in(status)
    url = reverse("annuaire:entry", args=[entry.pk])
    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory(structure=entry.structure).user)
    response = client.get(url)
    assert response.status_code == 200 and "Aperçu" in response.content.decode()


# --- registering ---------------------------------------------------------------------------


def test_register_choice_lists_my_structures_and_myself(client, member):
    other = MembershipFactory(user=member.user)
    registered = structure_entry(member=other)
    response = client.get(reverse("annuaire:register"))
    body = response.content.decode()
    assert f"?pour={member.structure.pk}" in body and "?pour=moi" in body
    assert reverse("annuaire:manage", args=[registered.pk]) in body
    assert f"?pour={other.structure.pk}" not in body


def test_register_a_structure_and_submit(client, member):
    url = reverse("annuaire:register") + f"?pour={member.structure.pk}"
    form = client.get(url)
    assert form.context["form"].initial["name"] == member.structure.name
    response = client.post(url, FORM | {"soumettre": "1"})
    entry = Entry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("annuaire:manage", args=[entry.pk])
    assert entry.status == E.SOUMISE and entry.structure == member.structure
    # the same form posted again lands on the entry, nothing new
    again = client.post(url, FORM | {"soumettre": "1"})
    assert again["Location"] == reverse("annuaire:manage", args=[entry.pk])
    assert Entry.objects.count() == 1


def test_register_myself_as_a_draft(client, member):
    url = reverse("annuaire:register") + "?pour=moi"
    response = client.post(url, FORM | {"presentation": ""})
    entry = Entry.objects.get()
    assert response.status_code == 302
    assert entry.kind == Entry.Kind.PERSONNE and entry.person == member.user
    assert entry.status == E.BROUILLON


def test_register_with_bad_input_saves_nothing_and_says_why(client, member):
    url = reverse("annuaire:register") + f"?pour={member.structure.pk}"
    response = client.post(
        url,
        FORM
        | {"activities": [], "phone": "abc", "website": "pas un site", "presentation": "x" * 1001}
        | {"soumettre": "1"},
    )
    assert response.status_code == 200 and not Entry.objects.exists()
    errors = response.context["form"].errors
    assert set(errors) >= {"activities", "phone", "website", "presentation"}
    assert "Choisissez au moins une activité." in errors["activities"]
    body = response.content.decode()
    assert 'aria-describedby="id_phone' in body or "id_phone-desc-error" in body
    empty = client.post(url, {})
    assert empty.status_code == 200 and "name" in empty.context["form"].errors


def test_register_for_a_foreign_structure_is_404(client, member):
    foreign = MembershipFactory().structure
    url = reverse("annuaire:register") + f"?pour={foreign.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, FORM).status_code == 404
    assert client.get(reverse("annuaire:register") + "?pour=abc").status_code == 404
    assert not Entry.objects.exists()


def test_pages_need_login(client):
    response = client.get(reverse("annuaire:register"))
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


# --- managing ------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 25])
def test_mine_constant_queries(client, member, django_assert_num_queries, n):
    for _i in range(n):
        structure_entry(member=MembershipFactory(user=member.user))
    person_entry(user=member.user)
    with django_assert_num_queries(MINE_QUERIES):
        response = client.get(reverse("annuaire:mine"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(n + 1, 20)


def test_manage_shows_status_and_staff_comment(client, member):
    entry = entry_in(E.A_CORRIGER, member=member)
    response = client.get(reverse("annuaire:manage", args=[entry.pk]))
    body = response.content.decode()
    assert "À corriger" in body and "Précisez la commune du siège." in body
    assert reverse("annuaire:submit", args=[entry.pk]) in body


@pytest.mark.parametrize("name", ["manage", "edit"])
def test_manage_pages_are_404_to_strangers(client, member, name):
    foreign = entry_in(E.PUBLIEE)
    foreign_person = entry_in(E.SOUMISE, entry=person_entry())
    for entry in (foreign, foreign_person):
        assert client.get(reverse(f"annuaire:{name}", args=[entry.pk])).status_code == 404


@pytest.mark.parametrize("name", ["submit", "withdraw"])
def test_actions_are_404_to_strangers(client, member, name):
    foreign = entry_in(E.A_CORRIGER)
    assert client.post(reverse(f"annuaire:{name}", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == E.A_CORRIGER


def test_any_member_of_the_structure_manages_the_entry(client, member):
    entry = entry_in(E.PUBLIEE)
    client.force_login(MembershipFactory(structure=entry.structure).user)
    response = client.post(reverse("annuaire:withdraw", args=[entry.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == E.RETIREE
    again = client.post(reverse("annuaire:withdraw", args=[entry.pk]), follow=True)
    assert "déjà retirée" in again.content.decode()


def test_edit_a_published_entry_hides_it_until_validated(client, member):
    entry = entry_in(E.PUBLIEE, member=member)
    url = reverse("annuaire:edit", args=[entry.pk])
    assert "retirée de l'annuaire" in client.get(url).content.decode()
    response = client.post(url, FORM | {"name": "Label Lumière Noire"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == E.SOUMISE and entry.name == "Label Lumière Noire"
    assert list(client.get(reverse("annuaire:index")).context["page"].object_list) == []


def test_edit_with_bad_input_changes_nothing(client, member):
    entry = entry_in(E.PUBLIEE, member=member)
    response = client.post(reverse("annuaire:edit", args=[entry.pk]), FORM | {"city": ""})
    assert response.status_code == 200 and "Indiquez la commune." in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == E.PUBLIEE and entry.city == "Paris"


def test_submit_a_draft_twice_is_harmless(client, member):
    entry = structure_entry(member=member)
    url = reverse("annuaire:submit", args=[entry.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "déjà envoyée" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == E.SOUMISE


def test_submit_an_incomplete_draft_says_what_is_missing(client, member):
    entry = structure_entry(member=member, presentation="")
    page = client.get(reverse("annuaire:manage", args=[entry.pk])).content.decode()
    assert "Rédigez une courte présentation." in page
    response = client.post(reverse("annuaire:submit", args=[entry.pk]), follow=True)
    assert "Rédigez une courte présentation." in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == E.BROUILLON


def test_a_refused_entry_cannot_be_edited(client, member):
    entry = entry_in(E.REFUSEE, member=member)
    response = client.post(reverse("annuaire:edit", args=[entry.pk]), FORM, follow=True)
    assert "ne peut plus être modifiée" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == E.REFUSEE


# --- dashboard -----------------------------------------------------------------------------


def test_dashboard_tile_and_menu(client, member):
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert "l'annuaire permet d'identifier des structures et personnes" in body
    assert "S&#x27;inscrire à l&#x27;annuaire" in body or "S'inscrire à l'annuaire" in body
    assert 'href="/annuaire/"' in body and 'href="/annuaire/inscription/"' in body


def test_dashboard_tile_makes_no_query(rf):
    from accounts.dashboard import _sections

    section = _sections["annuaire"]
    assert section.order == 70
    assert section.context(rf.get("/")) == {}


def test_anonymous_search_page_has_no_side_menu(client):
    user = UserFactory()
    assert client.get(reverse("annuaire:index")).status_code == 200
    client.force_login(user)
    assert "Annuaire" in client.get(reverse("annuaire:index")).content.decode()
