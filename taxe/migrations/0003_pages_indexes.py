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
    # « Ma taxe »: a page of declarations, newest first
    (
        "taxe_pages_decl_structure",
        "ON taxe_declaration (structure_id, created_at DESC, id DESC)",
        None,
    ),
    # admin list of declarations: its ordering, and each filter followed by it
    ("taxe_pages_decl_created", "ON taxe_declaration (created_at DESC, id DESC)", None),
    ("taxe_pages_decl_status", "ON taxe_declaration (status, created_at DESC, id DESC)", None),
    ("taxe_pages_decl_late", "ON taxe_declaration (created_at DESC, id DESC) WHERE is_late", None),
    (
        "taxe_pages_decl_spectacle_trgm",
        None,
        "ON taxe_declaration USING gin (UPPER(spectacle::text) gin_trgm_ops)",
    ),
    # « Ma taxe »: a page of notices by year, and the yearly statement read from the index alone
    (
        "taxe_pages_notice_year",
        "ON taxe_notice (structure_id, tax_year DESC, id DESC)",
        "ON taxe_notice (structure_id, tax_year DESC, id DESC)"
        " INCLUDE (status, principal, majoration, paid)",
    ),
    # admin list of notices
    ("taxe_pages_notice_issued", "ON taxe_notice (issued_on DESC, id DESC)", None),
    ("taxe_pages_notice_status", "ON taxe_notice (status, issued_on DESC, id DESC)", None),
    ("taxe_pages_notice_kind", "ON taxe_notice (kind, issued_on DESC, id DESC)", None),
    # (prefix search on the notice number: Django's own taxe_notice_number_…_like index)
    # admin list of payments, and its suspense filter
    ("taxe_pages_payment_paid", "ON taxe_payment (paid_on DESC, id DESC)", None),
    (
        "taxe_pages_payment_suspense",
        "ON taxe_payment (paid_on DESC, id DESC) WHERE notice_id IS NULL",
        None,
    ),
    (
        "taxe_pages_payment_reference_trgm",
        None,
        "ON taxe_payment USING gin (UPPER(reference::text) gin_trgm_ops)",
    ),
]


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("taxe", "0002_notice_number_random_share_refusal")]

    operations = [vendor_indexes(INDEXES)]
