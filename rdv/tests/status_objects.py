"""Every-status contract of the appointments (see tests/test_admin_every_status.py)."""

import datetime as dt
from unittest import mock

from espace_pro.tests.factories import MembershipFactory
from rdv import services
from rdv.models import Adviser, Booking, Slot
from rdv.tests.factories import AdviserFactory, SlotFactory, book
from rdv.workflow import B, booking_flow


def make_booking(status: str) -> Booking:
    """A booking made by a member for their structure, moved through the services."""
    member = MembershipFactory(role="Gérante")
    booking = book(user=member.user, structure=member.structure)
    if status == B.CONFIRME:
        return booking
    if status == B.ANNULE_PERSONNE:
        return services.booking_cancel(booking=booking, actor=member.user)
    if status == B.ANNULE_CNM:
        return services.booking_cancel(
            booking=booking, actor=None, by_cnm=True, reason="Conseillère indisponible"
        )
    if status == B.DEPLACE:
        other = SlotFactory(adviser=booking.slot.adviser)
        services.booking_move(booking=booking, slot_id=other.pk, actor=member.user)
        booking.refresh_from_db()
        return booking
    later = booking.slot.start + dt.timedelta(hours=1)  # the appointment has taken place
    with mock.patch("django.utils.timezone.now", return_value=later):
        booking = services.booking_record(booking=booking, to=B.EFFECTUE, actor=None)
        if status == B.ABSENT:
            booking = services.booking_record(booking=booking, to=B.ABSENT, actor=None)
    return booking


def make_slot(status=None) -> Slot:
    return book(SlotFactory()).slot


STATUS_OBJECTS = {
    Adviser: (None, lambda status=None: AdviserFactory()),
    Slot: (None, make_slot),
    Booking: (booking_flow, make_booking),
}
