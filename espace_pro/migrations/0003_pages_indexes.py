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
    # admin searches by structure name (cnm_portal.admin.IndexedSearchMixin: icontains)
    (
        "espace_pro_pages_structure_name_trgm",
        None,
        "ON espace_pro_structure USING gin (UPPER(name::text) gin_trgm_ops)",
    ),
    # the beginning of a numéro CNM or of a SIRET (LIKE 'CNM00%')
    (
        "espace_pro_pages_numero_prefix",
        None,
        "ON espace_pro_structure (numero_cnm varchar_pattern_ops)",
    ),
    ("espace_pro_pages_siret_prefix", None, "ON espace_pro_structure (siret varchar_pattern_ops)"),
]


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("espace_pro", "0002_document_code_use")]

    operations = [vendor_indexes(INDEXES)]
