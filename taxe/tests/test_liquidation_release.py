"""The release of held notices by a liquidation batch: only the years of the batch's
declarations are summed (once, set-based), and only their held notices become payable."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from espace_pro.tests.factories import StructureFactory
from taxe import services
from taxe.models import Declaration, Notice
from taxe.tests.factories import submitted_declaration
from taxe.workflow import NoticeStatus as N

pytestmark = pytest.mark.django_db

JAN_31 = date(2026, 1, 31)


def notice_of(declaration: Declaration) -> Notice:
    return Notice.objects.get(declaration=declaration)


def test_a_batch_releases_the_held_notices_of_its_own_years_only(clock):
    a, b = StructureFactory(), StructureFactory()
    clock.set(JAN_31)
    a_2026 = submitted_declaration(a, bases=["2000.00"], day=date(2026, 1, 10))  # 70.00
    a_2025 = submitted_declaration(a, bases=["2000.00"], day=date(2025, 12, 10))  # 70.00
    b_2026 = submitted_declaration(b, bases=["2000.00"], day=date(2026, 1, 12))  # 70.00
    first = services.liquidation_run()
    assert (first.notices_issued, first.notices_held, first.notices_released) == (0, 3, 0)

    clock.set(date(2026, 3, 10))
    a_more = submitted_declaration(a, bases=["285.71"], day=date(2026, 3, 1))  # 10.00
    batch = services.liquidation_run()

    assert notice_of(a_more).principal == Decimal("10.00")
    assert notice_of(a_more).status == N.A_PAYER
    released = notice_of(a_2026)
    assert (released.status, released.release_marker, released.issued_on) == (
        N.A_PAYER,
        batch.pk,
        date(2026, 3, 10),
    )
    # another year of the same redevable, and another redevable's year: untouched
    assert notice_of(a_2025).status == N.RETENU
    assert notice_of(b_2026).status == N.RETENU
    assert (batch.notices_issued, batch.notices_held, batch.notices_released) == (1, 0, 1)


def test_a_year_settled_as_not_recovered_does_not_count(clock):
    structure = StructureFactory()
    clock.set(JAN_31)
    held = submitted_declaration(structure, bases=["2000.00"], day=date(2026, 1, 10))  # 70.00
    services.liquidation_run()
    Notice.objects.filter(declaration=held).update(status=N.NON_RECOUVRE)
    clock.set(date(2026, 3, 10))
    more = submitted_declaration(structure, bases=["2000.00"], day=date(2026, 3, 1))  # 70.00
    batch = services.liquidation_run()
    assert notice_of(more).status == N.RETENU
    assert (batch.notices_issued, batch.notices_held, batch.notices_released) == (0, 1, 0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL-only migration")
def test_foreign_key_indexes_repeated_by_a_composite_one_are_gone_on_postgresql():
    with connection.cursor() as cursor:
        declaration = connection.introspection.get_constraints(cursor, "taxe_declaration")
        notice = connection.introspection.get_constraints(cursor, "taxe_notice")
    single = lambda constraints: sorted(  # noqa: E731
        info["columns"][0]
        for info in constraints.values()
        if info["index"] and not info["unique"] and len(info["columns"]) == 1
    )
    # the batch marker keeps its one index (declaration_batch_idx); the structure is read
    # through declaration_structure_idx / declaration_year_idx and notice_year_idx
    assert single(declaration).count("batch_id") == 1
    assert "structure_id" not in single(declaration)
    assert "structure_id" not in single(notice)
    assert {"declaration_structure_idx", "declaration_year_idx", "declaration_batch_idx"} <= set(
        declaration
    )
    assert "notice_year_idx" in notice
