"""The appointments' id kwargs for the access test and the fuzz suite (tests/fuzz/urlmap.py).

A booking is its person's own: it has no ``structure`` attribute (the field is
``for_structure``), so the owner is ``booking.user``."""

PRINCIPALS = {"booking_id": "rdv.Booking"}
PRINCIPAL_ORDER = ["booking_id"]


def _free_slot(user) -> dict:
    from rdv.tests.factories import SlotFactory

    return {"creneau": SlotFactory().pk}


QUERY = {"rdv:book": _free_slot}  # the booking form of a free slot
