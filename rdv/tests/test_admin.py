"""Staff screens: « Créer des créneaux » (overlaps refused), a slot by hand, booking buttons."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.tests.factories import StaffFactory
from rdv.choices import Topic
from rdv.models import Slot
from rdv.tests.factories import AdviserFactory, SlotFactory, book
from rdv.workflow import B

pytestmark = pytest.mark.django_db

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def staff(client):
    from allauth.mfa.totp.internal.auth import TOTP

    user = StaffFactory()
    TOTP.activate(user, TOTP_SECRET)
    user.groups.add(Group.objects.get(name=roles.SERVICES))
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "type": "totp"}]
    session.save()
    return user


def _next_monday():
    day = timezone.localdate() + dt.timedelta(days=7)
    return day - dt.timedelta(days=day.weekday())


def _series(adviser, **extra):
    monday = _next_monday()
    return {
        "adviser": adviser.pk,
        "first_day": monday.isoformat(),
        "last_day": (monday + dt.timedelta(days=13)).isoformat(),
        "weekdays": ["1", "3"],
        "times": "10:00, 14h30",
        "duration": "45",
        "mode": "visio",
        "location": "https://visio.cnm.fr/a",
        "topics": [Topic.AIDES, Topic.AFFILIATION],
        "published": "on",
        **extra,
    }


def test_series_creates_every_slot_then_refuses_overlaps(client, staff):
    adviser = AdviserFactory()
    url = reverse("admin:rdv_slot_series")
    assert client.get(reverse("admin:rdv_slot_changelist")).status_code == 200
    response = client.post(url, _series(adviser))
    assert response.status_code == 302, response.content.decode()[:3000]
    slots = list(Slot.objects.filter(adviser=adviser).order_by("start"))
    assert len(slots) == 8  # 2 weeks × (Tuesday, Thursday) × 2 hours
    local = timezone.localtime(slots[1].start)
    assert (local.weekday(), local.hour, local.minute) == (1, 14, 30)
    assert slots[0].topic_list == [Topic.AFFILIATION, Topic.AIDES]
    # the same series again overlaps: nothing created, the reason shown
    response = client.post(url, _series(adviser, times="10:30"))
    assert response.status_code == 200
    assert "déjà un créneau" in response.content.decode()
    assert Slot.objects.filter(adviser=adviser).count() == 8
    # another adviser may take the same hours
    other = AdviserFactory()
    assert client.post(url, _series(other)).status_code == 302


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"times": "10:00, 10:30"}, "plus proches que la durée"),
        ({"times": "25:00"}, "n&#x27;est pas une heure"),
        ({"topics": [Topic.EUROPE]}, "ne traite pas"),
        ({"weekdays": ["5"], "last_day": None}, "Aucun jour"),
    ],
)
def test_series_bad_input_nothing_created(client, staff, extra, message):
    adviser = AdviserFactory()
    data = _series(adviser, **extra)
    if "last_day" in extra:
        data["last_day"] = data["first_day"]  # a Monday only: no Saturday in the period
    response = client.post(reverse("admin:rdv_slot_series"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Slot.objects.exists()


def test_single_slot_overlap_refused_in_the_form(client, staff):
    slot = SlotFactory()
    start = timezone.localtime(slot.start + dt.timedelta(minutes=15))
    response = client.post(
        reverse("admin:rdv_slot_add"),
        {
            "adviser": slot.adviser.pk,
            "start_0": start.strftime("%d/%m/%Y"),
            "start_1": start.strftime("%H:%M:%S"),
            "duration": "45",
            "mode": "telephone",
            "location": "",
            "topics": [Topic.AIDES],
            "published": "on",
        },
    )
    assert response.status_code == 200
    assert "déjà un créneau" in response.content.decode()
    assert Slot.objects.count() == 1


def test_cancel_by_cnm_button_mails_the_person(client, staff, oncommit):
    booking = book()
    change = reverse("admin:rdv_booking_change", args=[booking.pk])
    page = client.get(change).content.decode()
    assert "Annuler (CNM)" in page
    url = reverse("admin:rdv_booking_transition", args=[booking.pk, B.ANNULE_CNM])
    mail.outbox.clear()
    with oncommit():
        response = client.post(url, {"reason": "Conseillère malade"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == B.ANNULE_CNM and booking.cancel_reason == "Conseillère malade"
    message = next(m for m in mail.outbox if booking.user.email in m.to)
    assert "Conseillère malade" in message.body


def test_booking_list_constant_queries(client, staff, django_assert_max_num_queries):
    for _ in range(5):
        book()
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("admin:rdv_booking_changelist"))
    for _ in range(10):
        book()
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(reverse("admin:rdv_booking_changelist")).status_code == 200


def test_booked_slot_time_cannot_change(client, staff):
    slot = book().slot
    start = timezone.localtime(slot.start + dt.timedelta(hours=2))
    response = client.post(
        reverse("admin:rdv_slot_change", args=[slot.pk]),
        {
            "adviser": slot.adviser.pk,
            "start_0": start.strftime("%d/%m/%Y"),
            "start_1": start.strftime("%H:%M:%S"),
            "duration": "45",
            "mode": slot.mode,
            "location": slot.location,
            "topics": slot.topic_list,
            "published": "on",
        },
    )
    assert response.status_code == 200
    assert "Ce créneau est réservé" in response.content.decode()
    before = slot.start
    slot.refresh_from_db()
    assert slot.start == before


def test_booked_slot_service_refuses_too():
    from django.core.exceptions import ValidationError

    from rdv import services

    slot = book().slot
    slot.start += dt.timedelta(hours=2)
    with pytest.raises(ValidationError, match="Ce créneau est réservé"):
        services.slot_save(slot=slot, actor=None)


def test_when_filter_of_bookings(client, staff):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    soon = book(
        SlotFactory(start=timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(11, 0))))
    )
    later = book()  # three days or more from now
    url = reverse("admin:rdv_booking_changelist")
    shown = client.get(url, {"quand": "demain"}).context["cl"].result_list
    assert list(shown) == [soon]
    shown = client.get(url, {"quand": "a_venir"}).context["cl"].result_list
    assert set(shown) == {soon, later}
    assert not client.get(url, {"quand": "passes"}).context["cl"].result_list
