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
