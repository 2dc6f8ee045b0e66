"""Two payments recorded at the same time take two consecutive invoice numbers, and two buyers
racing for the last copy cannot both get it (PostgreSQL only: SQLite has no row locks;
``DATABASE_URL`` points at PostgreSQL in CI)."""

import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from accounts.tests.factories import UserFactory
from boutique import services
from boutique.models import Invoice, Order
from boutique.tests.factories import ADDRESS, make_title, place_order
from cnm_portal.dates import today

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]


def _race(targets):
    barrier = threading.Barrier(len(targets))
    outcomes = []

    def run(target):
        try:
            barrier.wait(timeout=10)
            target()
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_concurrent_payments_get_consecutive_invoice_numbers():
    orders = [place_order() for _i in range(3)]
    outcomes = _race(
        [
            lambda order=order: services.order_mark_paid(
                order=Order.objects.get(pk=order.pk), paid_on=today(), actor=None
            )
            for order in orders
        ]
    )
    assert outcomes == ["ok"] * 3
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == [1, 2, 3]


def test_two_buyers_racing_for_the_last_copy():
    title = make_title(stock=1)
    buyers = [UserFactory(), UserFactory()]
    for buyer in buyers:
        services.cart_set_quantity(user=buyer, title=title, quantity=1)
    outcomes = _race(
        [
            lambda buyer=buyer: services.order_place(
                user=buyer,
                billing=ADDRESS,
                shipping=ADDRESS,
                payment_mode="virement",
                token=uuid.uuid4(),
            )
            for buyer in buyers
        ]
    )
    assert sorted(outcomes)[0] == "ok"
    assert "épuisé" in sorted(outcomes)[1]
    title.refresh_from_db()
    assert title.stock == 0
    assert Order.objects.count() == 1
