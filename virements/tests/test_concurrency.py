"""Two agents marking the same lot paid at the same moment (PostgreSQL: real row locks)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from cnm_portal import dates
from virements import hooks, services
from virements.models import PaymentOrder
from virements.tests import factories as f
from virements.workflow import OrderStatus as O

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are only real on PostgreSQL"
    ),
]


def test_a_lot_marked_paid_twice_at_once_is_paid_once():
    calls = []
    barrier = threading.Barrier(2)

    def hook(*, order, actor):
        calls.append(order.pk)

    hooks.register_paid_hook("cnm_portal.auditentry", hook)
    batch = f.exported_batch(f.order(), f.order())
    outcomes = []

    def mark():
        try:
            barrier.wait()
            services.payment_batch_mark_paid(batch=batch, paid_on=dates.today(), actor=None)
            outcomes.append("paid")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=mark) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["paid", "refused"]
    assert sorted(calls) == sorted(PaymentOrder.objects.values_list("pk", flat=True))
    assert set(PaymentOrder.objects.values_list("status", flat=True)) == {O.PAYE}


def test_two_agents_putting_the_same_order_in_two_lots():
    order = f.order()
    barrier = threading.Barrier(2)
    outcomes = []

    def create():
        try:
            barrier.wait()
            services.payment_batch_create(
                orders=[order], execution_date=f.next_business_day(), actor=None
            )
            outcomes.append("created")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "refused"]
    order.refresh_from_db()
    assert order.status == O.EN_LOT
