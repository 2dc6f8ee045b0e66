"""Time the "Mon espace" dashboard through the full Django stack and print p50/p99.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cnm_bench .venv/bin/python bench/dashboard.py

Uses the configured database (creates tables with `migrate`); seeds one account.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnm_portal.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from accounts.models import User  # noqa: E402


def main(requests: int = 500) -> None:
    call_command("migrate", verbosity=0)
    user, _ = User.objects.get_or_create(
        email="bench@exemple.fr", defaults={"first_name": "Banc", "last_name": "Essai"}
    )
    client = Client()
    client.force_login(user)
    for _ in range(20):
        client.get("/mon-espace/")
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get("/mon-espace/")
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with override_settings(DEBUG=True):
        reset_queries()
        client.get("/mon-espace/")
        queries = len(connection.queries)
    timings.sort()
    p99 = timings[int(len(timings) * 0.99) - 1]
    print(f"dashboard: {requests} requests on {connection.vendor}")
    print(f"  p50 {statistics.median(timings):.2f} ms  p99 {p99:.2f} ms  queries {queries}")


if __name__ == "__main__":
    main()
