"""Fewer indexes to maintain in the liquidation (issue 12, bench/README.md "Batches at full
scale"): the status UPDATE of every deposited declaration and the INSERT of every avis write one
entry per index of the row. Three single-column indexes that Django creates for foreign keys
repeat another index exactly or as its first column, and are dropped:

- ``taxe_declaration.batch_id``: same column as ``declaration_batch_idx``;
- ``taxe_declaration.structure_id``: first column of ``declaration_structure_idx`` and
  ``declaration_year_idx``;
- ``taxe_notice.structure_id``: first column of ``notice_year_idx``.

Every lookup by these columns (lists of a structure, PROTECT checks on deleting a structure, the
batch's rows) uses the composite index instead. Written as SQL outside the models' state (the
fields keep ``db_index``): a later ``AlterField`` finds no such index and drops nothing.
PostgreSQL only, where the batches run at volume; SQLite keeps them.
"""

from django.db import migrations

REDUNDANT = [
    ("taxe_declaration", "batch_id"),
    ("taxe_declaration", "structure_id"),
    ("taxe_notice", "structure_id"),
]


def _name(schema_editor, table: str, column: str) -> str:
    """The name Django gave the foreign key's index (``ForeignKey(db_index=True)``)."""
    return schema_editor._create_index_name(table, [column], suffix="")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":  # speed only; SQLite keeps them
        return
    for table, column in REDUNDANT:
        name = schema_editor.quote_name(_name(schema_editor, table, column))
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for table, column in REDUNDANT:
        name = quote(_name(schema_editor, table, column))
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {quote(table)} ({quote(column)})"
        )


class Migration(migrations.Migration):
    dependencies = [("taxe", "0003_pages_indexes")]

    operations = [migrations.RunPython(drop, create, elidable=False)]
