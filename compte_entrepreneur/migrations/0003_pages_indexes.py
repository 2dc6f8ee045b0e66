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
    # « Mon compte-entrepreneur »: a page of live generations, soonest expiry first
    (
        "ce_pages_generation_live",
        "ON compte_entrepreneur_generation (compte_id, valid_until, id) WHERE remaining > 0",
        None,
    ),
    # its notified generations, latest first
    (
        "ce_pages_generation_notified",
        "ON compte_entrepreneur_generation (compte_id, notified_on DESC, id DESC)"
        " WHERE notice_pdf <> ''",
        None,
    ),
    # admin lists of generations and of tax allocations, in their ordering
    ("ce_pages_generation_order", "ON compte_entrepreneur_generation (valid_until, id)", None),
    (
        "ce_pages_allocation_order",
        "ON compte_entrepreneur_taxallocation (created_at DESC, id DESC)",
        None,
    ),
]


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("compte_entrepreneur", "0002_alter_drawing_status_alter_entry_kind")]

    operations = [vendor_indexes(INDEXES)]
