"""Reads of the appointments: free slots for everyone, bookings scoped to their person."""

import datetime as dt
import uuid

from django.core.paginator import Paginator
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from rdv import rules
from rdv.choices import topic_needle
from rdv.models import Booking, Slot
from rdv.workflow import HOLDING

SLOTS_PAGE = 20
BOOKINGS_PAGE = 20


def free_slots(*, permanence: str = "", topic: str = "", exclude_pk=None) -> QuerySet[Slot]:
    """Published future slots nobody holds, the soonest first, their adviser joined."""
    held = Booking.objects.filter(slot=OuterRef("pk"), status__in=HOLDING)
    slots = (
        Slot.objects.filter(published=True, start__gt=timezone.now(), adviser__active=True)
        .exclude(Exists(held))
        .select_related("adviser")
        .order_by("start", "pk")
    )
    if permanence:
        slots = slots.filter(adviser__permanence=permanence)
    if topic:
        slots = slots.filter(topics__contains=topic_needle(topic))
    if exclude_pk is not None:
        slots = slots.exclude(pk=exclude_pk)
    return slots


def free_slot(*, slot_id) -> Slot | None:
    try:
        slot_id = int(slot_id)
    except (TypeError, ValueError):
        return None
    return free_slots().filter(pk=slot_id).first()


def slots_page(*, page, **filters):
    """One page of free slots: two queries (count, rows) whatever their number."""
    return Paginator(free_slots(**filters), SLOTS_PAGE).get_page(page)


def booking_by_token(*, user, token) -> Booking | None:
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    return Booking.objects.filter(user=user, token=token).only("pk").first()


def bookings_for_user(*, user) -> QuerySet[Booking]:
    return Booking.objects.filter(user=user).select_related("slot__adviser", "for_structure")


def bookings_page(*, user, page):
    bookings = bookings_for_user(user=user).order_by("-slot__start", "-pk")
    return Paginator(bookings, BOOKINGS_PAGE).get_page(page)


def booking_for_user(*, user, booking_id: int) -> Booking:
    """The person's own booking, else 404 (never reveal that it exists)."""
    return get_object_or_404(
        bookings_for_user(user=user).select_related("moved_from__slot", "moved_to__slot"),
        pk=booking_id,
    )


def overlapping_slots(*, adviser, starts: list[dt.datetime], minutes: int, exclude=None):
    """Existing slots of the adviser overlapping one of ``starts`` (two queries)."""
    if not starts:
        return []
    longest = Slot.objects.filter(adviser=adviser).aggregate(m=Max("duration"))["m"] or 0
    window = Slot.objects.filter(
        adviser=adviser,
        start__lt=max(starts) + dt.timedelta(minutes=minutes),
        start__gt=min(starts) - dt.timedelta(minutes=max(longest, minutes)),
    )
    if exclude is not None:
        window = window.exclude(pk=exclude)
    return [
        slot
        for slot in window.only("start", "duration").order_by("start")
        if any(rules.overlaps(start, minutes, slot.start, slot.duration) for start in starts)
    ]
