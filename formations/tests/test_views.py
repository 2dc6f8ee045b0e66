"""The pages: the public catalogue and module page, the inscription form, « Mes inscriptions »,
cancel and the convocation PDF."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import UserFactory
from espace_pro.tests.factories import MembershipFactory
from formations.choices import Format, Parcours
from formations.documents import send_convocation
from formations.models import Inscription
from formations.tests.factories import ModuleFactory, in_days, make_session, register
from formations.workflow import IS

pytestmark = pytest.mark.django_db

# count + modules + their sessions (anonymous: no session, no user)
INDEX_QUERIES = 3
# session + user, then count + rows
MY_INSCRIPTIONS_QUERIES = 4


@pytest.fixture
def member(client):
    membership = MembershipFactory(role="Gérante")
    client.force_login(membership.user)
    return membership


@pytest.mark.parametrize("n", [1, 25])
def test_index_constant_queries(client, django_assert_num_queries, n):
    for module in ModuleFactory.create_batch(n):
        make_session(module), make_session(module, days=30)
    with django_assert_num_queries(INDEX_QUERIES):
        response = client.get(reverse("formations:index"))
    assert response.status_code == 200
    modules = response.context["page"].object_list
    assert len(modules) == min(n, 10)
    assert all(len(m.next_sessions) == 2 for m in modules)


def test_index_filters_parcours_format_and_dates(client):
    admin_ = ModuleFactory(parcours=Parcours.ADMINISTRATIF, format=Format.PRESENTIEL)
    numerique = ModuleFactory(parcours=Parcours.NUMERIQUE, format=Format.DISTANCIEL)
    ModuleFactory(parcours=Parcours.NUMERIQUE, published=False)
    make_session(admin_, days=10)
    make_session(numerique, days=40)
    url = reverse("formations:index")

    def shown(**params):
        return list(client.get(url, params).context["page"].object_list)

    assert shown() == [admin_, numerique]
    assert shown(parcours="numerique") == [numerique]
    assert shown(format="presentiel") == [admin_]
    day = (in_days(35)).date().isoformat()
    assert shown(date_from=day) == [numerique]
    assert shown(date_to=day) == [admin_]


def test_index_bad_filters_show_french_errors(client):
    response = client.get(
        reverse("formations:index"),
        {"parcours": "piano", "date_from": "2027-02-01", "date_to": "2027-01-01"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and response.context["page"] is None
    assert "Select a valid choice" not in body and "fr-alert--error" in body
    assert "Cette date précède la date de début" in body


def test_module_page_is_public_and_shows_seats(client):
    full = make_session(seats=1)
    register(full), register(full)
    make_session(full.module, days=40, seats=5)
    response = client.get(reverse("formations:module", args=[full.module.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Complète" in body and "1 personne en attente" in body
    assert "S'inscrire sur la liste d'attente" in body
    assert "5 places restantes" in body


def test_unpublished_module_is_404(client):
    module = ModuleFactory(published=False)
    assert client.get(reverse("formations:module", args=[module.slug])).status_code == 404


def test_register_needs_login(client):
    session = make_session()
    response = client.get(reverse("formations:register"), {"session": session.pk})
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def _post(client, session, **data):
    form = client.get(reverse("formations:register"), {"session": session.pk}).context["form"]
    return client.post(
        reverse("formations:register"),
        {"session": session.pk, "structure": "personnel", "token": form.initial["token"], **data},
    )


def test_register_for_a_structure_and_double_submission(client, member, oncommit):
    session = make_session()
    form = client.get(reverse("formations:register"), {"session": session.pk}).context["form"]
    data = {"session": session.pk, "structure": member.structure.pk, "token": form.initial["token"]}
    with oncommit():
        first = client.post(reverse("formations:register"), data)
    second = client.post(reverse("formations:register"), data)
    inscription = Inscription.objects.get()
    assert (
        first["Location"]
        == second["Location"]
        == reverse("formations:inscription", args=[inscription.pk])
    )
    assert inscription.for_structure == member.structure
    assert inscription.status == IS.CONFIRMEE
    assert any("confirmée" in m.subject for m in mail.outbox)


def test_register_with_a_foreign_structure_is_refused_next_to_the_field(client, member):
    other = MembershipFactory(role="Gérant").structure
    response = _post(client, make_session(), structure=other.pk)
    assert response.status_code == 200
    assert response.context["form"].errors["structure"]
    assert not Inscription.objects.exists()


def test_register_on_a_full_session_goes_to_the_waiting_list(client, member):
    session = make_session(seats=1)
    register(session)
    response = client.get(reverse("formations:register"), {"session": session.pk})
    assert "complète" in response.content.decode()
    response = _post(client, session)
    inscription = Inscription.objects.get(user=member.user)
    assert inscription.status == IS.EN_ATTENTE
    page = client.get(response["Location"]).content.decode()
    assert "position 1" in page


def test_register_twice_without_token_replay_is_refused(client, member):
    session = make_session()
    _post(client, session)
    response = client.post(
        reverse("formations:register"),
        {"session": session.pk, "structure": "personnel", "token": str(uuid.uuid4())},
        follow=True,
    )
    assert "Vous êtes déjà inscrit(e) à cette session" in response.content.decode()
    assert Inscription.objects.filter(user=member.user).count() == 1


def test_register_on_an_unknown_session_redirects_with_a_message(client, member):
    response = client.get(reverse("formations:register"), {"session": "abc"})
    assert response.status_code == 302


@pytest.mark.parametrize("n", [1, 30])
def test_my_inscriptions_constant_queries(client, member, django_assert_num_queries, n):
    for _i in range(n):
        register(user=member.user, structure=member.structure)
    with django_assert_num_queries(MY_INSCRIPTIONS_QUERIES):
        response = client.get(reverse("formations:my_inscriptions"))
    assert len(response.context["page"].object_list) == min(n, 20)


def test_cancel_before_and_after_the_delay(client, member):
    early = register(make_session(days=20), member.user)
    late = register(make_session(days=3), member.user)
    client.post(reverse("formations:cancel", args=[early.pk]))
    early.refresh_from_db()
    assert early.status == IS.ANNULEE_PERSONNE
    response = client.post(reverse("formations:cancel", args=[late.pk]), follow=True)
    late.refresh_from_db()
    assert late.status == IS.CONFIRMEE
    assert "L&#x27;annulation en ligne n&#x27;est plus possible" in response.content.decode()


def test_cancel_is_post_only(client, member):
    inscription = register(user=member.user)
    assert client.get(reverse("formations:cancel", args=[inscription.pk])).status_code == 405


def test_convocation_pdf_for_its_owner_only(client, member):
    inscription = register(user=member.user)
    url = reverse("formations:convocation", args=[inscription.pk])
    assert client.get(url).status_code == 404  # not rendered yet
    send_convocation({"inscription_id": inscription.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # another person, with a complete inscription of their own, gets 404
    stranger = MembershipFactory(role="Gérant")
    other = register(user=stranger.user, structure=stranger.structure)
    send_convocation({"inscription_id": other.pk})
    client.force_login(member.user)
    for name in ("inscription", "convocation"):
        assert client.get(reverse(f"formations:{name}", args=[other.pk])).status_code == 404
    assert client.post(reverse("formations:cancel", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.status == IS.CONFIRMEE


def test_cancelled_inscription_has_no_convocation(client, member):
    inscription = register(user=member.user)
    send_convocation({"inscription_id": inscription.pk})
    client.post(reverse("formations:cancel", args=[inscription.pk]))
    assert client.get(reverse("formations:convocation", args=[inscription.pk])).status_code == 404


def test_inscription_page_after_delay_explains_why(client, member):
    inscription = register(make_session(days=20, cancellation_delay_days=25), member.user)
    body = client.get(reverse("formations:inscription", args=[inscription.pk])).content
    assert "Annuler mon inscription" not in body.decode()
    assert "est passé" in body.decode()


def test_pages_render_in_french(client):
    body = client.get(reverse("formations:index")).content.decode()
    assert 'lang="fr"' in body and "Le catalogue des formations vous propose" in body


def test_dashboard_tile_and_menu(client):
    user = UserFactory()
    client.force_login(user)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Découvrez également l&#x27;ensemble de nos formations" in body or (
        "Découvrez également l'ensemble de nos formations" in body
    )
    assert "Voir la liste des formations" in body


def test_register_page_of_a_session_already_joined_leads_to_the_inscription(client, member):
    session = make_session()
    inscription = register(session, member.user)
    response = client.get(reverse("formations:register"), {"session": session.pk})
    assert response["Location"] == reverse("formations:inscription", args=[inscription.pk])
