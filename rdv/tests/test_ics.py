"""The .ics file: RFC 5545 text, stable UID, REQUEST then CANCEL with SEQUENCE + 1."""

import datetime as dt

import pytest

from rdv import ics, services
from rdv.tests.factories import SlotFactory, book

pytestmark = pytest.mark.django_db


def _props(text: str) -> dict[str, str]:
    unfolded = text.replace("\r\n ", "")
    return dict(line.split(":", 1) for line in unfolded.split("\r\n") if ":" in line)


def test_request_then_cancel_same_uid_higher_sequence():
    slot = SlotFactory(start=dt.datetime(2027, 1, 12, 9, 30, tzinfo=dt.UTC), duration=45)
    booking = book(slot)
    request = ics.booking_ics(booking)
    props = _props(request)
    assert request.startswith("BEGIN:VCALENDAR\r\n") and request.endswith("END:VCALENDAR\r\n")
    assert props["METHOD"] == "REQUEST" and props["STATUS"] == "CONFIRMED"
    assert props["DTSTART"] == "20270112T093000Z" and props["DTEND"] == "20270112T101500Z"
    assert props["DTSTAMP"].endswith("Z")
    assert props["SEQUENCE"] == "0"
    assert props["UID"] == f"rdv-{booking.uid}@{props['UID'].split('@')[1]}"
    unfolded = request.replace("\r\n ", "")
    assert f'ORGANIZER;CN="{slot.adviser.name}":mailto:{slot.adviser.email}' in unfolded
    assert f"ROLE=REQ-PARTICIPANT:mailto:{booking.user.email}" in unfolded
    assert "SUMMARY:RDV CNM – Conseil Musique" in request

    cancelled = services.booking_cancel(booking=booking, actor=booking.user)
    cancel = _props(ics.booking_ics(cancelled))
    assert cancel["METHOD"] == "CANCEL" and cancel["STATUS"] == "CANCELLED"
    assert cancel["UID"] == props["UID"]
    assert cancel["SEQUENCE"] == "1"


def test_text_escaped_and_lines_folded_at_75_octets():
    booking = book()
    booking.description = "Tournée ; budget, été\nligne 2 " + "é" * 120
    text = ics.booking_ics(booking)
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    description = _props(text)["DESCRIPTION"]
    assert "Tournée \\; budget\\, été\\nligne 2" in description
    assert description.count("é") >= 120  # folding never cuts a character


def test_escape_backslash_first():
    assert ics.escape_text("a\\b;c") == "a\\\\b\\;c"
