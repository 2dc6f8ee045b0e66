"""Booking, cancelling, moving, staff records and the daily reminders."""

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.tests.factories import UserFactory
from cnm_portal.models import StatusChange
from espace_pro.tests.factories import MembershipFactory, StructureFactory
from rdv import services
from rdv.choices import Topic
from rdv.models import Booking
from rdv.tests.factories import SlotFactory, book
from rdv.workflow import B

pytestmark = pytest.mark.django_db


def _attachments(message):
    """name -> (text, mimetype); Django gives text/* attachments back as str."""
    return {
        name: (content if isinstance(content, str) else content.decode(), mimetype)
        for name, content, mimetype in message.attachments
    }


def test_booking_confirmed_with_ics_and_adviser_told(oncommit):
    member = MembershipFactory(role="Gérante")
    slot = SlotFactory()
    with oncommit():
        booking = book(slot, member.user, structure=member.structure)
    assert booking.status == B.CONFIRME and booking.for_structure == member.structure
    assert StatusChange.objects.filter(object_id=str(booking.pk), to_status=B.CONFIRME).exists()
    person = next(m for m in mail.outbox if member.user.email in m.to)
    assert "confirmé" in person.subject
    files = _attachments(person)
    [(content, mimetype)] = files.values()
    assert mimetype.startswith("text/calendar") and "METHOD:REQUEST" in content
    adviser = next(m for m in mail.outbox if slot.adviser.email in m.to)
    assert "Nouveau rendez-vous" in adviser.subject and booking.description in adviser.body


def test_a_slot_cannot_be_booked_twice():
    slot = SlotFactory()
    book(slot)
    with pytest.raises(ValidationError) as error:
        book(slot)
    assert "vient d'être réservé" in str(error.value)
    assert Booking.objects.filter(slot=slot).count() == 1


def test_the_database_refuses_a_second_holding_booking():
    first = book()
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            slot=first.slot, user=UserFactory(), topic=Topic.AIDES, description="x"
        )


def test_same_token_twice_is_one_booking():
    user, token = UserFactory(), uuid.uuid4()
    first = book(SlotFactory(), user, token=token)
    again = book(SlotFactory(), user, token=token)
    assert again.pk == first.pk and Booking.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"description": "  "}, "Décrivez votre projet"),
        ({"description": "x" * 1001}, "1000 caractères"),
        ({"topic": Topic.EUROPE}, "pas proposé sur ce créneau"),
    ],
)
def test_bad_input_saves_nothing(change, message):
    user = UserFactory()
    data = {"topic": Topic.AIDES, "description": "Un projet", **change}
    with pytest.raises(ValidationError) as error:
        services.booking_create(slot_id=SlotFactory().pk, user=user, actor=user, **data)
    assert message in " ".join(error.value.messages)
    assert not Booking.objects.exists()


def test_structure_must_be_the_users():
    user = UserFactory()
    with pytest.raises(ValidationError, match="pas membre"):
        book(user=user, structure=StructureFactory())


@pytest.mark.parametrize(
    "slot_kwargs",
    [
        {"published": False},
        {"start": timezone.now() - dt.timedelta(minutes=1)},
    ],
)
def test_unpublished_or_past_slot_refused(slot_kwargs):
    with pytest.raises(ValidationError, match="plus proposé"):
        book(SlotFactory(**slot_kwargs))


def test_slot_of_an_inactive_adviser_refused():
    slot = SlotFactory(adviser__active=False)
    with pytest.raises(ValidationError, match="plus proposé"):
        book(slot)


def test_cancel_frees_the_slot_and_sends_cancel_ics(oncommit):
    booking = book()
    with oncommit():
        cancelled = services.booking_cancel(booking=booking, actor=booking.user)
    assert cancelled.status == B.ANNULE_PERSONNE and cancelled.sequence == 1
    person = next(m for m in mail.outbox if booking.user.email in m.to and "annulé" in m.subject)
    [(content, _mime)] = _attachments(person).values()
    assert "METHOD:CANCEL" in content and "SEQUENCE:1" in content
    assert any(booking.slot.adviser.email in m.to and "annulé" in m.subject for m in mail.outbox)
    assert book(booking.slot).status == B.CONFIRME  # free again


def _at(booking, before):
    return booking.slot.start - before


@pytest.mark.parametrize(
    ("before", "allowed"),
    [
        (dt.timedelta(hours=24), True),
        (dt.timedelta(hours=24) - dt.timedelta(seconds=1), False),
        (dt.timedelta(hours=24) + dt.timedelta(seconds=1), True),
    ],
)
def test_cancel_and_move_until_24_hours_before(clock, before, allowed):
    booking = book()
    other = SlotFactory(adviser=booking.slot.adviser)
    clock.now = _at(booking, before)
    if allowed:
        moved = services.booking_move(booking=booking, slot_id=other.pk, actor=booking.user)
        assert moved.slot == other
        return
    with pytest.raises(ValidationError, match="moins de 24 heures"):
        services.booking_cancel(booking=booking, actor=booking.user)
    with pytest.raises(ValidationError, match="moins de 24 heures"):
        services.booking_move(booking=booking, slot_id=other.pk, actor=booking.user)
    booking.refresh_from_db()
    assert booking.status == B.CONFIRME


def test_move_is_atomic_when_the_new_slot_is_taken():
    booking = book()
    taken = book(SlotFactory()).slot
    with pytest.raises(ValidationError, match="vient d'être réservé"):
        services.booking_move(booking=booking, slot_id=taken.pk, actor=booking.user)
    booking.refresh_from_db()
    assert booking.status == B.CONFIRME and booking.sequence == 0


def test_move_keeps_topic_structure_and_description(oncommit):
    member = MembershipFactory(role="Gérante")
    booking = book(user=member.user, structure=member.structure, topic=Topic.AFFILIATION)
    other = SlotFactory()
    with oncommit():
        new = services.booking_move(booking=booking, slot_id=other.pk, actor=member.user)
    booking.refresh_from_db()
    assert booking.status == B.DEPLACE and booking.sequence == 1 and new.moved_from == booking
    assert (new.topic, new.for_structure, new.description) == (
        Topic.AFFILIATION,
        member.structure,
        booking.description,
    )
    moved = next(m for m in mail.outbox if member.user.email in m.to and "déplacé" in m.subject)
    names = sorted(_attachments(moved))
    assert names == [f"annulation-cnm-{booking.pk}.ics", f"rendez-vous-cnm-{new.pk}.ics"]
    # both advisers hear of it (the old slot is free, the new one taken)
    assert {booking.slot.adviser.email, other.adviser.email} <= {
        address for m in mail.outbox if "déplacé" in m.subject for address in m.to
    }


def test_staff_records_only_after_the_start(clock):
    booking = book()
    other = book()
    with pytest.raises(ValidationError, match="pas encore eu lieu"):
        services.booking_record(booking=booking, to=B.EFFECTUE, actor=None)
    clock.now = max(booking.slot.start, other.slot.start) + dt.timedelta(minutes=5)
    assert services.booking_record(booking=booking, to=B.ABSENT, actor=None).status == B.ABSENT
    booking = services.booking_record(booking=booking, to=B.EFFECTUE, actor=None)
    assert booking.status == B.EFFECTUE  # a wrong record is corrected
    with pytest.raises(ValidationError, match="commencé"):
        services.booking_cancel(booking=other, actor=None, by_cnm=True)


def test_reminders_for_tomorrow_once(clock, oncommit):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    at = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(9, 0)))
    due = book(SlotFactory(start=at))
    later = book(SlotFactory(start=at + dt.timedelta(days=1)))
    cancelled = services.booking_cancel(
        booking=book(SlotFactory(start=at + dt.timedelta(hours=3))), actor=None, by_cnm=True
    )
    mail.outbox.clear()
    with oncommit():
        assert services.reminders_send() == 1
    with oncommit():
        assert services.reminders_send() == 0  # run twice: nothing more
    reminders = [m for m in mail.outbox if "Rappel" in m.subject]
    assert [m.to for m in reminders] == [[due.user.email]]
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.reminded_at is not None and later.reminded_at is None
    assert cancelled.reminded_at is None


def test_ics_files_stored_privately():
    booking = book()
    from cnm_portal.models import OutboxMessage

    paths = [
        a["path"]
        for m in OutboxMessage.objects.filter(kind="email")
        for a in m.payload["attachments"]
    ]
    assert paths and all(p.startswith("rdv/ics/") and default_storage.exists(p) for p in paths)
    assert str(booking.pk) in paths[0]


def test_at_most_three_upcoming_bookings_moving_does_not_count():
    user = UserFactory()
    bookings = [book(user=user) for _ in range(3)]
    with pytest.raises(ValidationError, match="déjà 3 rendez-vous"):
        book(user=user)
    services.booking_move(booking=bookings[0], slot_id=SlotFactory().pk, actor=user)
    services.booking_cancel(booking=bookings[1], actor=user)
    assert book(user=user).status == B.CONFIRME


def test_account_deletion_frees_the_slot_and_tells_the_adviser(oncommit):
    from accounts.services import user_delete

    booking = book()
    slot, adviser = booking.slot, booking.slot.adviser
    mail.outbox.clear()
    with oncommit():
        user_delete(user=booking.user, actor=booking.user)
    assert not Booking.objects.filter(pk=booking.pk).exists()
    [message] = [m for m in mail.outbox if adviser.email in m.to]
    assert "a supprimé son compte" in message.body
    assert book(slot).status == B.CONFIRME
