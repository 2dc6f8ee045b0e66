import pytest

from cnm_portal import paginator as module
from cnm_portal.models import OutboxMessage
from cnm_portal.paginator import CappedCountPaginator

pytestmark = pytest.mark.django_db


def test_count_is_capped(monkeypatch):
    monkeypatch.setattr(module, "CAP", 3)
    OutboxMessage.objects.bulk_create([OutboxMessage(kind="x") for _ in range(5)])
    assert CappedCountPaginator(OutboxMessage.objects.order_by("pk"), 2).count == 4
    assert CappedCountPaginator(OutboxMessage.objects.filter(kind="y").order_by("pk"), 2).count == 0
    assert CappedCountPaginator(list(range(2)), 2).count == 2


def test_capped_count_does_not_sort():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    OutboxMessage.objects.bulk_create([OutboxMessage(kind="x") for _ in range(3)])
    with CaptureQueriesContext(connection) as queries:
        assert CappedCountPaginator(OutboxMessage.objects.order_by("-created_at"), 2).count == 3
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert "ORDER BY" not in sql
    assert "LIMIT" in sql


def test_lookahead_page_reads_one_more_row_and_never_counts():
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from cnm_portal.paginator import lookahead_page

    OutboxMessage.objects.bulk_create([OutboxMessage(kind=f"k{i}") for i in range(5)])
    rows = OutboxMessage.objects.order_by("pk")
    with CaptureQueriesContext(connection) as queries:
        first = lookahead_page(rows, per_page=2, param="p", query=QueryDict("p=1&other=x"))
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert "COUNT" not in sql.upper() and "LIMIT 3" in sql
    assert [m.kind for m in first] == ["k0", "k1"] and first.has_next and not first.has_previous
    assert first.next_url == "?p=2&other=x"
    last = lookahead_page(rows, per_page=2, param="p", query=QueryDict("p=3"))
    assert [m.kind for m in last] == ["k4"] and not last.has_next and last.has_other_pages()
    assert last.previous_url == "?p=2" and last.previous_page_number() == 2


@pytest.mark.parametrize(
    ("value", "number"), [(None, 1), ("", 1), ("abc", 1), ("0", 1), ("-4", 1), ("3", 3)]
)
def test_page_number_is_never_an_error(value, number):
    from cnm_portal.paginator import MAX_PAGE, page_number

    assert page_number(value) == number
    assert page_number(str(MAX_PAGE * 10)) == MAX_PAGE
