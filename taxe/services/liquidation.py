"""Liquidation (art. 76 V-VI), set-based: a handful of statements whatever the volume; the 80 €
yearly threshold judged on everything due for the year; held notices and their release."""

from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import BigIntegerField, Count, Exists, F, OuterRef, Q, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Round
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cnm_portal.dates import today
from cnm_portal.outbox import outbox_enqueue
from taxe import rules
from taxe.models import Declaration, LiquidationBatch, Notice
from taxe.services.common import LETTER_KIND, NOTICE_PREFIX, NOTICE_RANDOM_HEX, NOTICES_KIND
from taxe.services.declarations import coproduction_lapse
from taxe.workflow import DeclarationStatus as D
from taxe.workflow import NoticeStatus as N
from taxe.workflow import declaration_flow, notice_flow

ANALYZE_THRESHOLD = 1000
# integer cents on every side: SQLite sums REAL values (1.74 + 67.32 + 10.94 ≠ 80.00)
THRESHOLD_CENTS = int(rules.RECOVERY_THRESHOLD * 100)


def _cents(column: str) -> str:
    return f"CAST(ROUND({column} * 100) AS BIGINT)"


def _tax_sql() -> str:
    """``rules.tax_due`` in SQL on integer cents: half up of cents × p / q is
    floor((2 × cents × p + q) / 2q), with TAX_RATE = p / q exactly."""
    p, q = rules.TAX_RATE_NUMERATOR, rules.TAX_RATE_DENOMINATOR
    cents = _cents(connection.ops.quote_name("taxable_base"))
    return f"(CAST(({cents} * {2 * p} + {q}) / {2 * q} AS BIGINT)) / 100.0"


def _random_sql() -> str:
    """48 random bits as 12 upper-case hexadecimal digits, as ``common.notice_number`` does."""
    if connection.vendor == "postgresql":  # the first 12 digits of a v4 UUID are random
        return f"UPPER(SUBSTR(REPLACE(CAST(gen_random_uuid() AS TEXT), '-', ''), 1, {NOTICE_RANDOM_HEX}))"
    return f"UPPER(HEX(RANDOMBLOB({NOTICE_RANDOM_HEX // 2})))"


def liquidation_run(*, actor: User | None = None, declarations=None) -> LiquidationBatch:
    """Liquidate every deposited declaration (or those of ``declarations``): tax = 3.5 % of the
    base to the cent (half up), one avis per declaration with tax, held while the redevable's
    year stays under 80 € (art. 76 V, VI). Splits still unsigned on their liquidation deadline
    are first put in the queue for the declarant alone. Idempotent (only "deposee" rows move).
    """
    on = today()
    now = timezone.now()
    coproduction_lapse(on=on)
    qn = connection.ops.quote_name
    with transaction.atomic():
        batch = LiquidationBatch.objects.create(run_by=actor)
        pending = Declaration.objects.filter(status=D.DEPOSEE)
        if declarations is not None:  # the instructor's selection
            pending = pending.filter(pk__in=declarations.values("pk"))
        declaration_flow.apply_bulk(
            pending.filter(taxable_base=0),
            D.DEPOSEE,
            D.NON_TAXABLE,
            actor=actor,
            comment=_("Aucune représentation taxable"),
            marker=("batch", batch),
            updates={"tax_due": Decimal("0.00"), "liquidated_at": now},
        )
        # the tax is computed in the same UPDATE as the status change (one pass over the rows)
        moved = declaration_flow.apply_bulk(
            pending,
            D.DEPOSEE,
            D.LIQUIDEE,
            actor=actor,
            comment=_("Liquidation"),
            marker=("batch", batch),
            updates={"liquidated_at": now, "tax_due": RawSQL(_tax_sql(), [])},  # noqa: S611 (identifiers only)
        )
        if moved > ANALYZE_THRESHOLD and connection.vendor == "postgresql":
            # the planner must know that many rows just became "liquidee", or the yearly
            # totals below are recomputed row by row (quadratic)
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {qn(Declaration._meta.db_table)}")
        issued, held = _insert_notices(batch, on)
        released = _release_batch(batch, on)
        batch.declarations, batch.notices_issued = moved, issued
        batch.notices_held, batch.notices_released = held, released
        batch.save(
            update_fields=["declarations", "notices_issued", "notices_held", "notices_released"]
        )
        if issued or held or released:
            outbox_enqueue(NOTICES_KIND, {"batch_id": batch.pk})
    return batch


def _year_totals_sql() -> tuple[str, list]:
    """Everything due for each (redevable, year) of the batch, in cents: the tax the batch just
    liquidated plus every notice already issued or held for that year (liquidations,
    rectifications, taxations d'office; not those settled as not recovered)."""
    qn = connection.ops.quote_name
    decl, notice = qn(Declaration._meta.db_table), qn(Notice._meta.db_table)
    s, y = qn("structure_id"), qn("tax_year")
    sql = (
        f"SELECT x.s AS s, x.y AS y, SUM(x.c) AS total FROM ("  # noqa: S608 (identifiers only)
        f"SELECT d.{s} AS s, d.{y} AS y, {_cents('d.' + qn('tax_due'))} AS c FROM {decl} d "
        f"WHERE d.{qn('batch_id')} = %s AND d.{qn('status')} = %s AND d.{qn('tax_due')} > 0 "
        f"UNION ALL SELECT n.{s}, n.{y}, {_cents('n.' + qn('principal'))} FROM {notice} n "
        f"WHERE n.{qn('status')} <> %s AND EXISTS (SELECT 1 FROM {decl} b "
        f"WHERE b.{qn('batch_id')} = %s AND b.{s} = n.{s} AND b.{y} = n.{y})"
        f") x GROUP BY x.s, x.y"
    )
    return sql, [N.NON_RECOUVRE]


def _insert_notices(batch: LiquidationBatch, on: date) -> tuple[int, int]:
    qn = connection.ops.quote_name
    notice, decl = Notice._meta, Declaration._meta
    due = rules.payment_deadline(on)
    columns = [
        "number",
        "structure_id",
        "declaration_id",
        "batch_id",
        "status",
        "tax_year",
        "principal",
        "majoration",
        "paid",
        "issued_on",
        "due_on",
        "pdf",
        "reminder_pdf",
        "titre_pdf",
        "kind",
    ]
    totals, _totals_params = _year_totals_sql()
    status_sql = "CASE WHEN yt.total >= %s THEN %s ELSE %s END"
    sql = (
        f"INSERT INTO {qn(notice.db_table)} ({', '.join(qn(c) for c in columns)}) "  # noqa: S608
        f"SELECT %s || CAST(d.{qn('id')} AS VARCHAR(20)) || '-' || {_random_sql()}, "
        f"d.{qn('structure_id')}, d.{qn('id')}, %s, "
        f"{status_sql}, d.{qn('tax_year')}, d.{qn('tax_due')}, 0, 0, "
        f"CASE WHEN yt.total >= %s THEN %s ELSE NULL END, CASE WHEN yt.total >= %s THEN %s ELSE NULL END, "
        f"'', '', '', 'liquidation' "
        f"FROM {qn(decl.db_table)} d JOIN ({totals}) yt "
        f"ON yt.s = d.{qn('structure_id')} AND yt.y = d.{qn('tax_year')} "
        f"WHERE d.{qn('batch_id')} = %s AND d.{qn('status')} = %s AND d.{qn('tax_due')} > 0"
    )
    params = [
        NOTICE_PREFIX,
        batch.pk,
        THRESHOLD_CENTS,
        N.A_PAYER,
        N.RETENU,
        THRESHOLD_CENTS,
        on,
        THRESHOLD_CENTS,
        due,
        batch.pk,
        D.LIQUIDEE,
        N.NON_RECOUVRE,
        batch.pk,
        batch.pk,
        D.LIQUIDEE,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    notice_flow.record_created_bulk(
        Notice, marker=("batch", batch.pk), actor=None, comment=_("Avis émis à la liquidation")
    )
    counts = Notice.objects.filter(batch=batch).aggregate(  # one pass over the batch's notices
        issued=Count("pk", filter=Q(status=N.A_PAYER)), held=Count("pk", filter=Q(status=N.RETENU))
    )
    return counts["issued"], counts["held"]


def _year_reached():
    """(redevable, year) pairs whose notices (not settled as not recovered) reach 80 €."""
    return (
        Notice.objects.filter(structure=OuterRef("structure"), tax_year=OuterRef("tax_year"))
        .exclude(status=N.NON_RECOUVRE)
        .values("structure", "tax_year")
        .annotate(total=Sum(Cast(Round(F("principal") * 100), BigIntegerField())))
        .filter(total__gte=THRESHOLD_CENTS)
    )


def year_is_recoverable(*, structure_id: int, tax_year: int, adding: Decimal) -> bool:
    """Art. 76 VI: would the year reach 80 € with ``adding`` (a new notice's principal)?"""
    total = (
        Notice.objects.filter(structure_id=structure_id, tax_year=tax_year)
        .exclude(status=N.NON_RECOUVRE)
        .aggregate(total=Sum("principal"))["total"]
    ) or Decimal("0.00")
    return rules.is_recoverable(total + adding)


def _release_batch(batch: LiquidationBatch, on: date) -> int:
    """Held notices of a (redevable, year) whose total now reaches 80 € become payable. Only the
    years of the batch's declarations can have changed: their totals are summed once, in one
    GROUP BY (not once per held notice), and the held notices of those years are joined to them.
    """
    qn = connection.ops.quote_name
    decl, notice = qn(Declaration._meta.db_table), qn(Notice._meta.db_table)
    s, y, i, st = qn("structure_id"), qn("tax_year"), qn("id"), qn("status")
    reached = (
        f"SELECT h.{i} FROM {notice} h JOIN ("  # noqa: S608 (identifiers only)
        f"SELECT n.{s} AS s, n.{y} AS y FROM {notice} n WHERE n.{st} <> %s AND EXISTS ("
        f"SELECT 1 FROM {decl} b WHERE b.{qn('batch_id')} = %s AND b.{s} = n.{s} AND b.{y} = n.{y}) "
        f"GROUP BY n.{s}, n.{y} HAVING SUM({_cents('n.' + qn('principal'))}) >= %s"
        f") r ON r.s = h.{s} AND r.y = h.{y} WHERE h.{st} = %s"
    )
    held = Notice.objects.filter(
        status=N.RETENU,
        pk__in=RawSQL(reached, [N.NON_RECOUVRE, batch.pk, THRESHOLD_CENTS, N.RETENU]),  # noqa: S611
    )
    return notice_flow.apply_bulk(
        held,
        N.RETENU,
        N.A_PAYER,
        actor=None,
        comment=_("Seuil annuel de 80 € atteint"),
        marker=("release_marker", batch.pk),
        updates={"issued_on": on, "due_on": rules.payment_deadline(on)},
    )


def release_held_notices(*, structure_id: int, tax_year: int, actor) -> int:
    """After a rectification or a taxation d'office: the year's held notices become payable
    if the year now reaches 80 €; each gets its letter again, with its due date."""
    on = today()
    held = (
        Notice.objects.filter(structure_id=structure_id, tax_year=tax_year, status=N.RETENU)
        .filter(Exists(_year_reached()))
        .select_for_update()
    )
    released = 0
    for notice in held:
        notice_flow.apply(
            notice,
            N.A_PAYER,
            actor=actor,
            comment=_("Seuil annuel de 80 € atteint"),
            updates={"issued_on": on, "due_on": rules.payment_deadline(on)},
        )
        outbox_enqueue(LETTER_KIND, {"notice_id": notice.pk, "letter": "released"})
        released += 1
    return released


def threshold_year_end(*, on: date) -> int:
    """Held notices of a year that can no longer reach 80 € are settled as not recovered: the
    declarations of December are due by 31 March, liquidated within 15 days (docs/decisions.md)."""
    closed_year = on.year - 1 if on >= date(on.year, 4, 16) else on.year - 2
    return notice_flow.apply_bulk(
        Notice.objects.filter(status=N.RETENU, tax_year__lte=closed_year),
        N.RETENU,
        N.NON_RECOUVRE,
        actor=None,
        comment=_("Moins de 80 € sur l'année civile : non recouvré"),
        marker=("release_marker", on.toordinal()),
    )
