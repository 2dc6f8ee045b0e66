"""Two members registering the same structure at the same instant: one entry, the other lands on
it (PostgreSQL only: run with DATABASE_URL pointing at PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from annuaire.models import Entry
from annuaire.tests.factories import structure_entry
from espace_pro.tests.factories import MembershipFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent inserts need PostgreSQL (DATABASE_URL)",
    ),
]


@pytest.mark.parametrize("people", [2, 4])
def test_members_racing_to_register_one_structure(people):
    first = MembershipFactory()
    members = [first] + [MembershipFactory(structure=first.structure) for _ in range(people - 1)]
    barrier = threading.Barrier(people)
    outcomes: dict[int, str] = {}

    def attempt(member) -> None:
        try:
            barrier.wait(timeout=10)
            structure_entry(member=member, submit=True)
            outcomes[member.pk] = "inscrite"
        except ValidationError as error:
            outcomes[member.pk] = error.code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["exists"] * (people - 1) + ["inscrite"], outcomes
    assert Entry.objects.filter(structure=first.structure).count() == 1
