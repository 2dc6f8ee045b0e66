"""Two drawings validated at the same time in two connections can never overdraw the account
(PostgreSQL only: SQLite has no row locks; ``DATABASE_URL`` points at PostgreSQL in CI)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from compte_entrepreneur import services
from compte_entrepreneur.models import Compte, Drawing, Entry
from compte_entrepreneur.reconcile import reconcile
from compte_entrepreneur.tests.factories import drawing_request, funded_structure
from compte_entrepreneur.workflow import DrawingStatus as D

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]


def test_two_drawings_racing_on_the_same_balance(clock):
    clock.set(date(2026, 12, 1))
    structure = funded_structure("2000.00")  # 1 300 €
    # whichever is validated first leaves 650 €, under the 750 € the other one needs; without
    # the row lock both would read 1 300 € and both be paid
    first = drawing_request(structure, "650.00")
    second = drawing_request(structure, "650.00")
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def validate(drawing: Drawing) -> None:
        try:
            barrier.wait(timeout=10)
            services.drawing_validate(drawing=Drawing.objects.get(pk=drawing.pk), actor=None)
            outcomes[drawing.pk] = "validée"
        except ValidationError as error:
            outcomes[drawing.pk] = " ".join(error.messages)
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=validate, args=(d,)) for d in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert list(outcomes.values()).count("validée") == 1, outcomes
    compte = Compte.objects.get(structure=structure)
    assert compte.balance == Decimal("650.00")
    assert Entry.objects.filter(kind=Entry.Kind.DRAWING).count() == 1
    assert Drawing.objects.filter(status=D.VALIDEE).count() == 1
    assert reconcile() == []


def test_two_requests_racing_cannot_reserve_more_than_the_balance(clock):
    clock.set(date(2026, 12, 1))
    structure = funded_structure("2000.00")  # 1 300 €
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def request() -> None:
        try:
            barrier.wait(timeout=10)
            drawing_request(structure, "800.00")
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count("ok") == 1, outcomes
    assert Drawing.objects.count() == 1
