#!/bin/sh
# CI smoke of the scale benchmark (issue 12): bench/scale.py at 1 % of the CNM's volume, a subset
# of pages (the applicant pages, the biggest admin lists), the CSV exports and every batch.
# Prints the figures and asserts nothing on time: the exit status is non-zero only on an error
# (a page answering 500 or another non-2xx status, a failed batch, a crash).
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres bench/ci_smoke.sh
#
# Uses the PostgreSQL server of DATABASE_URL (its own database cnm_bench_smoke, dropped at the
# end) and Debian's wrk, installed when missing. About 1.5 min on 2 cores.
set -eu
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?bench/ci_smoke.sh needs DATABASE_URL (PostgreSQL)}"
if ! command -v wrk >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq wrk >/dev/null
fi
PYTHON=${PYTHON:-.venv/bin/python}
PAGES=${BENCH_SMOKE_PAGES:-'Mon espace|espaces|Ma taxe|aide \[|Compte entrepreneur|admin taxe\.Declaration|admin taxe\.Notice|admin aides\.Dossier$|admin cnm_portal\.AuditEntry$'}
exec "$PYTHON" bench/scale.py --scale 0.01 --seconds 1 --database cnm_bench_smoke --only "$PAGES"
