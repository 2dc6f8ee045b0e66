"""The suite's "web process": a Django process on the throw-away servers, driven over a pipe.

One JSON command per line on stdin, one JSON answer per line on the original stdout (Django's
output goes to stderr). Work is done through the real services, so outbox messages are
dispatched after commit to the broker exactly as a request would. Run with
``python -m tests.faults.driver`` and DJANGO_SETTINGS_MODULE=tests.faults.settings_faults.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from datetime import timedelta
from decimal import Decimal


def setup() -> None:
    import django

    django.setup()
    from tests.faults import hooks

    hooks.install()


def seed(tag: str, bases: list[str]) -> list[dict]:
    """One structure per base, one member with an e-mail, one deposited declaration."""
    from cnm_portal.dates import today
    from espace_pro.tests.factories import MembershipFactory, StructureFactory
    from taxe.tests.factories import submitted_declaration

    rows = []
    day = today() - timedelta(days=10)
    for index, base in enumerate(bases):
        structure = StructureFactory(name=f"{tag} {index}", siret=f"{_siret_seed(tag, index):014d}")
        membership = MembershipFactory(
            structure=structure, user__email=f"{tag}-{index}@faults.test"
        )
        declaration = submitted_declaration(structure, bases=[base], day=day)
        rows.append(
            {
                "declaration": declaration.pk,
                "structure": structure.pk,
                "base": base,
                "email": membership.user.email,
            }
        )
    return rows


def _siret_seed(tag: str, index: int) -> int:
    import zlib

    return 80_000_000_000_000 + (zlib.crc32(tag.encode()) % 10_000_000) * 1000 + index


def liquidate_via_worker() -> str:
    from taxe.tasks import liquidate

    return liquidate.delay().id


def liquidate_here() -> int:
    from taxe.services import liquidation_run

    return liquidation_run().declarations


def emails(tag: str, count: int) -> list[int]:
    """An e-mail batch: ``count`` e-mails queued in one transaction (one event each)."""
    from django.db import transaction

    from cnm_portal.emails import email_enqueue

    with transaction.atomic():
        return [
            email_enqueue(
                to=[f"{tag}-mail-{n}@faults.test"], subject=f"{tag} {n}", body="Bonjour"
            ).pk
            for n in range(count)
        ]


def bank_import(content: str) -> dict:
    from accounts.models import User
    from taxe.services import bank_statement_import

    actor, _ = User.objects.get_or_create(
        email="agent-comptable@faults.test", defaults={"is_staff": True}
    )
    result = bank_statement_import(content=content.encode(), actor=actor)
    return {
        "matched": result.matched,
        "suspense": result.suspense,
        "duplicates": result.duplicates,
        "errors": result.errors,
    }


def relay(timeout: float = 60) -> dict:
    """The beat task's function, run until no message is pending (or ``timeout``)."""
    from cnm_portal.models import OutboxMessage
    from cnm_portal.outbox import outbox_relay

    start = time.monotonic()
    done = 0
    while time.monotonic() - start < timeout:
        done += outbox_relay()
        if not OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).exists():
            break
        time.sleep(0.5)
    return {"seconds": round(time.monotonic() - start, 1), "done_by_relay": done}


def outbox() -> dict:
    from django.db.models import Count

    from cnm_portal.models import OutboxMessage

    counts = dict(OutboxMessage.objects.values_list("status").annotate(n=Count("pk")))
    failed = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).values_list(
            "kind", "last_error"
        )[:5]
    )
    return {"counts": counts, "failed": failed}


def pending_ids(ids: list[int]) -> list[int]:
    from cnm_portal.models import OutboxMessage

    return list(
        OutboxMessage.objects.filter(pk__in=ids)
        .exclude(status=OutboxMessage.Status.DONE)
        .values_list("pk", flat=True)
    )


def declarations(ids: list[int]) -> list[dict]:
    """Per declaration: status, tax, its notices (every one, to see a double) and payments."""
    from taxe.models import Declaration, Notice, Payment

    rows = {
        d["pk"]: {**d, "tax_due": str(d["tax_due"]) if d["tax_due"] is not None else None}
        for d in Declaration.objects.filter(pk__in=ids).values("pk", "status", "tax_due")
    }
    for pk in rows:
        rows[pk]["notices"] = []
    for notice in Notice.objects.filter(declaration_id__in=ids).values(
        "pk", "declaration_id", "number", "status", "principal", "paid", "pdf"
    ):
        payments = list(
            Payment.objects.filter(notice_id=notice["pk"]).values_list("bank_line_id", "amount")
        )
        rows[notice["declaration_id"]]["notices"].append(
            {
                "number": notice["number"],
                "status": notice["status"],
                "principal": str(notice["principal"]),
                "paid": str(notice["paid"]),
                "pdf": notice["pdf"],
                "payments": [[line, str(amount)] for line, amount in payments],
            }
        )
    return list(rows.values())


def payments(line_ids: list[str]) -> dict:
    from django.db.models import Count

    from taxe.models import Payment

    return dict(
        Payment.objects.filter(bank_line_id__in=line_ids)
        .values_list("bank_line_id")
        .annotate(n=Count("pk"))
    )


def ledger(line_ids: list[str]) -> dict:
    """Compte-entrepreneur entries fed by the payments of these bank lines, per line."""
    from compte_entrepreneur.models import Entry
    from taxe.models import Payment

    lines = dict(
        Payment.objects.filter(bank_line_id__in=line_ids).values_list("pk", "bank_line_id")
    )
    rows: dict[str, list] = {line: [] for line in lines.values()}
    for payment_id, source, amount in Entry.objects.filter(payment_id__in=lines).values_list(
        "payment_id", "source", "amount"
    ):
        rows[lines[payment_id]].append([source, str(amount)])
    return rows


def users(prefix: str) -> list[str]:
    from accounts.models import User

    return list(User.objects.filter(email__startswith=prefix).values_list("email", flat=True))


COMMANDS = {
    func.__name__: func
    for func in (
        seed,
        liquidate_via_worker,
        liquidate_here,
        emails,
        bank_import,
        relay,
        outbox,
        pending_ids,
        declarations,
        payments,
        ledger,
        users,
    )
}


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value))


def main() -> None:
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    sys.stdout = sys.stderr
    setup()
    from django.db import close_old_connections, connection

    answers.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        request = json.loads(line)
        close_old_connections()
        try:
            result = COMMANDS[request["cmd"]](**request.get("args", {}))
            answer = {"ok": result}
        except Exception as exc:  # the suite decides what an error means
            connection.close()
            answer = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}
        answers.write(json.dumps(answer, default=_default) + "\n")


if __name__ == "__main__":
    main()
