"""The accounting agent's day in the admin: select orders, create a lot, export, download the
files, mark it paid; refusals shown, nothing changed."""

from decimal import Decimal

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from cnm_portal import dates
from cnm_portal.money import format_euros
from virements import services
from virements.models import PaymentBatch, PaymentOrder
from virements.tests import factories as f
from virements.workflow import BatchStatus as B
from virements.workflow import OrderStatus as O

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:virements_paymentorder_changelist"
# session, user, TOTP check, user and group permissions, the capped count (LIMIT 10 001), one
# page of orders with structure, lot and content type (list_select_related): 1 or 30 rows alike
QUERIES_ORDER_LIST = 7


@pytest.fixture
def agent_client(client, accountant):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(accountant, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(accountant)
    return client


def _create_batch(client, orders, day, **extra):
    return client.post(
        reverse(CHANGELIST),
        {
            "action": "create_batch",
            "index": "0",
            helpers.ACTION_CHECKBOX_NAME: [o.pk for o in orders],
            "execution_date": day.isoformat(),
            **extra,
        },
    )


def test_the_agent_pays_a_lot_from_the_admin(agent_client, business_day):
    orders = [f.order(amount="700.00"), f.order(amount="300.50")]
    # the action first asks the date
    response = agent_client.post(
        reverse(CHANGELIST),
        {
            "action": "create_batch",
            "index": "0",
            helpers.ACTION_CHECKBOX_NAME: [o.pk for o in orders],
        },
    )
    assert response.status_code == 200
    assert format_euros(Decimal("1000.50")) in response.content.decode()
    response = _create_batch(agent_client, orders, business_day, apply="1")
    batch = PaymentBatch.objects.get()
    assert response.status_code == 302 and str(batch.pk) in response["Location"]
    assert batch.total == Decimal("1000.50")

    change = reverse("admin:virements_paymentbatch_change", args=[batch.pk])
    page = agent_client.get(change)
    labels = [b.label for b in page.context["workflow_buttons"]]
    assert set(labels) == {"Produire le fichier SEPA", "Annuler le lot"}
    export = reverse("admin:virements_paymentbatch_transition", args=[batch.pk, B.EXPORTE])
    assert agent_client.post(export).status_code == 302
    batch.refresh_from_db()
    assert batch.status == B.EXPORTE
    sepa = agent_client.get(reverse("admin:virements_paymentbatch_sepa", args=[batch.pk]))
    assert b"".join(sepa.streaming_content).startswith(b"<?xml")
    csv = agent_client.get(reverse("admin:virements_paymentbatch_csv", args=[batch.pk]))
    assert "1000,50" in b"".join(csv.streaming_content).decode("utf-8-sig")

    paid = reverse("admin:virements_paymentbatch_transition", args=[batch.pk, B.PAYE])
    assert agent_client.get(paid).status_code == 200  # the date form
    response = agent_client.post(paid, {"paid_on": dates.today().isoformat()})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == B.PAYE
    assert set(PaymentOrder.objects.values_list("status", flat=True)) == {O.PAYE}
    # a second "Marquer payé" has no button and its URL is refused
    page = agent_client.get(change)
    assert page.context["workflow_buttons"] == []
    assert agent_client.post(paid, {"paid_on": dates.today().isoformat()}).status_code == 404
    assert PaymentOrder.objects.filter(status=O.PAYE).count() == 2


def test_a_refused_lot_names_the_orders_and_creates_nothing(agent_client, business_day):
    good, bad = f.order(), f.order(with_account=False)
    response = _create_batch(agent_client, [good, bad], business_day, apply="1")
    assert response.status_code == 200
    text = response.content.decode()
    assert f"Virement n° {bad.pk}" in text and "coordonnées bancaires" in text
    assert not PaymentBatch.objects.exists()


def test_a_weekend_execution_date_is_refused_next_to_the_field(agent_client, clock):
    from datetime import date

    clock.set(date(2026, 12, 1))
    order = f.order()
    response = _create_batch(agent_client, [order], date(2026, 12, 5), apply="1")
    assert response.status_code == 200
    assert "jour ouvré" in str(response.context["form"].errors["execution_date"])
    assert not PaymentBatch.objects.exists()


def test_mark_paid_with_a_future_date_changes_nothing(agent_client):
    from datetime import timedelta

    batch = f.exported_batch(f.order())
    paid = reverse("admin:virements_paymentbatch_transition", args=[batch.pk, B.PAYE])
    response = agent_client.post(paid, {"paid_on": (dates.today() + timedelta(days=1)).isoformat()})
    assert response.status_code == 200
    assert "futur" in str(response.context["form"].errors["paid_on"])
    batch.refresh_from_db()
    assert batch.status == B.EXPORTE


@pytest.mark.parametrize("rows", [1, 30])
def test_order_list_queries_do_not_grow(agent_client, django_assert_num_queries, rows):
    orders = [f.order() for _ in range(rows)]
    f.batch(*orders[: max(1, rows // 2)])
    agent_client.get(reverse(CHANGELIST))  # content types and permissions cached
    with django_assert_num_queries(QUERIES_ORDER_LIST):
        response = agent_client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


def test_order_list_search_and_filters(agent_client):
    orders = [f.order() for _ in range(3)]
    waiting = f.order(with_account=False)
    batch = f.batch(orders[0])
    found = agent_client.get(reverse(CHANGELIST), {"q": batch.reference})
    assert list(found.context["cl"].result_list) == [orders[0]]
    found = agent_client.get(reverse(CHANGELIST), {"q": orders[1].structure.numero_cnm})
    assert list(found.context["cl"].result_list) == [orders[1]]
    found = agent_client.get(reverse(CHANGELIST), {"status__exact": O.A_PAYER})
    assert set(found.context["cl"].result_list) == {*orders[1:], waiting}
    found = agent_client.get(reverse(CHANGELIST), {"file": "payables"})
    assert set(found.context["cl"].result_list) == set(orders[1:])
    found = agent_client.get(reverse(CHANGELIST), {"file": "sans_rib"})
    assert list(found.context["cl"].result_list) == [waiting]


def test_the_agent_reads_bank_details_and_the_rib(agent_client):
    account = f.bank_account()
    page = agent_client.get(reverse("admin:virements_bankaccount_change", args=[account.pk]))
    assert page.status_code == 200 and "FR76 3000 6000 0112 3456 7890 189" in page.content.decode()
    rib = agent_client.get(reverse("admin:virements_bankaccount_rib", args=[account.pk]))
    assert b"".join(rib.streaming_content).startswith(b"%PDF")


def test_an_instructor_cannot_pay(client, business_day):
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.tests.factories import StaffFactory

    instructor = StaffFactory()
    instructor.groups.add(Group.objects.get(name=roles.INSTRUCTEUR))
    TOTP.activate(instructor, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(instructor)
    order = f.order()
    assert client.get(reverse(CHANGELIST)).status_code == 200  # may look
    _create_batch(client, [order], business_day, apply="1")
    assert not PaymentBatch.objects.exists()
    assert client.get(reverse("admin:virements_paymentbatch_changelist")).status_code == 403


def test_select_across_takes_every_filtered_order(agent_client, business_day):
    orders = [f.order() for _ in range(3)]
    services.payment_order_cancel(order=orders[2], actor=None, reason="retirée")
    url = reverse(CHANGELIST) + f"?status__exact={O.A_PAYER}"
    response = agent_client.post(
        url,
        {
            "action": "create_batch",
            "index": "0",
            "select_across": "1",
            helpers.ACTION_CHECKBOX_NAME: [orders[0].pk],  # the page's checkboxes
            "execution_date": business_day.isoformat(),
            "apply": "1",
        },
    )
    assert response.status_code == 302
    batch = PaymentBatch.objects.get()
    assert set(batch.orders.all()) == set(orders[:2])
