"""Set-based copies of object graphs built once through the real services (for bench/scale.py).

A *family* is every row a builder function creates (a declaration with its representation,
notice, payment and history rows; a dossier with its budget lines…): the ids of every table
are noted before and after the builder runs. ``clone_family`` then copies that family ``n``
times with one ``INSERT … SELECT … FROM generate_series`` per template row and chunk:

- the id of copy ``g`` of a template row is ``base + (g - 1) * k + i`` (``k`` template rows of
  that table in the family, ``i`` the row's rank), and a foreign key to another family row is
  mapped the same way, so each copy is a consistent graph of its own;
- a foreign key to a structure is given by the caller (a Zipf-like long tail, or one copy per
  structure for one-per-structure rows); keys to rows that are not copied (users, sessions of
  the commission, envelopes…) keep the template's value;
- generic keys (``content_type`` + ``object_id`` of the status history and the audit trail)
  are mapped when they point into the family;
- unique text columns get the new id as suffix, unique UUIDs a random one;
- dates are moved back ``MOD(g, years)`` years and integer ``*year*`` columns likewise, so the
  copies spread over several years.

PostgreSQL only. Foreign-key triggers are disabled for the session while copying
(``session_replication_role = replica``): the graph is consistent by construction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

GENERIC_TABLES = ("cnm_portal_statuschange", "cnm_portal_auditentry")


def _tables() -> dict[str, type[models.Model]]:
    found = {}
    for model in apps.get_models(include_auto_created=True):
        pk = model._meta.pk
        if isinstance(pk, models.AutoField | models.BigAutoField | models.SmallAutoField):
            found[model._meta.db_table] = model
    return found


def max_ids() -> dict[str, int]:
    qn = connection.ops.quote_name
    tables = _tables()
    parts = [
        f"SELECT '{table}', COALESCE(MAX({qn(model._meta.pk.column)}), 0) FROM {qn(table)}"  # noqa: S608
        for table, model in tables.items()
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return dict(cursor.fetchall())


@dataclass
class Family:
    """The rows one builder created, per table: ``{table: [pk, …]}`` (sorted)."""

    name: str
    rows: dict[str, list[int]] = field(default_factory=dict)
    structure_id: int | None = None

    def count(self) -> int:
        return sum(len(pks) for pks in self.rows.values())


def capture(name: str, builder: Callable[[], object], structure_of: Callable[[object], int]):
    """Run ``builder`` and return the family of rows it created."""
    before = max_ids()
    result = builder()
    after = max_ids()
    qn = connection.ops.quote_name
    tables = _tables()
    family = Family(name=name, structure_id=structure_of(result))
    with connection.cursor() as cursor:
        for table, high in after.items():
            if high > before.get(table, 0):
                pk = qn(tables[table]._meta.pk.column)
                cursor.execute(
                    f"SELECT {pk} FROM {qn(table)} WHERE {pk} > %s ORDER BY {pk}",  # noqa: S608
                    [before.get(table, 0)],
                )
                family.rows[table] = [row[0] for row in cursor.fetchall()]
    return family, result


def clone_family(
    family: Family,
    copies: int,
    structure_expr: str,
    *,
    skip: set[str],
    years: int = 5,
    chunk: int = 200_000,
    overrides: dict[str, dict[str, str]] | None = None,
    by_structure: dict[str, str] | None = None,
) -> int:
    """Insert ``copies`` copies of ``family`` (tables in ``skip`` are not copied; keys to them
    keep the template's value, except keys to the structure: ``structure_expr`` of ``g``)."""
    if copies <= 0:
        return 0
    qn = connection.ops.quote_name
    tables = _tables()
    structure_table = apps.get_model("espace_pro", "Structure")._meta.db_table
    cloned = {t: pks for t, pks in family.rows.items() if t not in skip}
    for t in list(cloned):  # a many-to-many row of a row that is not copied would be a duplicate
        meta = tables[t]._meta
        if meta.auto_created and any(
            f.is_relation and f.related_model._meta.db_table in skip for f in meta.concrete_fields
        ):
            del cloned[t]
    bases = {}
    with connection.cursor() as cursor:
        for table in cloned:
            pk = qn(tables[table]._meta.pk.column)
            cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {qn(table)}")  # noqa: S608
            bases[table] = cursor.fetchone()[0]

    def new_id(table: str, old: int) -> str:
        pks = cloned[table]
        return f"({bases[table]} + (g - 1) * {len(pks)} + {pks.index(old) + 1})"

    content_types = {
        ContentType.objects.get_for_id(ct).model_class()._meta.db_table: ct
        for ct in ContentType.objects.values_list("pk", flat=True)
        if ContentType.objects.get_for_id(ct).model_class() is not None
    }
    inserted = 0
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            for table, pks in cloned.items():
                model = tables[table]
                extra = (overrides or {}).get(table, {})
                for old in pks:
                    generic_target = None
                    if table in GENERIC_TABLES:
                        cursor.execute(
                            f"SELECT content_type_id, object_id FROM {qn(table)} WHERE id = %s",  # noqa: S608
                            [old],
                        )
                        ct, object_id = cursor.fetchone()
                        for target_table, target_ct in content_types.items():
                            if (
                                target_ct == ct
                                and target_table in cloned
                                and object_id.isdigit()
                                and int(object_id) in cloned[target_table]
                            ):
                                generic_target = new_id(target_table, int(object_id))
                    columns, exprs = [qn(model._meta.pk.column)], [new_id(table, old)]
                    for f in model._meta.concrete_fields:
                        if f.primary_key:
                            continue
                        col = qn(f.column)
                        columns.append(col)
                        if f.name in extra:
                            exprs.append(extra[f.name])
                        elif f.is_relation:
                            target = f.related_model._meta.db_table
                            if target == structure_table:
                                exprs.append(
                                    f"CASE WHEN s.{col} IS NULL THEN NULL ELSE {structure_expr} END"
                                )
                            elif target in (by_structure or {}):
                                exprs.append(
                                    f"(SELECT x.{qn(f.target_field.column)} FROM {qn(target)} x "  # noqa: S608
                                    f"WHERE x.{qn(by_structure[target])} = {structure_expr})"
                                )
                            elif target in cloned:
                                mapping = " ".join(
                                    f"WHEN {p} THEN {new_id(target, p)}" for p in cloned[target]
                                )
                                exprs.append(f"CASE s.{col} {mapping} ELSE s.{col} END")
                            else:
                                exprs.append(f"s.{col}")
                        elif f.name == "object_id" and generic_target:
                            exprs.append(f"CAST({generic_target} AS TEXT)")
                        elif isinstance(f, models.UUIDField) and f.unique:
                            exprs.append("gen_random_uuid()")
                        elif f.unique and isinstance(f, models.CharField):
                            keep = max(f.max_length - 11, 1)
                            exprs.append(f"LEFT(s.{col}, {keep}) || '-' || {new_id(table, old)}")
                        elif isinstance(f, models.DateTimeField):
                            exprs.append(
                                f"s.{col} - make_interval(years => CAST(MOD(g, {years}) AS INTEGER))"
                            )
                        elif isinstance(f, models.DateField):
                            exprs.append(
                                f"CAST(s.{col} - make_interval(years => CAST(MOD(g, {years}) AS INTEGER)) AS DATE)"
                            )
                        elif "year" in f.name and isinstance(f, models.IntegerField):
                            exprs.append(f"s.{col} - MOD(g, {years})")
                        else:
                            exprs.append(f"s.{col}")
                    for low in range(1, copies + 1, chunk):
                        high = min(low + chunk - 1, copies)
                        cursor.execute(
                            f"INSERT INTO {qn(table)} ({', '.join(columns)}) "  # noqa: S608
                            f"SELECT {', '.join(exprs)} FROM {qn(table)} s, "
                            f"generate_series(CAST(%s AS BIGINT), CAST(%s AS BIGINT)) AS g "
                            f"WHERE s.{qn(model._meta.pk.column)} = %s",
                            [low, high, old],
                        )
                        inserted += cursor.rowcount
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
    reset_sequences(set(cloned))
    print(f"    {family.name}: {copies:,} copies, {inserted:,} rows", flush=True)
    return inserted


def reset_sequences(only: set[str] | None = None) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, model in _tables().items():
            if only is not None and table not in only:
                continue
            pk = model._meta.pk.column
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), "  # noqa: S608
                f"GREATEST(COALESCE(MAX({qn(pk)}), 0), 1)) FROM {qn(table)}",
                [table, pk],
            )


def per_table(families: list[Family]) -> dict[str, int]:
    counts = defaultdict(int)
    for family in families:
        for table, pks in family.rows.items():
            counts[table] += len(pks)
    return counts
