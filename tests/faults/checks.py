"""What must hold after a fault and its recovery: nothing lost, nothing doubled, money exact."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

# art. 76 CIBS: 3.5 % of the taxable base, to the cent, half up; computed here on its own,
# from the bases the suite chose, not from anything the portal stored
RATE = Decimal("0.035")
CENT = Decimal("0.01")


def expected_tax(base: str) -> Decimal:
    return (Decimal(base) * RATE).quantize(CENT, rounding=ROUND_HALF_UP)


def expected_credit(tax_paid: Decimal) -> Decimal:
    """RGA art. 45: 65 % of the tax paid to the compte-entrepreneur, to the cent, half up."""
    return (tax_paid * Decimal("0.65")).quantize(CENT, rounding=ROUND_HALF_UP)


def pdf_problem(path: Path) -> str | None:
    """None when ``path`` is a PDF that opens (header, trailer, and poppler parses it)."""
    if not path.is_file():
        return f"{path.name}: missing"
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        return f"{path.name}: not a complete PDF"
    if shutil.which("pdfinfo"):
        result = subprocess.run(["pdfinfo", str(path)], capture_output=True, timeout=30)  # noqa: S603,S607
        if result.returncode != 0 or b"Pages:" not in result.stdout:
            return f"{path.name}: pdfinfo: {result.stderr.decode(errors='replace')[:200]}"
    return None


def check_declarations(stack, seeded: list[dict]) -> dict:
    """Counts of lost and doubled work for liquidated declarations, and the problems found."""
    rows = {
        row["pk"]: row
        for row in stack.driver("declarations", ids=[s["declaration"] for s in seeded])
    }
    mails = Counter(m["to"][0] for m in stack.mails() if "Avis" in m["subject"] or m["attachments"])
    lost, doubled, problems = 0, 0, []
    for item in seeded:
        row = rows[item["declaration"]]
        tax = expected_tax(item["base"])
        notices = row["notices"]
        if row["status"] == "deposee" or not notices:
            lost += 1
            problems.append(f"declaration {row['pk']}: {row['status']}, {len(notices)} notice(s)")
            continue
        if len(notices) > 1:
            doubled += 1
            problems.append(f"declaration {row['pk']}: {len(notices)} notices")
        if Decimal(row["tax_due"]) != tax or Decimal(notices[0]["principal"]) != tax:
            problems.append(f"declaration {row['pk']}: tax {row['tax_due']} ≠ {tax}")
        if not notices[0]["pdf"]:
            lost += 1
            problems.append(f"notice {notices[0]['number']}: no PDF")
        else:
            problem = pdf_problem(stack.media / notices[0]["pdf"])
            if problem:
                lost += 1
                problems.append(problem)
        sent = mails[item["email"]]
        if sent == 0:
            lost += 1
            problems.append(f"{item['email']}: no notice e-mail")
        elif sent > 1:
            doubled += 1
            problems.append(f"{item['email']}: {sent} notice e-mails")
    return {"lost": lost, "doubled": doubled, "problems": problems}


def check_mail_ids(stack) -> list[str]:
    """Every e-mail went out once: the Message-ID of an outbox message is seen once."""
    ids = Counter(m["message_id"] for m in stack.mails())
    return [f"{mid}: sent {n} times" for mid, n in ids.items() if n > 1 or not mid]


def check_signups(stack, prefix: str, answered: dict[str, int] | None = None) -> dict:
    """One confirmation e-mail per account the traffic created (and none for any other).

    With ``answered`` (e-mail → status of its signup POST), only the signups answered with a
    redirect (acknowledged to the visitor) are held to it; accounts left by a signup answered
    500 (the database went away in the middle) are listed apart in ``unacknowledged``."""
    created = set(stack.driver("users", prefix=prefix))
    sent = Counter(m["to"][0] for m in stack.mails() if m["to"][0].startswith(prefix))
    unacknowledged = []
    if answered is not None:
        unacknowledged = sorted(e for e in created if answered.get(e) not in (301, 302))
        created -= set(unacknowledged)
    lost = [email for email in created if sent[email] == 0]
    doubled = [email for email in created if sent[email] > 1]
    strays = [email for email in sent if email not in created and email not in unacknowledged]
    return {
        "created": len(created),
        "lost": lost,
        "doubled": doubled,
        "strays": strays,
        "unacknowledged": [
            (e, answered.get(e) if answered else None, sent[e]) for e in unacknowledged
        ],
    }
