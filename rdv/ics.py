"""The appointment as an iCalendar object (RFC 5545), with the iTIP methods of RFC 5546:
REQUEST when booked, CANCEL (same UID, SEQUENCE + 1) when cancelled or moved away."""

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from rdv.workflow import CANCELLED

PRODID = "-//Centre national de la musique//Mon Espace CNM RDV//FR"


def escape_text(value: str) -> str:
    """TEXT values (RFC 5545 § 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded (§ 3.1), never inside a UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines start with one space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def uid(booking) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "cnm.fr"
    return f"rdv-{booking.uid}@{host}"


def method_of(booking) -> str:
    return "CANCEL" if booking.status in CANCELLED else "REQUEST"


def booking_ics(booking, *, method: str | None = None, now: dt.datetime | None = None) -> str:
    """The calendar file of ``booking`` in its current state (``sequence`` included)."""
    method = method or method_of(booking)
    slot = booking.slot
    adviser = slot.adviser
    description = (
        f"{booking.topic_label}\n{slot.get_mode_display()}"
        + (f" : {slot.location}" if slot.location else "")
        + f"\n\n{booking.description}\n\n{settings.SITE_URL}{reverse('rdv:booking', args=[booking.pk])}"
    )
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{uid(booking)}",
        f"SEQUENCE:{booking.sequence}",
        f"DTSTAMP:{utc(now or timezone.now())}",
        f"DTSTART:{utc(slot.start)}",
        f"DTEND:{utc(slot.end)}",
        f"SUMMARY:{escape_text(f'RDV CNM – {adviser.get_permanence_display()}')}",
        f"DESCRIPTION:{escape_text(description)}",
        f"LOCATION:{escape_text(slot.location or slot.get_mode_display())}",
        f"ORGANIZER;CN={_param(adviser.name)}:mailto:{adviser.email}",
        f"ATTENDEE;CN={_param(booking.user.get_full_name() or booking.user.email)};"
        f"ROLE=REQ-PARTICIPANT:mailto:{booking.user.email}",
        f"STATUS:{'CANCELLED' if method == 'CANCEL' else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def _param(value: str) -> str:
    """A parameter value (§ 3.2): quoted, without the characters a quoted value cannot hold."""
    cleaned = value.replace('"', "").replace("\r", " ").replace("\n", " ")
    return f'"{cleaned}"'


def filename(booking, method: str | None = None) -> str:
    kind = "annulation" if (method or method_of(booking)) == "CANCEL" else "rendez-vous"
    return f"{kind}-cnm-{booking.pk}.ics"
