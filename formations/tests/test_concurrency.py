"""People asking for the last seats at the same instant: never oversold, the others wait in
order (PostgreSQL only: SQLite has no row locks; run with DATABASE_URL pointing at PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from accounts.tests.factories import UserFactory
from formations import services
from formations.models import Inscription
from formations.tests.factories import make_session, register
from formations.workflow import IS, SEATED

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]


def _race(people, act):
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []

    def attempt(person) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes.append(act(person))
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("people", [2, 5])
def test_last_seat_goes_to_one_person(people):
    session = make_session(seats=1)
    outcomes = _race([UserFactory() for _ in range(people)], lambda u: register(session, u).status)
    assert sorted(outcomes) == sorted([IS.CONFIRMEE] + [IS.EN_ATTENTE] * (people - 1)), outcomes
    assert Inscription.objects.filter(session=session, status__in=SEATED).count() == 1


def test_two_cancellations_promote_two_distinct_people():
    session = make_session(seats=2)
    seated = [register(session), register(session)]
    waiting = [register(session), register(session), register(session)]
    _race(
        seated,
        lambda i: services.inscription_cancel(inscription=i, actor=i.user).status,
    )
    statuses = [Inscription.objects.get(pk=i.pk).status for i in waiting]
    assert statuses == [IS.CONFIRMEE, IS.CONFIRMEE, IS.EN_ATTENTE]
