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
