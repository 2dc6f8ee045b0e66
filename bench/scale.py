"""The portal at the CNM's scale (issue 12): pages, admin lists and batches, through gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/scale.py
    .venv/bin/python bench/scale.py --scale 0.01          # 1 % of the data, about a minute

PostgreSQL only; the database (``--database``, default ``cnm_bench_scale``, the name must start
with ``cnm_bench``) is dropped, created and migrated at each run, and dropped at the end unless
``--keep``. ``--reuse`` measures a kept database again: migrated first (the code moves), never
dropped; its batches must then run on a copy, ``--batches-on COPY`` (``CREATE DATABASE COPY
TEMPLATE …``, which needs the source without other sessions), so that the measured data stays as
it was. ``--no-pages`` times the batches alone. Steps:

1. Seeding, set-based. Structures, one member each (users, memberships), the comptes
   entrepreneur, then *families* built once through the real services and factories (a paid
   declaration with its notice, payment and compte-entrepreneur credit; an unpaid one past its
   due date; a deposited one; a draft; access requests; affiliations; aid dossiers in several
   statuses with their budget lines) and copied with ``INSERT … SELECT generate_series``
   (``bench/clone.py``). Declarations follow a Zipf-like tail: copy ``g`` of ``n`` goes to
   structure ``floor(S × ((g - 0.5) / n) ^ 2.8)``, so the largest redevable holds about 3 % of
   them (30 000 of 1 000 000) and the median a few dozen; dates spread over five years.
2. Query counts, in-process (``CaptureQueriesContext``), once per page.
3. gunicorn, 2 workers, ``DJANGO_ENV=production`` (secret key and allowed hosts set here,
   ``STATIC_ROOT`` a collected copy in ``/tmp``). ``SECURE_SSL_REDIRECT`` stays on: the
   requests carry ``X-Forwarded-Proto: https``, which the production settings trust
   (``SECURE_PROXY_SSL_HEADER``). wrk (Debian's ``wrk``) drives each page on 127.0.0.1 only,
   2 connections, ``--seconds`` each, with the session cookie of a bench user created
   directly in the session table (the staff user has a TOTP authenticator, so
   ``StaffMfaRequiredMiddleware`` lets it in).
4. Batches in a child process (liquidation, deadline reminders, the yearly threshold,
   affiliation and identity-document expiries, the compte-entrepreneur daily run): seconds,
   rows per second and the child's peak RSS after each; then the PDF worker's work (20 avis
   rendered by WeasyPrint, writes rolled back) and its peak RSS; the web workers' RSS, peak
   (VmHWM) and proportional share (PSS: pages shared with the preloading master counted once).

Prints figures, asserts nothing on time; exits with 1 when a page answered 500 or another
non-2xx status, or a batch failed (``bench/ci_smoke.sh``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
STATIC_ROOT = Path("/tmp/cnm_bench_static")  # noqa: S108 - a bench-only cache, rebuilt if missing
ZIPF = 2.8


def production_env(url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "cnm_portal.settings",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "VIREMENTS_DEBTOR_IBAN": "FR7630001000640000004012348",
        "VIREMENTS_DEBTOR_BIC": "BDFEFRPPCCT",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": url,
        "STATIC_ROOT": str(STATIC_ROOT),
        "MEDIA_ROOT": "/tmp/cnm_bench_media",  # noqa: S108
        "LOG_LEVEL": "WARNING",
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full data set")
    parser.add_argument("--database", default="cnm_bench_scale")
    parser.add_argument("--seconds", type=float, default=5.0, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse a database kept by --keep (migrated first; kept at the end)",
    )
    parser.add_argument("--only", default="", help="regex: measure only the matching pages")
    parser.add_argument("--no-batches", action="store_true")
    parser.add_argument("--no-pages", action="store_true", help="batches only")
    parser.add_argument(
        "--batches-on",
        default="",
        metavar="COPY",
        help="time the batches on COPY, a copy of the database (CREATE DATABASE COPY TEMPLATE "
        "…; nobody else may be connected to the source), dropped at the end unless --keep: "
        "the measured database is left as it was",
    )
    parser.add_argument("--batches-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--pdf-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    for name in (args.database, args.batches_on):
        if name and not name.startswith("cnm_bench"):
            parser.error("the databases are dropped: their names must start with 'cnm_bench'")
    if args.batches_on == args.database:
        parser.error("--batches-on names the copy, not the measured database")
    if args.reuse and not (args.no_batches or args.batches_on):
        parser.error("--reuse: the batches change the data, time them with --batches-on COPY")
    args.keep_copy = args.keep  # the --batches-on copy: dropped unless --keep
    args.keep = args.keep or args.reuse  # a reused database is never dropped
    if not 0 < args.scale <= 1:
        parser.error("--scale is in (0, 1]")
    return args


def database_url(name: str, *, recreate: bool) -> str:
    import psycopg
    from psycopg import sql

    server = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
    if server.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("bench/scale.py runs on PostgreSQL only")
    if recreate:
        maintenance = urlunsplit(server._replace(path="/postgres"))
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(server._replace(path=f"/{name}"))


def copy_database(source: str, name: str) -> str:
    """``name`` as a copy of ``source`` (PostgreSQL copies the files: no other session may be
    connected to ``source`` meanwhile)."""
    import psycopg
    from psycopg import sql

    server = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
    with psycopg.connect(urlunsplit(server._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        others = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [source]
        ).fetchone()[0]
        if others:
            sys.exit(f"cannot copy {source}: {others} other session(s) connected to it")
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(source)
            )
        )
    return urlunsplit(server._replace(path=f"/{name}"))


def drop_database(name: str) -> None:
    import psycopg
    from psycopg import sql

    server = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
    with psycopg.connect(urlunsplit(server._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


# --- seeding ---------------------------------------------------------------------------------


def seed(scale: float) -> dict:
    import seeding
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic():
        info = seeding.seed_all(scale)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    info["seconds"] = time.perf_counter() - started
    return info


# --- pages -----------------------------------------------------------------------------------


def make_session(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def admin_pages(staff, search_term: str) -> list[tuple[str, str]]:
    """Every admin changelist, plus its first filter's first choice and a search."""
    from django.contrib import admin
    from django.test import RequestFactory

    pages = []
    factory = RequestFactory()
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label
    ):
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        label = f"admin {model._meta.label}"
        pages.append((label, url))
        request = factory.get(url, secure=True)
        request.user = staff
        try:
            changelist = model_admin.get_changelist_instance(request)
            for spec in changelist.filter_specs:
                choices = [c for c in spec.choices(changelist) if not c.get("selected")]
                if choices:
                    pages.append((f"{label} filter", url + choices[0]["query_string"]))
                    break
        except Exception as error:
            print(f"  (no filter for {label}: {error.__class__.__name__}: {error})")
        if model_admin.get_search_fields(request):
            pages.append((f"{label} search", f"{url}?q={search_term}"))
    return pages


def key_pages(info: dict) -> list[tuple[str, str, str]]:
    """(label, url, who) for the applicant pages."""
    median, largest = info["median_structure"], info["largest_structure"]
    pages = [("near-static (mode d'emploi)", "/mode-d-emploi/", "median")]
    for who, sid in (("median", median), ("largest", largest)):
        pages += [
            (f"Mon espace [{who}]", "/mon-espace/", who),
            (f"Mes espaces professionnels [{who}]", "/espace-pro/", who),
            (f"Ma taxe [{who}]", f"/taxe/structures/{sid}/", who),
            (f"Mes demandes d'aide [{who}]", f"/aides/structures/{sid}/demandes/", who),
            (f"Compte entrepreneur [{who}]", f"/compte-entrepreneur/structures/{sid}/", who),
        ]
    return pages


EXPORTS = [  # (label, changelist, action): the CSV export action over every row of the list
    ("CSV export: declarations of the largest redevable", "taxe/declaration", "export_csv"),
    ("CSV export: notices of the largest redevable", "taxe/notice", "export_csv"),
]


def time_exports(session_key: str, search: str, repeat: int = 5) -> list[tuple]:
    """The admin CSV exports are POSTed actions (CSRF): timed in-process with the test client
    (same settings, middleware and database; no gunicorn), ``select_across`` over the rows of
    one structure (searched by its numéro CNM)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.cookies["sessionid"] = session_key
    results = []
    for label, changelist, action in EXPORTS:
        url = f"/admin/{changelist}/?q={search}"
        data = {"action": action, "select_across": "1", "index": "0", "_selected_action": "0"}
        timings, size = [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.post(url, data, secure=True)
                body = b"".join(response) if response.streaming else response.content
                timings.append((time.perf_counter() - started) * 1000)
            size = body.count(b"\n") - 1
        timings.sort()
        results.append(
            (
                label,
                response.status_code,
                timings[len(timings) // 2],
                timings[-1],
                len(queries),
                size,
            )
        )
    return results


def count_queries(url: str, session_key: str) -> tuple[int, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.cookies["sessionid"] = session_key
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=True)
    return response.status_code, len(queries.captured_queries)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "120",
            "--preload",
            "--max-requests",  # gunicorn.conf.py recycles workers: not during a measurement
            "0",
            "cnm_portal.wsgi:application",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    import urllib.request

    deadline = time.monotonic() + 120
    fast = 0
    while time.monotonic() < deadline and fast < 10:  # both workers loaded and warm
        started = time.perf_counter()
        try:
            urllib.request.urlopen(
                urllib.request.Request(
                    f"http://127.0.0.1:{port}/mode-d-emploi/",
                    headers={"X-Forwarded-Proto": "https"},
                ),
                timeout=60,
            ).read()
        except OSError:
            time.sleep(0.2)
            continue
        fast = fast + 1 if time.perf_counter() - started < 0.5 else 0
    if fast < 10:
        process.terminate()
        sys.exit("gunicorn did not start")
    return process


LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(port: int, url: str, session_key: str, seconds: float, connections: int) -> dict:
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{max(int(seconds), 1)}s",
        "--timeout",
        "10s",
        "--latency",
        "-H",
        f"Cookie: sessionid={session_key}",
        "-H",
        "X-Forwarded-Proto: https",
        f"http://127.0.0.1:{port}{url}",
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    figures = {p: float(v) * UNITS[u] for p, v, u in LATENCY.findall(out)}
    requests = re.search(r"(\d+) requests in", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "p50": figures.get("50"),
        "p99": figures.get("99"),
        "requests": int(requests.group(1)) if requests else 0,
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def memory_mb(pid: int | str) -> dict[str, float]:
    """Resident memory of a process: now (VmRSS), its peak (VmHWM) and its proportional share
    (Pss: the pages shared with the master and the other workers counted once in all)."""
    figures = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            figures[line[2:5].lower()] = int(line.split()[1]) / 1024
    rollup = Path(f"/proc/{pid}/smaps_rollup")
    for line in rollup.read_text().splitlines() if rollup.exists() else []:
        if line.startswith("Pss:"):
            figures["pss"] = int(line.split()[1]) / 1024
    return figures


def worker_rss(master: subprocess.Popen) -> list[dict[str, float]]:
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    return [memory_mb(pid) for pid in (children.read_text().split() if children.exists() else [])]


def format_memory(workers: list[dict[str, float]]) -> str:
    return "; ".join(
        f"RSS {w.get('rss', 0):.0f} MB (peak {w.get('hwm', 0):.0f} MB, PSS {w.get('pss', 0):.0f} MB)"
        for w in workers
    )


# --- batches (child process) ---------------------------------------------------------------


def run_batches() -> None:
    from django.db import connection

    from affiliation import tasks as affiliation_tasks
    from cnm_portal import outbox
    from compte_entrepreneur import tasks as compte_tasks
    from espace_pro import tasks as espace_pro_tasks
    from taxe import services
    from taxe.models import Declaration, Notice

    outbox.outbox_dispatch = lambda message_id: None  # PDFs and e-mails: not part of the figures
    deposited = Declaration.objects.filter(status="deposee").count()
    payable = Notice.objects.count()
    results = []

    def timed(name, rows, call):
        started = time.perf_counter()
        try:
            done = call()
            error = ""
        except Exception as exc:
            done, error = None, f"{exc.__class__.__name__}: {exc}"[:200]
        elapsed = time.perf_counter() - started
        peak = memory_mb("self")["hwm"]
        results.append(
            {
                "batch": name,
                "rows": rows,
                "done": str(done),
                "seconds": elapsed,
                "error": error,
                "peak_rss_mb": peak,
            }
        )

    timed("liquidation", deposited, lambda: services.liquidation_run().declarations)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from cnm_portal.dates import today

    timed("deadline reminders", payable, lambda: services.deadline_reminders(on=today()))
    timed("yearly threshold", payable, lambda: services.threshold_year_end(on=today()))
    timed(
        "affiliation expiries",
        None,
        lambda: affiliation_tasks.expire_affiliations(),
    )
    timed("identity-document expiries", None, espace_pro_tasks.expire_identity_documents)
    timed("compte-entrepreneur daily", None, compte_tasks.daily)
    # VmHWM, not getrusage(): ru_maxrss survives execve, so a child started by this script
    # would report the parent's size when the parent is the larger one
    print(json.dumps({"batches": results, "peak_rss_mb": memory_mb("self")["hwm"]}))


def render_pdfs(count: int = 20) -> None:
    """What the PDF worker does for a liquidation: the avis of ``count`` notices rendered by
    WeasyPrint (files in the bench's MEDIA_ROOT, database writes rolled back); peak RSS."""
    from django.db import transaction

    from taxe.documents import render_notice_pdf
    from taxe.models import Notice

    started = time.perf_counter()
    with transaction.atomic():
        notices = Notice.objects.select_related("structure", "declaration").order_by("-pk")
        rendered = 0
        for notice in notices[:count]:
            render_notice_pdf(notice)
            rendered += 1
        transaction.set_rollback(True)
    peak = memory_mb("self")["hwm"]
    seconds = time.perf_counter() - started
    print(json.dumps({"pdfs": rendered, "seconds": seconds, "peak_rss_mb": peak}))


# --- main ------------------------------------------------------------------------------------


def collectstatic(env: dict) -> None:
    if (STATIC_ROOT / "staticfiles.json").exists():
        return
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )
    print(f"  collectstatic into {STATIC_ROOT}: {time.perf_counter() - started:.0f} s")


def measure_pages(args: argparse.Namespace, env: dict, info: dict) -> None:
    from django.db import connection

    from accounts.models import User

    collectstatic(env)
    sessions = {
        who: make_session(User.objects.get(pk=info[f"{who}_user"]))
        for who in ("median", "largest", "staff")
    }
    pages = [(label, path, who) for label, path, who in key_pages(info)]
    staff = User.objects.get(pk=info["staff_user"])
    pages += [(label, path, "staff") for label, path in admin_pages(staff, info["search_term"])]
    pages += [(label, path, "staff") for label, path in info["exports"]]
    if args.only:
        pages = [p for p in pages if p[0] == pages[0][0] or re.search(args.only, p[0])]

    counts = {}
    for label, path, who in pages:
        counts[label] = count_queries(path, sessions[who])
    connection.close()

    port = free_port()
    server = start_gunicorn(env, port)
    rows = []
    try:
        for label, path, who in pages:
            wrk(port, path, sessions[who], 1, 1)  # warm-up
            figures = wrk(port, path, sessions[who], args.seconds, args.connections)
            rows.append((label, path, figures))
        web_rss = worker_rss(server)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    static_p50 = rows[0][2]["p50"] or 1.0
    print(
        f"\n{'page':58} {'status':>6} {'p50 ms':>8} {'p99 ms':>8} {'× static':>8} {'queries':>7} {'req':>6}"
    )
    for label, _path, figures in rows:
        status, queries = counts[label]
        p50, p99 = figures["p50"] or 0, figures["p99"] or 0
        flag = f" ({figures['errors']} non-2xx)" if figures["errors"] else ""
        if status >= 500 or figures["errors"]:
            ERRORS.append(f"{label}: status {status}{flag}")
        print(
            f"{label[:58]:58} {status:>6} {p50:8.1f} {p99:8.1f} {p50 / static_p50:8.1f} "
            f"{queries:>7} {figures['requests']:>6}{flag}"
        )
    print("\nCSV exports (in-process, 5 runs; p50 and max, ms; rows):")
    for label, status, p50, worst, queries, size in time_exports(
        sessions["staff"], info["largest_numero"]
    ):
        if status >= 500:
            ERRORS.append(f"{label}: status {status}")
        print(f"{label[:58]:58} {status:>6} {p50:8.1f} {worst:8.1f} {'':>8} {queries:>7} {size:>6}")
    print(f"\nweb workers after the run: {format_memory(web_rss)}")


def measure_batches(args: argparse.Namespace, env: dict) -> None:
    from django.db import connection

    connection.close()
    if args.batches_on:
        started = time.perf_counter()
        env = {**env, "DATABASE_URL": copy_database(args.database, args.batches_on)}
        print(
            f"\nbatches on {args.batches_on}, a copy of {args.database} "
            f"({time.perf_counter() - started:.0f} s to copy)"
        )
    child = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--batches-child"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
    )
    pdf = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--pdf-child"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
    )
    if args.batches_on and not args.keep_copy:
        drop_database(args.batches_on)
    pdf_lines = [line for line in pdf.stdout.splitlines() if line.startswith("{")]
    if pdf.returncode or not pdf_lines:
        ERRORS.append("PDF rendering failed")
        print("PDF rendering failed:\n" + pdf.stderr[-3000:])
    else:
        figures = json.loads(pdf_lines[-1])
        print(
            f"\nPDF worker: {figures['pdfs']} avis in {figures['seconds']:.1f} s, "
            f"peak RSS {figures['peak_rss_mb']:.0f} MB"
        )
    lines = [line for line in child.stdout.splitlines() if line.startswith("{")]
    if child.returncode or not lines:
        ERRORS.append("batches failed")
        print("batches failed:\n" + child.stderr[-3000:])
        return
    report = json.loads(lines[-1])
    print(f"\n{'batch':30} {'rows':>10} {'done':>10} {'seconds':>8} {'rows/s':>10} {'peak MB':>8}")
    for batch in report["batches"]:
        count = batch["rows"] or (int(batch["done"]) if batch["done"].isdigit() else 0)
        rate = count / batch["seconds"] if count else 0
        if batch["error"]:
            ERRORS.append(f"batch {batch['batch']}: {batch['error']}")
        print(
            f"{batch['batch']:30} {batch['rows'] or '':>10} {batch['done'][:10]:>10} "
            f"{batch['seconds']:8.2f} {rate:10,.0f} {batch['peak_rss_mb']:8.0f} {batch['error']}"
        )
        if len(batch["done"]) > 10:
            print(f"{'':30} done: {batch['done']}")
    print(f"batch worker peak RSS: {report['peak_rss_mb']:.0f} MB")


ERRORS: list[str] = []  # 500s, non-2xx answers, failed batches: the exit status of the run


def main() -> None:
    args = parse_args()
    if args.batches_child or args.pdf_child:
        import django

        django.setup()
        if args.batches_child:
            run_batches()
        else:
            render_pdfs()
        return
    url = database_url(args.database, recreate=not args.reuse)
    info_path = Path(f"/tmp/{args.database}.json")  # noqa: S108 - what --reuse reads back
    env = production_env(url)
    os.environ.update(env)
    total_started = time.perf_counter()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"bench/scale.py --scale {args.scale} on {connection.vendor} ({args.database})")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)  # a kept database follows the code's migrations
    call_command("createcachetable", verbosity=0)
    print(f"  migrate: {time.perf_counter() - started:.0f} s")
    if not args.reuse:
        info = seed(args.scale)
        info_path.write_text(json.dumps(info))
    else:
        info = json.loads(info_path.read_text())
    print(f"  seeding: {info['seconds']:.0f} s")
    for table, rows in sorted(info["rows"].items()):
        print(f"    {table:45} {rows:>10,}")
    print(
        f"  largest redevable: structure {info['largest_structure']} "
        f"({info['largest_declarations']:,} declarations); median: structure "
        f"{info['median_structure']} ({info['median_declarations']:,} declarations)"
    )
    if not args.no_pages:
        measure_pages(args, env, info)
    if not args.no_batches:
        measure_batches(args, env)
    print(f"\ntotal: {time.perf_counter() - total_started:.0f} s")
    connection.close()
    if not args.keep:
        drop_database(args.database)
    shutil.rmtree("/tmp/cnm_bench_media", ignore_errors=True)  # noqa: S108
    if ERRORS:
        print("errors:\n  " + "\n  ".join(ERRORS))
        sys.exit(1)


if __name__ == "__main__":
    main()
