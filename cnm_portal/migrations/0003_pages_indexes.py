"""Indexes of the pages at full scale (issue 12, bench/README.md "Pages at full scale").

Each list reads its page by walking an index in the order it shows, each admin filter has an index
on (filter, ordering), and the searched names have a trigram index on ``UPPER(col)`` (what
``icontains`` compares). Written as SQL, outside the models' state: PostgreSQL gets them built
``CONCURRENTLY`` (no write lock on a live table) with its own features (``INCLUDE``, ``pg_trgm``,
``varchar_pattern_ops``); SQLite gets the portable ones; nothing requires PostgreSQL to work.
"""

from django.db import migrations

from cnm_portal.db_indexes import vendor_indexes

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


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("cnm_portal", "0002_audit_latest_index")]

    operations = [vendor_indexes(INDEXES)]
