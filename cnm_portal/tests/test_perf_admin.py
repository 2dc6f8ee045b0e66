"""Issue 12: the journal's action filter and the indexed admin search (no DISTINCT, no join)."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cnm_portal.admin import AuditActionFilter, AuditEntryAdmin, IndexedSearchMixin
from cnm_portal.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_audit_action_filter_lists_each_action_once_without_distinct():
    AuditEntry.objects.bulk_create(
        [AuditEntry(actor_label="a", action=action) for action in ["b", "a", "c", "a", "b"]]
    )
    request = RequestFactory().get("/")
    model_admin = AuditEntryAdmin(AuditEntry, admin.site)
    with CaptureQueriesContext(connection) as queries:
        choices = AuditActionFilter(request, {}, AuditEntry, model_admin).lookups(
            request, model_admin
        )
    assert choices == [("a", "a"), ("b", "b"), ("c", "c")]
    assert "DISTINCT" not in queries.captured_queries[0]["sql"].upper()
    chosen = AuditActionFilter(request, {"action": ["b"]}, AuditEntry, model_admin)
    assert chosen.queryset(request, AuditEntry.objects.all()).count() == 2


def test_audit_action_filter_is_capped(monkeypatch):
    monkeypatch.setattr(AuditActionFilter, "LIMIT", 2)
    AuditEntry.objects.bulk_create([AuditEntry(actor_label="a", action=f"x{i}") for i in range(4)])
    request = RequestFactory().get("/")
    model_admin = AuditEntryAdmin(AuditEntry, admin.site)
    assert len(AuditActionFilter(request, {}, AuditEntry, model_admin).lookups(request, None)) == 2


def test_indexed_search_exact_prefix_and_text():
    class Search(IndexedSearchMixin):
        exact_search = {"id": r"\d+"}
        prefix_search = ["action"]
        text_search = ["actor_label", "content_type__model"]

    first, second = AuditEntry.objects.bulk_create(
        [
            AuditEntry(actor_label="Jeanne Martin", action="EXPORT_CSV"),
            AuditEntry(actor_label="Paul", action="login"),
        ]
    )
    search = Search()
    assert search.get_search_fields(None) == ["id", "action", "actor_label", "content_type__model"]

    def found(term):
        queryset, duplicates = search.get_search_results(None, AuditEntry.objects.all(), term)
        assert duplicates is False and "DISTINCT" not in str(queryset.query).upper()
        return set(queryset)

    assert found(str(second.pk)) == {second}
    assert found("export") == {first}  # the beginning of an identifier, upper-cased
    assert found("  jeanne   mar ") == {first}
    assert found("nobody") == set()
    assert found("   ") == {first, second}


@pytest.mark.parametrize("cap", [0, 500])
def test_indexed_search_of_a_related_table_with_ids_or_subquery(cap, monkeypatch):
    from django.contrib.contenttypes.models import ContentType

    class Search(IndexedSearchMixin):
        text_search = ["content_type__model", "actor_label"]

    monkeypatch.setattr(Search, "RELATED_IDS", cap)
    kind = ContentType.objects.get_for_model(AuditEntry)
    entry, _other = AuditEntry.objects.bulk_create(
        [AuditEntry(actor_label="x", action="a", content_type=kind), AuditEntry(actor_label="y")]
    )
    queryset, _ = Search().get_search_results(None, AuditEntry.objects.all(), "auditent")
    assert list(queryset) == [entry]
    assert ("SELECT" in str(queryset.query).split("WHERE", 1)[1]) is (cap == 0)
