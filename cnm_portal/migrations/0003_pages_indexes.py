"""Indexes of the pages at full scale (issue 12, bench/README.md "Pages at full scale").

Each list reads its page by walking an index in the order it shows, each admin filter has an index
on (filter, ordering), and the searched names have a trigram index on ``UPPER(col)`` (what
``icontains`` compares). Written as SQL, outside the models' state: PostgreSQL gets them built
``CONCURRENTLY`` (no write lock on a live table) with its own features (``INCLUDE``, ``pg_trgm``,
``varchar_pattern_ops``); SQLite gets the portable ones; nothing requires PostgreSQL to work.
"""

from django.db import migrations

# (name, portable SQL or None, PostgreSQL SQL or None for the portable one)
INDEXES = [
    # admin search of the journal (cnm_portal.admin.IndexedSearchMixin: icontains)
    (
        "cnm_pages_audit_actor_trgm",
        None,
        "ON cnm_portal_auditentry USING gin (UPPER(actor_label::text) gin_trgm_ops)",
    ),
    (
        "cnm_pages_audit_target_trgm",
        None,
        "ON cnm_portal_auditentry USING gin (UPPER(target_label::text) gin_trgm_ops)",
    ),
]


def _statements(vendor: str):
    for name, portable, postgresql in INDEXES:
        if vendor == "postgresql":
            yield f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} {postgresql or portable}"
        elif portable:
            yield f"CREATE INDEX IF NOT EXISTS {name} {portable}"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql" and any("gin_trgm_ops" in (pg or "") for _n, _p, pg in INDEXES):
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for statement in _statements(vendor):
            cursor.execute(statement)


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for name, _portable, _postgresql in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("cnm_portal", "0002_audit_latest_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
