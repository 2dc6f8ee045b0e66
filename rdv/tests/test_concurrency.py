"""Two people booking the same slot at the same instant: one booking, one clear refusal
(PostgreSQL only: SQLite has no row locks; run with DATABASE_URL pointing at PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from accounts.tests.factories import UserFactory
from rdv.models import Booking
from rdv.tests.factories import SlotFactory, book

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]


@pytest.mark.parametrize("people", [2, 4])
def test_people_racing_for_one_slot(people):
    slot = SlotFactory()
    users = [UserFactory() for _ in range(people)]
    barrier = threading.Barrier(people)
    outcomes: dict[int, str] = {}

    def attempt(user) -> None:
        try:
            barrier.wait(timeout=10)
            book(slot, user)
            outcomes[user.pk] = "réservé"
        except ValidationError as error:
            outcomes[user.pk] = " ".join(error.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert list(outcomes.values()).count("réservé") == 1, outcomes
    assert all("vient d'être réservé" in v for v in outcomes.values() if v != "réservé")
    assert Booking.objects.filter(slot=slot).count() == 1


def test_moves_racing_for_one_slot():
    from rdv import services

    first, second = book(), book()
    target = SlotFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(booking) -> None:
        try:
            barrier.wait(timeout=10)
            services.booking_move(booking=booking, slot_id=target.pk, actor=booking.user)
            outcomes.append("déplacé")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(b,)) for b in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count("déplacé") == 1, outcomes
    assert Booking.objects.filter(slot=target).count() == 1
    # the loser keeps its appointment (the move is one transaction)
    assert Booking.objects.filter(status="confirme").count() == 2
