"""Time the set-based liquidation of the variety-show tax (``taxe.services.liquidation_run``).

    .venv/bin/python bench/liquidation.py                  # 1 000 000 declarations
    .venv/bin/python bench/liquidation.py --rows 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cnm_bench .venv/bin/python bench/liquidation.py

PostgreSQL only. Host, port and user come from DATABASE_URL (default postgres@127.0.0.1:5432);
the database is always a dedicated one, ``--database`` (default ``cnm_bench_liquidation``, the
name must start with ``cnm_bench``), dropped and created again at each run, then migrated (so a
migration edited in place is picked up).

Seeding is set-based (INSERT … SELECT generate_series, in chunks), not through the per-row
services: ``--structures`` structures (default 20 000), one deposited declaration (status
"deposee", ``taxable_base`` and ``tax_year`` set) with one representation per row. One
structure in ten declares small amounts (its notices stay held below the 80 € threshold) and
one declaration in fifty is traditional music only (non taxable). Then ``liquidation_run()`` is
timed once; the outbox message it enqueues (PDFs and e-mails) is left pending, not processed.
Prints figures and the slowest statements, asserts nothing on time.

When most rows change status inside the run, PostgreSQL plans the notices INSERT (and the
release UPDATE) with statistics from before the run ("no declaration is liquidee") and picks a
nested loop that re-aggregates the yearly totals for every row: quadratic (20 000 rows: about
4.5 min). ``--analyze-before-notices`` runs ANALYZE at that point, as suggested for the service.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnm_portal.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
CHUNK = 100_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="declarations (one representation each)"
    )
    parser.add_argument(
        "--structures", type=int, default=20_000, help="redevables (at most --rows)"
    )
    parser.add_argument(
        "--database", default="cnm_bench_liquidation", help="dedicated database name"
    )
    parser.add_argument("--chunk", type=int, default=CHUNK, help="rows per INSERT … SELECT")
    parser.add_argument(
        "--analyze-before-notices",
        action="store_true",
        help="ANALYZE the declarations inside the run, after the status updates and before the "
        "notices are inserted (tries the fix suggested for the stale-statistics plan)",
    )
    parser.add_argument(
        "--statement-timeout", type=int, default=0, help="seconds per statement (0: none)"
    )
    parser.add_argument(
        "--seed-template",
        default="",
        metavar="NAME",
        help="keep the seeded data as the database NAME and start from a copy of it the next "
        "time (same --rows/--structures): each trial of a change then skips the seeding",
    )
    args = parser.parse_args()
    if args.rows < 1 or args.structures < 1 or args.chunk < 1:
        parser.error("--rows, --structures and --chunk must be positive")
    for name in (args.database, args.seed_template):
        if name and not name.startswith("cnm_bench"):
            parser.error("the databases are dropped: their names must start with 'cnm_bench'")
    return args


def use_dedicated_database(name: str, template: str = "") -> bool:
    """Point DATABASE_URL at ``name`` on the configured server, (re)creating the database, as a
    copy of ``template`` when it exists. True when the data is already seeded."""
    import psycopg
    from psycopg import sql

    server = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
    if server.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(
            f"bench/liquidation.py runs on PostgreSQL only (DATABASE_URL scheme {server.scheme!r})"
        )
    maintenance = urlunsplit(server._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        seeded = bool(
            template
            and conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        )
        if seeded:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        else:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    os.environ["DATABASE_URL"] = urlunsplit(server._replace(path=f"/{name}"))
    return seeded


def save_template(name: str, template: str) -> None:
    """Copy the freshly seeded ``name`` as ``template`` (the caller's connection is closed)."""
    import psycopg
    from psycopg import sql

    server = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(urlunsplit(server._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(template), sql.Identifier(name)
            )
        )


def seed(args, insert_select, connection) -> None:
    """Structures, deposited declarations and their representations, set-based."""
    from espace_pro.models import Structure
    from taxe.models import Declaration, Representation

    qn = connection.ops.quote_name
    structures = min(args.structures, args.rows)
    insert_select(
        Structure,
        {
            "legal_form": "'societe_commerciale'",
            "name": "'Production banc ' || g",
            "siret": "LPAD(CAST(g AS TEXT), 14, '9')",
            "address": "'12 rue Oberkampf'",
            "postal_code": "'75011'",
            "city": "'Paris'",
            "numero_cnm": "'B' || LPAD(CAST(g AS TEXT), 8, '0')",
        },
        "generate_series(1, %s) AS g",
        [structures],
    )
    first_structure = Structure.objects.order_by("pk").values_list("pk", flat=True).first()
    # One small redevable in ten (held below 80 €); one declaration in fifty is non taxable.
    small = f"(MOD({first_structure} + MOD(g, {structures}), 10) = 0)"
    base = (
        f"CASE WHEN MOD(g, 50) = 0 THEN 0 WHEN {small} THEN CAST(100 + MOD(g * 37, 2000) AS NUMERIC) / 100 "
        f"ELSE CAST(50000 + MOD(g * 7919, 1000000) AS NUMERIC) / 100 END"
    )
    show_day = "(DATE '2025-07-01' + CAST(MOD(g, 300) AS INTEGER))"
    declarations = {
        "structure": f"{first_structure} + MOD(g, {structures})",
        "spectacle": "'Tournée ' || g",
        "status": "'deposee'",
        "received_at": "now()",
        "is_late": "FALSE",
        "tax_year": f"CAST(EXTRACT(YEAR FROM {show_day}) AS INTEGER)",
        "first_representation": show_day,
        "taxable_base": base,
        "liquidation_due_on": "CURRENT_DATE + 15",
    }
    representation = {
        "declaration": "d.id",
        "date": "d.first_representation",
        "venue": "'Zénith'",
        "city": "'Paris'",
        "category": "CASE WHEN d.taxable_base = 0 THEN 'traditionnelle' ELSE '1' END",
        "astp_theatre": "FALSE",
        "educational": "FALSE",
        "ticketing": "TRUE",
        "base_ht": "CASE WHEN d.taxable_base = 0 THEN 1500.00 ELSE d.taxable_base END",
        "taxability": "CASE WHEN d.taxable_base = 0 THEN 'hors_champ_traditionnelle' ELSE 'taxable' END",
    }
    declaration_table = qn(Declaration._meta.db_table)
    for low in range(1, args.rows + 1, args.chunk):
        high = min(low + args.chunk - 1, args.rows)
        last_id = Declaration.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        insert_select(
            Declaration,
            declarations,
            "generate_series(CAST(%s AS BIGINT), CAST(%s AS BIGINT)) AS g",
            [low, high],
        )
        insert_select(
            Representation, representation, f"{declaration_table} d WHERE d.id > %s", [last_id]
        )
        print(f"  seeded {high:,} / {args.rows:,}", end="\r", flush=True)
    with connection.cursor() as cursor:
        for model in (Structure, Declaration, Representation):
            cursor.execute(f"ANALYZE {qn(model._meta.db_table)}")


def main() -> None:
    args = parse_args()
    seeded = use_dedicated_database(args.database, args.seed_template)
    url = os.environ["DATABASE_URL"]

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cnm_portal import outbox
    from taxe import services
    from taxe.models import Declaration, Notice
    from taxe.services import liquidation as liquidation_module

    call_command("migrate", verbosity=0)
    qn = connection.ops.quote_name
    structures = min(args.structures, args.rows)

    def insert_select(model, values: dict[str, str], source: str, params: list) -> int:
        """INSERT INTO model (every concrete column) SELECT values … FROM source.

        Columns not in ``values`` get their model default (a bound constant, ``now()`` for a
        callable) or NULL, so a field added to the model does not break the seeding."""
        columns, exprs, bound = [], [], []
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            columns.append(qn(field.column))
            if field.name in values:
                exprs.append(values[field.name])
            elif field.has_default() and callable(field.default):
                exprs.append("now()")
            elif field.has_default():
                exprs.append("%s")
                bound.append(field.get_db_prep_save(field.default, connection))
            elif field.null:
                exprs.append("NULL")
            elif field.get_internal_type() in ("CharField", "TextField", "FileField"):
                exprs.append("''")
            else:
                raise RuntimeError(f"bench: no value for {model.__name__}.{field.name}")
        query = (
            f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(exprs)} FROM {source}"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, bound + params)
            return cursor.rowcount

    # --- seeding -----------------------------------------------------------------------------
    started = time.perf_counter()
    if not seeded:
        seed(args, insert_select, connection)
        if args.seed_template:
            connection.close()
            save_template(args.database, args.seed_template)
    declaration_table = qn(Declaration._meta.db_table)
    seeding = time.perf_counter() - started

    # --- liquidation ---------------------------------------------------------------------------
    outbox.outbox_dispatch = lambda message_id: None  # PDFs and e-mails: not part of the figure
    if args.analyze_before_notices:
        insert_notices = liquidation_module._insert_notices

        def analyze_then_insert(batch, on):
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {declaration_table}")
            return insert_notices(batch, on)

        liquidation_module._insert_notices = analyze_then_insert
    if args.statement_timeout:
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {args.statement_timeout * 1000}")
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        batch = services.liquidation_run()
    elapsed = time.perf_counter() - started
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:6]
    in_statements = sum(float(q["time"]) for q in queries.captured_queries)

    non_taxable = Declaration.objects.filter(batch=batch, status="non_taxable").count()
    print(f"liquidation: {args.rows:,} rows on {connection.vendor} ({urlsplit(url).path[1:]})")
    print(
        f"  seeding     {seeding:.1f} s{' (copy of ' + args.seed_template + ')' if seeded else ''} ({structures:,} structures, {args.rows:,} declarations and representations)"
    )
    print(
        f"  liquidation {elapsed:.2f} s, {args.rows / elapsed:,.0f} declarations/s, "
        f"{len(queries.captured_queries)} queries"
    )
    print(
        f"  liquidated {batch.declarations:,}, non taxable {non_taxable:,}, notices issued "
        f"{batch.notices_issued:,}, held {batch.notices_held:,}, released {batch.notices_released:,} "
        f"(total notices {Notice.objects.count():,})"
    )
    print("  slowest statements:")
    for query in slowest:
        print(f"    {float(query['time']):8.2f} s  {' '.join(query['sql'].split())[:110]}")
    print(
        f"    {elapsed - in_statements:8.2f} s  outside the statements (Python); the COMMIT line "
        "is the deferred foreign-key checks"
    )
    if args.analyze_before_notices:
        print("  (run with --analyze-before-notices)")


if __name__ == "__main__":
    main()
