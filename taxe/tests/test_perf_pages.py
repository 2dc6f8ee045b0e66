"""Issue 12: « Ma taxe » and the tax admin lists at any size (constant queries, pages, search).

Times are never asserted: the figures at 1 M declarations are in bench/README.md.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from espace_pro.tests.factories import MembershipFactory
from taxe import selectors, services
from taxe.models import Notice, Payment, Representation
from taxe.tests.test_views import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(user):
    return MembershipFactory(user=user)


@pytest.fixture
def staff_client(client, instructor):
    from allauth.mfa.totp.internal.auth import TOTP

    instructor.is_superuser = True
    instructor.save()
    TOTP.activate(instructor, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(instructor)
    return client


def liquidated(structure, actor, count: int, base: str = "5000") -> list[Notice]:
    for i in range(count):
        submitted(structure, actor, f"Tournée {i}", base)
    services.liquidation_run()
    return list(Notice.objects.filter(structure=structure).order_by("pk"))


def pay(notice: Notice, amount: str = "10.00") -> Payment:
    return services.payment_record(
        notice=notice,
        amount=Decimal(amount),
        paid_on=date.today(),
        reference=f"Virement {notice.number}",
        actor=None,
    )


def overview(client, structure_id: int, query: str = ""):
    response = client.get(reverse("taxe:overview", args=[structure_id]) + query)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("rows", [1, 30])
def test_overview_costs_the_same_queries_on_a_large_structure(
    user_client, member, django_assert_num_queries, rows
):
    for notice in liquidated(member.structure, member.user, rows):
        pay(notice)
    # session, user, structure, a page of declarations (with their representation counts), a
    # page of notices, the payments of those notices, yearly statement, shares to sign,
    # rectifications, mises en demeure: no COUNT(*), whatever the number of rows
    with django_assert_num_queries(10):
        overview(user_client, member.structure_id)
    with django_assert_num_queries(10):
        overview(user_client, member.structure_id, "?declarations=2")


def test_overview_reads_pages_without_counting(user_client, member):
    liquidated(member.structure, member.user, 3)
    with CaptureQueriesContext(connection) as queries:
        overview(user_client, member.structure_id)
    sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert "COUNT(*)" not in sql and "DISTINCT" not in sql


def test_declarations_are_paginated_newest_first(user_client, member, monkeypatch):
    monkeypatch.setattr(selectors, "DECLARATIONS_PAGE", 2)
    liquidated(member.structure, member.user, 5)
    first = overview(user_client, member.structure_id).context["declarations"]
    assert [d.spectacle for d in first] == ["Tournée 4", "Tournée 3"]
    assert first.has_next and not first.has_previous
    assert all(d.representation_count == 1 for d in first)
    third = overview(user_client, member.structure_id, "?declarations=3&avis=1")
    page = third.context["declarations"]
    assert [d.spectacle for d in page] == ["Tournée 0"] and not page.has_next
    content = third.content.decode()
    assert "?declarations=2&amp;avis=1" in content  # the other list keeps its page


def test_representation_count_is_per_declaration(user_client, member):
    declaration = submitted(member.structure, member.user, "Deux dates", "1000")
    Representation.objects.create(
        declaration=declaration,
        date=declaration.representations.get().date,
        venue="v2",
        city="c",
        category="1",
        base_ht=Decimal("10"),
    )
    submitted(member.structure, member.user, "Une date", "1000")
    rows = overview(user_client, member.structure_id).context["declarations"]
    assert {d.spectacle: d.representation_count for d in rows} == {"Deux dates": 2, "Une date": 1}


def test_notices_are_paginated_and_payments_follow_the_page(user_client, member, monkeypatch):
    monkeypatch.setattr(selectors, "NOTICES_PAGE", 2)
    notices = liquidated(member.structure, member.user, 3)
    payments = {notice.pk: pay(notice) for notice in notices}
    first = overview(user_client, member.structure_id)
    shown = [n.pk for n in first.context["notices"]]
    assert shown == [notices[2].pk, notices[1].pk]  # same year: latest first
    assert {p.pk for p in first.context["payments"]} == {payments[pk].pk for pk in shown}
    second = overview(user_client, member.structure_id, "?avis=2")
    assert [n.pk for n in second.context["notices"]] == [notices[0].pk]
    assert [p.pk for p in second.context["payments"]] == [payments[notices[0].pk].pk]


def test_a_page_past_the_end_or_garbage_is_not_an_error(user_client, member):
    liquidated(member.structure, member.user, 1)
    past = overview(user_client, member.structure_id, "?declarations=9&avis=-3").context
    assert len(past["declarations"]) == 0 and past["declarations"].has_previous
    assert past["notices"].number == 1 and len(past["notices"]) == 1
    assert (
        overview(user_client, member.structure_id, "?declarations=x").context["declarations"].number
        == 1
    )


def test_yearly_statement_still_sums_every_notice(user_client, member, monkeypatch):
    monkeypatch.setattr(selectors, "NOTICES_PAGE", 1)
    notices = liquidated(member.structure, member.user, 3)
    pay(notices[0], "100.00")
    context = overview(user_client, member.structure_id).context
    (row,) = context["yearly"]
    assert row["principal"] == sum(n.principal for n in notices)
    assert row["paid"] == Decimal("100.00")
    assert context["remaining"] == row["principal"] - Decimal("100.00")


# --- admin lists ------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 12])
@pytest.mark.parametrize("name", ["declaration", "notice", "payment"])
def test_admin_lists_cost_the_same_queries_at_any_size(
    staff_client, member, django_assert_num_queries, rows, name
):
    for notice in liquidated(member.structure, member.user, rows):
        pay(notice)
    url = reverse(f"admin:taxe_{name}_changelist")
    staff_client.get(url)  # content types and permissions cached, as in a long-lived worker
    with CaptureQueriesContext(connection) as baseline:
        assert staff_client.get(url + "?q=Tourn").status_code == 200
    with django_assert_num_queries(len(baseline.captured_queries)):
        assert staff_client.get(url + "?q=Tourn").status_code == 200
    assert len(baseline.captured_queries) <= 7
    sql = " ".join(q["sql"] for q in baseline.captured_queries).upper()
    assert "DISTINCT" not in sql and "SELECT COUNT(*) AS" not in sql


def results(staff_client, name: str, query: str) -> set[int]:
    response = staff_client.get(reverse(f"admin:taxe_{name}_changelist") + query)
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


def test_admin_search_exact_numbers_prefixes_and_names(staff_client, member, user):
    mine = liquidated(member.structure, member.user, 2)
    other_member = MembershipFactory()
    other_member.structure.name = "Zénith Productions"
    other_member.structure.save()
    other = liquidated(other_member.structure, other_member.user, 1)
    structure, foreign = member.structure, other_member.structure
    declarations = {n.declaration_id for n in mine}
    assert results(staff_client, "declaration", f"?q={structure.numero_cnm}") == declarations
    assert results(staff_client, "declaration", f"?q={structure.numero_cnm.lower()}") == (
        declarations
    )
    assert results(staff_client, "declaration", f"?q={structure.siret}") >= declarations
    assert results(staff_client, "declaration", "?q=zénith prod") == {other[0].declaration_id}
    assert results(staff_client, "declaration", f"?q={other[0].declaration_id}") == {
        other[0].declaration_id
    }
    assert results(staff_client, "notice", f"?q={mine[0].number}") == {mine[0].pk}
    assert results(staff_client, "notice", f"?q={mine[0].number[:-3]}") >= {mine[0].pk}
    assert results(staff_client, "notice", f"?q={foreign.numero_cnm}") == {other[0].pk}
    assert results(staff_client, "notice", "?q=nothing-like-this") == set()
    payment = pay(other[0])
    assert results(staff_client, "payment", f"?q={other[0].number}") == {payment.pk}
    assert results(staff_client, "payment", "?q=virement") == {payment.pk}


def test_admin_filters_still_filter(staff_client, member):
    notices = liquidated(member.structure, member.user, 2)
    assert results(staff_client, "declaration", "?status__exact=liquidee") == {
        n.declaration_id for n in notices
    }
    assert results(staff_client, "declaration", "?is_late__exact=1") == set()
    suspense = services.payment_record(
        notice=None, amount=Decimal("5"), paid_on=date.today(), reference="Inconnu", actor=None
    )
    pay(notices[0])
    filtered = staff_client.get(reverse("admin:taxe_payment_changelist") + "?attente=oui")
    assert filtered.status_code == 200
    assert suspense.pk in {p.pk for p in filtered.context["cl"].result_list}
