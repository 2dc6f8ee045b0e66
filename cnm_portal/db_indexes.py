"""Indexes written as SQL outside the models' state (migrations ``*_pages_indexes``, issue 12).

PostgreSQL gets them built ``CONCURRENTLY`` (no write lock on a live table) with its own features
(``INCLUDE``, ``pg_trgm`` GIN indexes on ``UPPER(col)``, ``varchar_pattern_ops``); SQLite gets
the portable ones; other back ends none: nothing requires PostgreSQL to work, only to be fast.
The migration using :func:`vendor_indexes` must declare ``atomic = False`` (``CREATE INDEX
CONCURRENTLY`` cannot run in a transaction).
"""

from collections.abc import Iterator, Sequence

from django.db import migrations

# (name, portable SQL or None, PostgreSQL SQL or None for the portable one), SQL after the name
Index = tuple[str, str | None, str | None]


def statements(indexes: Sequence[Index], vendor: str) -> Iterator[str]:
    for name, portable, postgresql in indexes:
        if vendor == "postgresql":
            yield f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} {postgresql or portable}"
        elif portable:
            yield f"CREATE INDEX IF NOT EXISTS {name} {portable}"


def vendor_indexes(indexes: Sequence[Index]) -> migrations.RunPython:
    """The migration operation that creates ``indexes`` (and drops them when unapplied)."""

    def create(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            return
        with schema_editor.connection.cursor() as cursor:
            if vendor == "postgresql" and any("gin_trgm_ops" in (pg or "") for *_, pg in indexes):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for statement in statements(indexes, vendor):
                cursor.execute(statement)

    def drop(apps, schema_editor):
        with schema_editor.connection.cursor() as cursor:
            for name, _portable, _postgresql in indexes:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop, elidable=False)
