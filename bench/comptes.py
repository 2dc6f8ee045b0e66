"""Time the compte-entrepreneur balances and the daily expiry job over many accounts.

    .venv/bin/python bench/comptes.py                    # 100 000 accounts
    .venv/bin/python bench/comptes.py --accounts 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cnm_bench .venv/bin/python bench/comptes.py

PostgreSQL only. The database is a dedicated one, ``--database`` (default
``cnm_bench_comptes``, the name must start with ``cnm_bench``), dropped and created again at
each run, then migrated. Seeding uses ``bulk_create`` in chunks (not the per-payment service):
per account one structure, two generations of rights (one notified three years ago, whose
remainder expires, one notified last year) with their credit entries and movements, so the
ledger is exact before the run. Then it times:

- reading one stored balance (p50/p99 over 2 000 random accounts, the page's path);
- computing every balance from the entries in one aggregate (what reconcile_comptes checks);
- ``generations_expire()``: the daily job cancelling the expired remainders (chunks of accounts,
  each chunk under the accounts' row locks), then a second run (idempotent: nothing to do);
- the check that every stored balance still equals its entries.

Prints the figures; asserts nothing on time.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnm_portal.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
CHUNK = 5_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--database", default="cnm_bench_comptes")
    return parser.parse_args()


def use_dedicated_database(name: str) -> None:
    import psycopg
    from psycopg import sql

    if not name.startswith("cnm_bench"):
        sys.exit("the benchmark database name must start with cnm_bench")
    server = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
    if server.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"bench/comptes.py runs on PostgreSQL only (scheme {server.scheme!r})")
    maintenance = urlunsplit(server._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    os.environ["DATABASE_URL"] = urlunsplit(server._replace(path=f"/{name}"))


def seed(accounts: int, on: date) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from compte_entrepreneur import rules
    from compte_entrepreneur.models import Compte, Entry, Generation, GenerationMovement
    from espace_pro.models import Structure

    old_day, new_day = on - timedelta(days=3 * 365 + 5), on - timedelta(days=300)
    now = timezone.now()
    for start in range(0, accounts, CHUNK):
        size = min(CHUNK, accounts - start)
        with transaction.atomic():
            structures = Structure.objects.bulk_create(
                Structure(
                    legal_form="societe_commerciale",
                    name=f"Bench {start + i}",
                    numero_cnm=f"B{start + i:09d}",
                    address="1 rue de la Paix",
                    postal_code="75002",
                    city="Paris",
                )
                for i in range(size)
            )
            old = [Decimal(100 + (start + i) % 900) for i in range(size)]
            new = [Decimal(50 + (start + i) % 400) for i in range(size)]
            comptes = Compte.objects.bulk_create(
                Compte(structure=s, balance=o + n)
                for s, o, n in zip(structures, old, new, strict=True)
            )
            generations = Generation.objects.bulk_create(
                Generation(
                    compte=compte,
                    amount=amount,
                    remaining=amount,
                    notified_on=day,
                    valid_until=rules.generation_valid_until(day),
                )
                for compte, o, n in zip(comptes, old, new, strict=True)
                for amount, day in ((o, old_day), (n, new_day))
            )
            entries = Entry.objects.bulk_create(
                Entry(
                    compte_id=g.compte_id,
                    kind=Entry.Kind.CREDIT,
                    amount=g.amount,
                    balance_after=g.amount if g.notified_on == old_day else g.compte.balance,
                    source=f"bench:{g.pk}",
                    label="65 % de la taxe payée",
                    effective_on=g.notified_on,
                    generation=g,
                    created_at=now,
                )
                for g in generations
            )
            GenerationMovement.objects.bulk_create(
                GenerationMovement(
                    entry=e, generation_id=e.generation_id, amount=e.amount, on=e.effective_on
                )
                for e in entries
            )
        print(f"  seeded {start + size} accounts", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    args = parse_args()
    use_dedicated_database(args.database)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum
    from django.test.utils import CaptureQueriesContext

    from cnm_portal.dates import today
    from compte_entrepreneur.models import Compte, Entry, Generation
    from compte_entrepreneur.services import generations_expire

    call_command("migrate", verbosity=0)
    on = today()
    started = time.perf_counter()
    seed(args.accounts, on)
    print(f"seed: {time.perf_counter() - started:.1f} s for {args.accounts} accounts")

    ids = list(Compte.objects.values_list("structure_id", flat=True))
    timings = []
    for structure_id in random.sample(ids, min(2000, len(ids))):
        t0 = time.perf_counter()
        Compte.objects.only("balance").get(structure_id=structure_id).balance  # noqa: B018
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    print(
        f"one stored balance: p50 {statistics.median(timings):.3f} ms, "
        f"p99 {timings[int(len(timings) * 0.99) - 1]:.3f} ms"
    )

    t0 = time.perf_counter()
    sums = dict(Entry.objects.values_list("compte").annotate(total=Sum("amount")))
    print(f"every balance from its entries (one aggregate): {time.perf_counter() - t0:.2f} s")

    due = Generation.objects.filter(valid_until__lt=on, remaining__gt=0).count()
    with CaptureQueriesContext(connection) as queries:
        t0 = time.perf_counter()
        expired = generations_expire(on=on)
        elapsed = time.perf_counter() - t0
    print(
        f"expiry job: {expired} generations cancelled (of {due} due) in {elapsed:.2f} s, "
        f"{expired / elapsed if elapsed else 0:.0f}/s, {len(queries)} queries"
    )
    t0 = time.perf_counter()
    again = generations_expire(on=on)
    print(f"expiry job again: {again} cancelled in {time.perf_counter() - t0:.2f} s")

    t0 = time.perf_counter()
    sums = dict(Entry.objects.values_list("compte").annotate(total=Sum("amount")))
    wrong = sum(
        1
        for pk, balance in Compte.objects.values_list("pk", "balance")
        if sums.get(pk, 0) != balance
    )
    print(
        f"balances = entries after the job: {wrong} difference(s), {time.perf_counter() - t0:.2f} s"
    )


if __name__ == "__main__":
    main()
