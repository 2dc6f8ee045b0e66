"""Demo data: two advisers, slots over the next weeks, a booking for Camille; idempotent."""

import pytest

from accounts.demo import DEMO_ACCOUNTS, demo_user
from rdv.demo import create_demo_appointments
from rdv.models import Adviser, Booking, Slot

pytestmark = pytest.mark.django_db


def test_demo_twice_same_result():
    camille = demo_user(DEMO_ACCOUNTS[0])
    lines: list[str] = []
    create_demo_appointments(lines.append)
    counts = (Adviser.objects.count(), Slot.objects.count(), Booking.objects.count())
    create_demo_appointments(lines.append)
    assert (Adviser.objects.count(), Slot.objects.count(), Booking.objects.count()) == counts
    assert counts[0] == 2 and counts[1] > 10
    assert Booking.objects.get().user == camille
    assert any("camille.dupont@demo.cnm.fr" in line for line in lines)
