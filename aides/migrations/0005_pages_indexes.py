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
    # admin list of dossiers: its ordering, and the status filter followed by it
    ("aides_pages_dossier_created", "ON aides_dossier (created_at DESC, id DESC)", None),
    ("aides_pages_dossier_status", "ON aides_dossier (status, created_at DESC, id DESC)", None),
    # admin lists of versements (newest first) and of bilans (soonest due first)
    ("aides_pages_versement_created", "ON aides_versement (created_at DESC, id DESC)", None),
    ("aides_pages_versement_kind", "ON aides_versement (kind, created_at DESC, id DESC)", None),
    ("aides_pages_bilan_due", "ON aides_bilan (due_on, id)", None),
]


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("aides", "0004_paiement")]

    operations = [vendor_indexes(INDEXES)]
