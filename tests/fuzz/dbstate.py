"""A fingerprint of the database: the row count of every table (one query) and a checksum of the
rows of the tables a form may touch. Taken before and after each generated submission."""

import hashlib

from django.apps import apps
from django.db import connection

# Written by any request, not by a form: the session row (messages, login state).
IGNORED = {"django_session"}


def _tables() -> list[str]:
    names = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return sorted(names - IGNORED)


_COUNT_SQL = None


def counts() -> tuple:
    global _COUNT_SQL
    tables = _tables()
    if _COUNT_SQL is None:
        qn = connection.ops.quote_name
        parts = ", ".join(f"(SELECT COUNT(*) FROM {qn(t)})" for t in tables)  # noqa: S608
        _COUNT_SQL = "SELECT " + parts  # our own table names, quoted
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_SQL)
        return tuple(zip(tables, cursor.fetchone(), strict=True))


def checksum(tables: list[str]) -> str:
    digest = hashlib.sha256()
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {qn(table)} ORDER BY 1")  # noqa: S608 (our table names)
            digest.update(table.encode())
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
    return digest.hexdigest()


def touched_tables(app_labels: set[str]) -> list[str]:
    """The tables of the apps a form belongs to, plus the kit's (outbox, history, audit) and the
    accounts' (users, e-mail addresses)."""
    labels = set(app_labels) | {"cnm_portal", "accounts", "account", "espace_pro"}
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in labels:
            tables.add(model._meta.db_table)
    return sorted(tables - IGNORED)


def fingerprint(tables: list[str]) -> tuple:
    return counts(), checksum(tables)


def diff(before: tuple, after: tuple) -> str:
    changed = [
        f"{t}: {a} → {b}" for (t, a), (_t, b) in zip(before[0], after[0], strict=True) if a != b
    ]
    if before[1] != after[1]:
        changed.append("checksum of the touched tables changed")
    return "; ".join(changed)
