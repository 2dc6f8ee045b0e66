"""The pages: « Prendre un RDV CNM », the booking form, « Mes rendez-vous », cancel, move, .ics."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from espace_pro.tests.factories import MembershipFactory
from rdv import rules, services
from rdv.choices import Permanence, Topic, encode_topics
from rdv.models import Booking
from rdv.tests.factories import AdviserFactory, SlotFactory, book
from rdv.workflow import B

pytestmark = pytest.mark.django_db

# session + user, then count + rows of the page
INDEX_QUERIES = 4
MY_BOOKINGS_QUERIES = 4


@pytest.fixture
def member(client):
    membership = MembershipFactory(role="Gérante")
    client.force_login(membership.user)
    return membership


@pytest.mark.parametrize("n", [1, 30])
def test_index_constant_queries(client, member, django_assert_num_queries, n):
    SlotFactory.create_batch(n)
    with django_assert_num_queries(INDEX_QUERIES):
        response = client.get(reverse("rdv:index"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(n, 20)


def test_index_filters_permanence_and_topic_and_hides_taken(client, member):
    musique = SlotFactory()
    innovation = SlotFactory(
        adviser=AdviserFactory(
            permanence=Permanence.INNOVATION, topics=encode_topics([Topic.INNOVATION])
        ),
        topics=encode_topics([Topic.INNOVATION]),
    )
    taken = book(SlotFactory()).slot
    SlotFactory(published=False)
    response = client.get(reverse("rdv:index"), {"permanence": "innovation", "topic": ""})
    assert list(response.context["page"].object_list) == [innovation]
    response = client.get(reverse("rdv:index"), {"topic": Topic.AIDES})
    shown = list(response.context["page"].object_list)
    assert musique in shown and taken not in shown and innovation not in shown
    assert "Conseil Musique" in response.content.decode()


def test_index_bad_filter_shows_error_in_french(client, member):
    response = client.get(reverse("rdv:index"), {"permanence": "n'importe"})
    body = response.content.decode()
    assert response.status_code == 200 and "fr-alert--error" in body
    assert "Select a valid choice" not in body


def test_index_needs_login(client):
    response = client.get(reverse("rdv:index"))
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def _form(client, slot):
    response = client.get(reverse("rdv:book"), {"creneau": slot.pk, "theme": Topic.AFFILIATION})
    assert response.status_code == 200
    return response.context["form"]


def test_book_for_a_structure_and_double_submission(client, member):
    slot = SlotFactory()
    form = _form(client, slot)
    assert form.initial["topic"] == Topic.AFFILIATION
    data = {
        "slot": slot.pk,
        "topic": Topic.AFFILIATION,
        "structure": str(member.structure.pk),
        "description": "Première demande d'affiliation d'un label associatif.",
        "token": form.initial["token"],
    }
    response = client.post(reverse("rdv:book"), data)
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "rdv:booking", args=[booking.pk]
    )
    assert booking.for_structure == member.structure and booking.user == member.user
    again = client.post(reverse("rdv:book"), data)  # the same form posted twice
    assert Booking.objects.count() == 1
    assert again["Location"] == reverse("rdv:booking", args=[booking.pk])


def test_book_personally_without_structure(client):
    user = UserFactory()
    client.force_login(user)
    slot = SlotFactory()
    form = _form(client, slot)
    response = client.post(
        reverse("rdv:book"),
        {
            "slot": slot.pk,
            "topic": Topic.AIDES,
            "structure": "personnel",
            "description": "Projet de festival.",
            "token": form.initial["token"],
        },
    )
    assert response.status_code == 302
    assert Booking.objects.get().for_structure is None


def test_book_errors_next_to_fields_nothing_saved(client, member):
    slot = SlotFactory()
    form = _form(client, slot)
    response = client.post(
        reverse("rdv:book"),
        {
            "slot": slot.pk,
            "topic": Topic.EUROPE,  # not offered on this slot
            "structure": "personnel",
            "description": "",
            "token": form.initial["token"],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"topic", "description"}
    assert "fr-message--error" in response.content.decode()
    assert not Booking.objects.exists()


def test_book_a_taken_or_unknown_slot_goes_back_to_the_list(client, member):
    taken = book(SlotFactory()).slot
    for value in (taken.pk, 999999, "abc", ""):
        response = client.get(reverse("rdv:book"), {"creneau": value})
        assert response.status_code == 302 and response["Location"] == reverse("rdv:index")


@pytest.mark.parametrize("n", [1, 25])
def test_my_bookings_constant_queries(client, member, django_assert_num_queries, n, monkeypatch):
    monkeypatch.setattr(rules, "MAX_UPCOMING", 100)  # many appointments of one person
    for _ in range(n):
        book(SlotFactory(), member.user, structure=member.structure)
    with django_assert_num_queries(MY_BOOKINGS_QUERIES):
        response = client.get(reverse("rdv:my_bookings"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(n, 20)


def _foreign_booking():
    """Another person's booking, as complete as a real one (structure, moved once)."""
    other = MembershipFactory(role="Gérante")
    booking = book(user=other.user, structure=other.structure)
    return services.booking_move(booking=booking, slot_id=SlotFactory().pk, actor=other.user)


@pytest.mark.parametrize("name", ["booking", "move", "calendar_file"])
def test_foreign_booking_is_404(client, member, name):
    foreign = _foreign_booking()
    assert client.get(reverse(f"rdv:{name}", args=[foreign.pk])).status_code == 404


def test_foreign_booking_cannot_be_cancelled(client, member):
    foreign = _foreign_booking()
    assert client.post(reverse("rdv:cancel", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == B.CONFIRME


def test_detail_cancel_and_ics(client, member):
    booking = book(user=member.user)
    page = client.get(reverse("rdv:booking", args=[booking.pk])).content.decode()
    assert "Annuler le rendez-vous" in page and "Déplacer" in page
    ics = client.get(reverse("rdv:calendar_file", args=[booking.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"METHOD:REQUEST" in ics.content
    response = client.post(reverse("rdv:cancel", args=[booking.pk]))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == B.ANNULE_PERSONNE
    assert b"METHOD:CANCEL" in client.get(reverse("rdv:calendar_file", args=[booking.pk])).content
    again = client.post(reverse("rdv:cancel", args=[booking.pk]), follow=True)
    assert "Impossible de passer" in again.content.decode()  # a second click changes nothing


def test_inside_24_hours_no_buttons_and_refused(client, member, clock):
    booking = book(user=member.user)
    clock.now = booking.slot.start - dt.timedelta(hours=23)
    client.force_login(member.user)  # the session of « now » would have expired
    page = client.get(reverse("rdv:booking", args=[booking.pk])).content.decode()
    assert "Annuler le rendez-vous" not in page and "ne peut plus être annulé" in page
    response = client.post(reverse("rdv:cancel", args=[booking.pk]), follow=True)
    assert "moins de 24 heures" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == B.CONFIRME


def test_move_lists_same_permanence_and_topic_then_moves(client, member):
    booking = book(user=member.user, topic=Topic.AIDES)
    same = SlotFactory(adviser=booking.slot.adviser)
    SlotFactory(topics=encode_topics([Topic.FORMATIONS]))
    response = client.get(reverse("rdv:move", args=[booking.pk]))
    assert list(response.context["page"].object_list) == [same]
    response = client.post(reverse("rdv:move", args=[booking.pk]), {"slot": same.pk})
    new = Booking.objects.get(slot=same)
    assert response["Location"] == reverse("rdv:booking", args=[new.pk])
    booking.refresh_from_db()
    assert booking.status == B.DEPLACE
    # the old booking can no longer be moved
    assert client.get(reverse("rdv:move", args=[booking.pk])).status_code == 404


def test_move_to_a_taken_slot_shows_error(client, member):
    booking = book(user=member.user)
    taken = book(SlotFactory()).slot
    response = client.post(reverse("rdv:move", args=[booking.pk]), {"slot": taken.pk})
    assert response.status_code == 200 and "fr-alert--error" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == B.CONFIRME


def test_dashboard_tile_and_menu(client, member):
    response = client.get(reverse("accounts:dashboard"))
    body = response.content.decode()
    assert "Conseil Innovation" in body and "Prendre un RDV CNM" in body
    assert 'href="/rdv/"' in body


def test_dashboard_tile_makes_no_query(rf):
    from accounts.dashboard import _sections

    section = _sections["rdv"]
    assert section.order == 50
    assert section.context(rf.get("/")) == {}


@pytest.mark.parametrize("n", [1, 30])
def test_move_page_constant_queries(client, member, django_assert_num_queries, n):
    booking = book(user=member.user)
    SlotFactory.create_batch(n, adviser=booking.slot.adviser)
    # session, user, the booking (with its slot, adviser, moves), count and rows of the page
    with django_assert_num_queries(5):
        response = client.get(reverse("rdv:move", args=[booking.pk]))
    assert len(response.context["page"].object_list) == min(n, 20)


def test_cap_of_upcoming_bookings_shown_on_the_form(client, member):
    for _ in range(3):
        book(user=member.user)
    slot = SlotFactory()
    form = _form(client, slot)
    response = client.post(
        reverse("rdv:book"),
        {
            "slot": slot.pk,
            "topic": Topic.AIDES,
            "structure": "personnel",
            "description": "Un quatrième projet.",
            "token": form.initial["token"],
        },
    )
    assert response.status_code == 200
    assert "déjà 3 rendez-vous à venir" in response.content.decode()
    assert Booking.objects.filter(user=member.user).count() == 3


def test_dashboard_tile_renders_without_query(rf, django_assert_num_queries):
    from django.template.loader import render_to_string

    from accounts.dashboard import _sections

    section = _sections["rdv"]
    request = rf.get("/")
    with django_assert_num_queries(0):
        html = render_to_string(section.template, {"section": section.context(request)})
    assert "Conseil Musique" in html and 'href="/rdv/"' in html
