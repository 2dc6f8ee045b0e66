"""Every write of the variety-show tax: declarations, coproduction, liquidation (set-based),
notices and their PDFs, payments and bank statements, reminders and titres exécutoires."""

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import BigIntegerField, Exists, F, Min, OuterRef, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Round
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.money import parse_amount, round_cents
from cnm_portal.outbox import outbox_enqueue
from espace_pro.models import Membership, Structure
from taxe import rules
from taxe.hooks import run_payment_hooks
from taxe.models import (
    CoproductionShare,
    Declaration,
    LiquidationBatch,
    MiseEnDemeure,
    Notice,
    Payment,
    Rectification,
    Representation,
)
from taxe.workflow import DeclarationStatus as D
from taxe.workflow import MiseEnDemeureStatus as M
from taxe.workflow import NoticeStatus as N
from taxe.workflow import RectificationStatus as R
from taxe.workflow import declaration_flow, mise_en_demeure_flow, notice_flow, rectification_flow

NOTICES_KIND = "taxe.notices"
LETTER_KIND = "taxe.letter"
NOTICE_PREFIX = "AV-"
ANALYZE_THRESHOLD = 1000


def _emails(structure_id: int) -> list[str]:
    return list(
        Membership.objects.filter(structure_id=structure_id).values_list("user__email", flat=True)
    )


# --- declaring -----------------------------------------------------------------------------


@dataclass
class RepresentationData:
    date: date
    venue: str
    city: str
    category: str
    astp_theatre: bool = False
    educational: bool = False
    ticketing: bool = True
    base_ht: Decimal | None = None
    amount_ttc: Decimal | None = None
    vat_rate: Decimal | None = None


def _editable(declaration: Declaration) -> None:
    if declaration.status != D.BROUILLON:
        raise ValidationError(_("Cette déclaration est déposée : elle ne peut plus être modifiée."))


def declaration_create(*, structure: Structure, actor: User, spectacle: str) -> Declaration:
    with transaction.atomic():
        declaration = Declaration.objects.create(
            structure=structure, spectacle=spectacle, created_by=actor
        )
        declaration_flow.start(declaration, actor=actor, comment=_("Brouillon créé"))
    return declaration


def representation_errors(data: RepresentationData, *, on: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    for message in rules.representation_date_errors(data.date, today=on):
        errors["date"] = message
    if data.base_ht is None and (data.amount_ttc is None or data.vat_rate is None):
        errors["base_ht"] = _("Indiquez le montant HT, ou le montant TTC avec son taux de TVA.")
    for field in ("base_ht", "amount_ttc"):
        value = getattr(data, field)
        if value is not None and value < 0:
            errors[field] = _("Le montant ne peut pas être négatif.")
    if data.vat_rate is not None and data.vat_rate not in rules.VAT_RATES:
        errors["vat_rate"] = _("Taux de TVA inconnu : 2,1 %, 5,5 %, 10 % ou 20 %.")
    return errors


def representation_add(
    *, declaration: Declaration, actor: User, data: RepresentationData
) -> Representation:
    _editable(declaration)
    errors = representation_errors(data, on=today())
    if errors:
        raise ValidationError(errors)
    base = (
        data.base_ht
        if data.base_ht is not None
        else rules.ht_from_ttc(data.amount_ttc, data.vat_rate)
    )
    return Representation.objects.create(
        declaration=declaration,
        date=data.date,
        venue=data.venue,
        city=data.city,
        category=data.category,
        astp_theatre=data.astp_theatre,
        educational=data.educational,
        ticketing=data.ticketing,
        base_ht=round_cents(base),
        amount_ttc=data.amount_ttc,
        vat_rate=data.vat_rate,
        taxability=rules.taxability(
            category=data.category, astp_theatre=data.astp_theatre, educational=data.educational
        ),
    )


def representations_import(*, declaration: Declaration, actor: User, rows: Sequence) -> int:
    """Good lines of a CSV the declarant confirmed (bad lines were reported, never stored)."""
    _editable(declaration)
    with transaction.atomic():
        for row in rows:
            representation_add(
                declaration=declaration,
                actor=actor,
                data=RepresentationData(
                    date=row.date,
                    venue=row.venue,
                    city=row.city,
                    category=row.category,
                    astp_theatre=row.astp_theatre,
                    educational=row.educational,
                    ticketing=row.ticketing,
                    base_ht=row.base_ht,
                    amount_ttc=row.amount_ttc,
                    vat_rate=row.vat_rate,
                ),
            )
        audit_record(
            actor=actor, action="taxe.import_csv", target=declaration, data={"lignes": len(rows)}
        )
    return len(rows)


def representation_delete(*, representation: Representation, actor: User) -> None:
    _editable(representation.declaration)
    representation.delete()


def declaration_set_shares(
    *, declaration: Declaration, actor: User, shares: Sequence[tuple[Structure, Decimal]]
) -> None:
    """RGA art. 46: the split is asked at declaration time; an empty list removes it."""
    _editable(declaration)
    if shares:
        errors = rules.split_errors([share for _structure, share in shares])
        if errors:
            raise ValidationError(errors)
        if declaration.structure not in [structure for structure, _share in shares]:
            raise ValidationError(_("La structure déclarante doit figurer parmi les parties."))
        if len({s.pk for s, _share in shares}) != len(shares):
            raise ValidationError(_("Chaque partie ne peut figurer qu'une fois."))
    with transaction.atomic():
        declaration.shares.all().delete()
        for structure, share in shares:
            CoproductionShare.objects.create(
                declaration=declaration, structure=structure, share=share
            )


def declaration_submit(*, declaration: Declaration, actor: User) -> Declaration:
    _editable(declaration)
    representations = list(declaration.representations.all())
    if not representations:
        raise ValidationError(
            _("Ajoutez au moins une représentation avant de déposer la déclaration.")
        )
    now = timezone.now()
    received = timezone.localdate(now)
    first = min(r.date for r in representations)
    taxable = sum(
        (r.base_ht for r in representations if r.taxability == rules.TAXABLE), Decimal("0.00")
    )
    updates = {
        "received_at": now,
        "first_representation": first,
        "tax_year": first.year,
        "taxable_base": taxable,
        "is_late": any(rules.is_declaration_late(r.date, received) for r in representations),
        "liquidation_due_on": rules.liquidation_deadline(received),
    }
    shares = list(declaration.shares.select_related("structure"))
    with transaction.atomic():
        for share in shares:
            if share.structure_id == declaration.structure_id:
                share.signed_at, share.signed_by = now, actor
                share.save(update_fields=["signed_at", "signed_by"])
        pending = [s for s in shares if s.signed_at is None]
        target = D.COPRODUCTION if pending else D.DEPOSEE
        declaration = declaration_flow.apply(
            declaration, target, actor=actor, comment=_("Déclaration déposée"), updates=updates
        )
        if target == D.DEPOSEE and any(r.taxability == rules.MEDIATION for r in representations):
            # décret 2004-117 art. 2: the category is settled after the médiation commission;
            # the declaration waits for the instructor instead of being liquidated without it
            declaration = declaration_flow.apply(
                declaration,
                D.EN_REVUE,
                actor=None,
                comment=_(
                    "Catégorie soumise à la commission de médiation (décret n° 2004-117, art. 2)"
                ),
                updates={"review_reason": _("Commission de médiation")},
            )
        email_enqueue_template(
            to=_emails(declaration.structure_id),
            template_prefix="taxe/email/declaration_received",
            context={"declaration": declaration},
        )
        for share in pending:
            email_enqueue_template(
                to=_emails(share.structure_id),
                template_prefix="taxe/email/share_to_sign",
                context={"declaration": declaration, "share": share},
            )
    return declaration


def share_sign(*, share: CoproductionShare, actor: User) -> CoproductionShare:
    """A party validates and signs the split from its own espace (RGA art. 46)."""
    with transaction.atomic():
        locked = (
            CoproductionShare.objects.select_for_update()
            .select_related("declaration")
            .get(pk=share.pk)
        )
        if locked.signed_at is not None:
            raise ValidationError(_("Cette répartition est déjà signée."))
        if locked.declaration.status != D.COPRODUCTION:
            raise ValidationError(_("Cette déclaration n'attend plus de signature."))
        locked.signed_at, locked.signed_by = timezone.now(), actor
        locked.save(update_fields=["signed_at", "signed_by"])
        audit_record(
            actor=actor,
            action="taxe.signature_coproduction",
            target=locked.declaration,
            data={"part": str(locked.share)},
        )
        if not locked.declaration.shares.filter(signed_at__isnull=True).exists():
            declaration_flow.apply(
                locked.declaration,
                D.DEPOSEE,
                actor=actor,
                comment=_("Répartition signée par toutes les parties"),
            )
    return locked


def declaration_hold(*, declaration: Declaration, actor: User, reason: str) -> Declaration:
    if not reason.strip():
        raise ValidationError(_("Indiquez pourquoi la déclaration est retenue."))
    return declaration_flow.apply(
        declaration, D.EN_REVUE, actor=actor, comment=reason, updates={"review_reason": reason}
    )


def declaration_release(*, declaration: Declaration, actor: User) -> Declaration:
    return declaration_flow.apply(declaration, D.DEPOSEE, actor=actor, comment=_("Examen terminé"))


# --- liquidation (set-based) ---------------------------------------------------------------


def liquidation_run(*, actor: User | None = None, declarations=None) -> LiquidationBatch:
    """Liquidate every deposited declaration: tax = 3.5 % of the base to the cent (half up),
    one avis per declaration with tax, held below the yearly 80 € threshold (art. 76 V, VI).

    A few statements whatever the number of declarations; idempotent (only "deposee" rows move).
    """
    on = today()
    now = timezone.now()
    qn = connection.ops.quote_name
    with transaction.atomic():
        batch = LiquidationBatch.objects.create(run_by=actor)
        pending = Declaration.objects.filter(status=D.DEPOSEE)
        if declarations is not None:  # the instructor's selection ("liquider maintenant")
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
        # 3.5 % half up to the cent, in integer cents: (cents × 35 + 500) ÷ 1000.
        cents = f"CAST(ROUND({qn('taxable_base')} * 100) AS BIGINT)"
        tax_sql = f"(CAST(({cents} * 35 + 500) / 1000 AS BIGINT)) / 100.0"
        # the tax is computed in the same UPDATE as the status change (one pass over the rows)
        moved = declaration_flow.apply_bulk(
            pending,
            D.DEPOSEE,
            D.LIQUIDEE,
            actor=actor,
            comment=_("Liquidation"),
            marker=("batch", batch),
            updates={"liquidated_at": now, "tax_due": RawSQL(tax_sql, [])},  # noqa: S611 (identifiers only)
        )
        if moved > ANALYZE_THRESHOLD and connection.vendor == "postgresql":
            # the planner must know that many rows just became "liquidee", or the yearly
            # totals below are recomputed row by row (quadratic)
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {qn(Declaration._meta.db_table)}")
        issued, held = _insert_notices(batch, on)
        released = _release_held_notices(batch, on)
        batch.declarations, batch.notices_issued = moved, issued
        batch.notices_held, batch.notices_released = held, released
        batch.save(
            update_fields=["declarations", "notices_issued", "notices_held", "notices_released"]
        )
        if issued or held or released:
            outbox_enqueue(NOTICES_KIND, {"batch_id": batch.pk})
    return batch


def _year_totals_sql() -> str:
    """Yearly totals in cents, only for the (redevable, year) pairs of the batch."""
    qn = connection.ops.quote_name
    table = qn(Declaration._meta.db_table)
    return (
        f"SELECT t.{qn('structure_id')} AS s, t.{qn('tax_year')} AS y, "  # noqa: S608
        f"SUM(CAST(ROUND(t.{qn('tax_due')} * 100) AS BIGINT)) AS total "
        f"FROM {table} t WHERE t.{qn('status')} = %s AND EXISTS (SELECT 1 FROM {table} b "
        f"WHERE b.{qn('batch_id')} = %s AND b.{qn('structure_id')} = t.{qn('structure_id')} "
        f"AND b.{qn('tax_year')} = t.{qn('tax_year')}) "
        f"GROUP BY t.{qn('structure_id')}, t.{qn('tax_year')}"
    )


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
    status_sql = "CASE WHEN yt.total >= %s THEN %s ELSE %s END"
    sql = (
        f"INSERT INTO {qn(notice.db_table)} ({', '.join(qn(c) for c in columns)}) "  # noqa: S608
        f"SELECT %s || CAST(d.{qn('id')} AS VARCHAR(20)), d.{qn('structure_id')}, d.{qn('id')}, %s, "
        f"{status_sql}, d.{qn('tax_year')}, d.{qn('tax_due')}, 0, 0, "
        f"CASE WHEN yt.total >= %s THEN %s ELSE NULL END, CASE WHEN yt.total >= %s THEN %s ELSE NULL END, "
        f"'', '', '', 'liquidation' "
        f"FROM {qn(decl.db_table)} d JOIN ({_year_totals_sql()}) yt "
        f"ON yt.s = d.{qn('structure_id')} AND yt.y = d.{qn('tax_year')} "
        f"WHERE d.{qn('batch_id')} = %s AND d.{qn('status')} = %s AND d.{qn('tax_due')} > 0"
    )
    # integer cents on both sides: SQLite sums REAL values (1.74 + 67.32 + 10.94 ≠ 80.00)
    threshold = int(rules.RECOVERY_THRESHOLD * 100)
    params = [
        NOTICE_PREFIX,
        batch.pk,
        threshold,
        N.A_PAYER,
        N.RETENU,
        threshold,
        on,
        threshold,
        due,
        D.LIQUIDEE,
        batch.pk,
        batch.pk,
        D.LIQUIDEE,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    notice_flow.record_created_bulk(
        Notice, marker=("batch", batch.pk), actor=None, comment=_("Avis émis à la liquidation")
    )
    issued = Notice.objects.filter(batch=batch, status=N.A_PAYER).count()
    held = Notice.objects.filter(batch=batch, status=N.RETENU).count()
    return issued, held


def _release_held_notices(batch: LiquidationBatch, on: date) -> int:
    """Held notices of a (redevable, year) whose total now reaches 80 € become payable."""
    reached = (
        Declaration.objects.filter(
            status=D.LIQUIDEE, structure=OuterRef("structure"), tax_year=OuterRef("tax_year")
        )
        .values("structure", "tax_year")
        .annotate(total=Sum(Cast(Round(F("tax_due") * 100), BigIntegerField())))
        .filter(total__gte=int(rules.RECOVERY_THRESHOLD * 100))
    )
    to_release = Notice.objects.filter(status=N.RETENU).filter(Exists(reached))
    return notice_flow.apply_bulk(
        to_release,
        N.RETENU,
        N.A_PAYER,
        actor=None,
        comment=_("Seuil annuel de 80 € atteint"),
        marker=("release_marker", batch.pk),
        updates={"issued_on": on, "due_on": rules.payment_deadline(on)},
    )


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


# --- payments ------------------------------------------------------------------------------


def payment_record(
    *,
    notice: Notice | None,
    amount: Decimal,
    paid_on: date,
    reference: str,
    actor: User | None,
    bank_line_id: str | None = None,
) -> Payment:
    if amount <= 0:
        raise ValidationError({"amount": _("Le montant d'un paiement doit être positif.")})
    if paid_on > today():
        raise ValidationError({"paid_on": _("La date de paiement ne peut pas être dans le futur.")})
    with transaction.atomic():
        if bank_line_id and Payment.objects.filter(bank_line_id=bank_line_id).exists():
            raise ValidationError(_("Cette ligne bancaire est déjà enregistrée."), code="duplicate")
        payment = Payment.objects.create(
            notice=notice,
            amount=amount,
            paid_on=paid_on,
            reference=reference,
            bank_line_id=bank_line_id,
            recorded_by=actor,
        )
        if notice is not None:
            _apply_payment(notice, payment, actor)
        audit_record(
            actor=actor,
            action="taxe.paiement",
            target=notice or payment,
            data={"montant": str(amount), "reference": reference},
        )
    return payment


def _apply_payment(notice: Notice, payment: Payment, actor) -> None:
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    Notice.objects.filter(pk=locked.pk).update(paid=F("paid") + payment.amount)
    locked.refresh_from_db()
    run_payment_hooks(payment=payment, notice=locked, actor=actor)
    if locked.paid >= locked.total and locked.status in (N.A_PAYER, N.RELANCE, N.TITRE):
        notice_flow.apply(locked, N.PAYE, actor=actor, comment=_("Soldé"))
        email_enqueue_template(
            to=_emails(locked.structure_id),
            template_prefix="taxe/email/paid",
            context={"notice": locked},
        )


def payment_assign(*, payment: Payment, notice: Notice, actor: User) -> Payment:
    """Take a payment out of the suspense list."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.notice_id is not None:
            raise ValidationError(_("Ce paiement est déjà affecté."))
        locked.notice = notice
        locked.save(update_fields=["notice"])
        _apply_payment(notice, locked, actor)
        audit_record(
            actor=actor, action="taxe.paiement_affecte", target=notice, data={"paiement": locked.pk}
        )
    return locked


NOTICE_NUMBER_RE = re.compile(r"AV-(?:R\d+-\d+|T\d+|\d+)")


@dataclass
class BankImportResult:
    matched: int = 0
    suspense: int = 0
    duplicates: int = 0
    errors: list[str] | None = None


def bank_statement_import(*, content: bytes, actor: User) -> BankImportResult:
    """CSV « date;montant;libelle;identifiant »: matched to notices by the document number found
    in the label; unmatched lines go to the suspense list; a line already imported is skipped."""
    result = BankImportResult(errors=[])
    text = content.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text), delimiter=";")
    for number, line in enumerate(reader, start=1):
        if number == 1 and line and line[0].strip().lower() == "date":
            continue
        if not any(cell.strip() for cell in line):
            continue
        try:
            raw_date, raw_amount, label, line_id = (cell.strip() for cell in line[:4])
            day, month, year = (int(part) for part in raw_date.split("/"))
            paid_on = date(year, month, day)
            amount = parse_amount(raw_amount)
        except (ValueError, TypeError):
            result.errors.append(
                _("Ligne %(n)s illisible : %(line)s") % {"n": number, "line": ";".join(line)}
            )
            continue
        line_id = line_id or None  # without an identifier a line cannot be recognised twice
        if line_id and Payment.objects.filter(bank_line_id=line_id).exists():
            result.duplicates += 1
            continue
        found = NOTICE_NUMBER_RE.search(label.upper())
        notice = Notice.objects.filter(number=found.group(0)).first() if found else None
        try:
            payment_record(
                notice=notice,
                amount=amount,
                paid_on=paid_on,
                reference=label[:140],
                actor=actor,
                bank_line_id=line_id,
            )
        except ValidationError as error:
            result.errors.append(
                _("Ligne %(n)s : %(error)s") % {"n": number, "error": " ".join(error.messages)}
            )
            continue
        if notice is None:
            result.suspense += 1
        else:
            result.matched += 1
    return result


# --- reminders and titres (art. 76 VII) ----------------------------------------------------


def notice_send_reminder(*, notice: Notice, actor: User) -> Notice:
    """After the deadline: registered reminder letter, +10 % on what remains due."""
    with transaction.atomic():
        # re-read under the lock: a payment recorded meanwhile lowers the 10 %
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        if notice.due_on is None or notice.due_on >= today():
            raise ValidationError(_("La date limite de paiement n'est pas dépassée."))
        majoration = rules.majoration(
            notice.principal - min(notice.paid, notice.principal), rules.MAJORATION_RETARD
        )
        notice = notice_flow.apply(
            notice,
            N.RELANCE,
            actor=actor,
            comment=_("Lettre de rappel, majoration de 10 %"),
            updates={"majoration": majoration, "reminder_sent_on": today()},
        )
        outbox_enqueue(LETTER_KIND, {"notice_id": notice.pk, "letter": "reminder"})
    return notice


def notice_record_reminder_receipt(*, notice: Notice, received_on: date, actor: User) -> Notice:
    if notice.status != N.RELANCE:
        raise ValidationError(_("Aucune lettre de rappel en cours pour cet avis."))
    if received_on < notice.reminder_sent_on or received_on > today():
        raise ValidationError(
            _("La date de réception doit suivre l'envoi et ne pas être dans le futur.")
        )
    Notice.objects.filter(pk=notice.pk).update(reminder_received_on=received_on)
    audit_record(
        actor=actor,
        action="taxe.accuse_reception",
        target=notice,
        data={"recu_le": str(received_on)},
    )
    notice.refresh_from_db()
    return notice


def titre_issuable_on(notice: Notice) -> date | None:
    return (
        rules.titre_date_after_reminder(notice.reminder_received_on)
        if notice.reminder_received_on
        else None
    )


def notice_issue_titre(*, notice: Notice, actor: User) -> Notice:
    """30 days after the reminder was received and still unpaid: titre exécutoire."""
    issuable = titre_issuable_on(notice)
    if notice.status != N.RELANCE or issuable is None or today() < issuable:
        raise ValidationError(
            _(
                "Le titre exécutoire ne peut être émis que trente jours après la réception de la lettre de rappel."
            )
        )
    with transaction.atomic():
        notice = notice_flow.apply(
            notice,
            N.TITRE,
            actor=actor,
            comment=_("Titre exécutoire émis"),
            updates={"titre_on": today()},
        )
        outbox_enqueue(LETTER_KIND, {"notice_id": notice.pk, "letter": "titre"})
    return notice


# --- control: rectification (art. 76 VIII al. 2) -------------------------------------------


def _check_reassessment(exigible_on: date) -> None:
    if not rules.can_reassess(exigible_on, today()):
        raise ValidationError(
            _(
                "Le droit de reprise est éteint depuis le %(date)s (31 décembre de la troisième année "
                "qui suit l'exigibilité, article 76 VIII)."
            )
            % {"date": rules.reassessment_limit(exigible_on).strftime("%d/%m/%Y")},
            code="prescribed",
        )


def rectification_notify(
    *, declaration: Declaration, corrected_base: Decimal, motive: str, actor: User
) -> Rectification:

    if declaration.status != D.LIQUIDEE:
        raise ValidationError(_("Seule une déclaration liquidée peut être rectifiée."))
    if not motive.strip():
        raise ValidationError(
            {"motive": _("Indiquez l'insuffisance, l'inexactitude ou l'omission constatée.")}
        )
    _check_reassessment(declaration.first_representation)
    extra = rules.tax_due(corrected_base) - (declaration.tax_due or Decimal("0.00"))
    if extra <= 0:
        raise ValidationError(
            {"corrected_base": _("La base rectifiée doit conduire à des droits supplémentaires.")}
        )
    majoration = rules.majoration(extra, rules.MAJORATION_RECTIFICATION)
    on = today()
    with transaction.atomic():
        notice = Notice.objects.create(
            number=f"{NOTICE_PREFIX}R{declaration.pk}-{declaration.rectifications.count() + 1}",
            kind=Notice.Kind.RECTIFICATION,
            structure=declaration.structure,
            status=N.A_PAYER,
            tax_year=declaration.tax_year,
            principal=extra,
            majoration=majoration,
            issued_on=on,
        )
        notice_flow.start(notice, actor=actor, comment=_("Droits supplémentaires notifiés"))
        rectification = Rectification.objects.create(
            declaration=declaration,
            motive=motive,
            previous_base=declaration.taxable_base,
            corrected_base=corrected_base,
            extra_tax=extra,
            majoration=majoration,
            notice=notice,
            notified_on=on,
            created_by=actor,
        )
        rectification_flow.start(rectification, actor=actor, comment=motive)
        outbox_enqueue(LETTER_KIND, {"notice_id": notice.pk, "letter": "rectification"})
    return rectification


def rectification_record_receipt(
    *, rectification, received_on: date, actor: User, answer: bool = False
):
    """Delivery date of the notification (or of the answer to the observations)."""
    if received_on > today():
        raise ValidationError(_("La date de réception ne peut pas être dans le futur."))
    field = "answer_received_on" if answer else "received_on"
    type(rectification).objects.filter(pk=rectification.pk).update(**{field: received_on})
    audit_record(
        actor=actor,
        action="taxe.rectification_reception",
        target=rectification.declaration,
        data={field: str(received_on)},
    )
    rectification.refresh_from_db()
    return rectification


def rectification_observe(*, rectification, text: str, actor: User):
    """The redevable's observations, within 30 days of receiving the notification."""

    if not text.strip():
        raise ValidationError({"text": _("Rédigez vos observations.")})
    if rectification.received_on and today() > rules.observations_deadline(
        rectification.received_on
    ):
        raise ValidationError(
            _("Le délai de trente jours pour présenter vos observations a expiré le %(date)s.")
            % {"date": rules.observations_deadline(rectification.received_on).strftime("%d/%m/%Y")}
        )
    return rectification_flow.apply(
        rectification,
        R.OBSERVATIONS,
        actor=actor,
        comment=_("Observations du redevable"),
        updates={"observations": text, "observations_at": timezone.now()},
    )


def rectification_answer(*, rectification, text: str, actor: User):

    if not text.strip():
        raise ValidationError({"text": _("La réponse aux observations doit être motivée.")})
    with transaction.atomic():
        rectification = rectification_flow.apply(
            rectification,
            R.REPONDUE,
            actor=actor,
            comment=_("Réponse motivée"),
            updates={"answer": text, "answered_on": today()},
        )
        email_enqueue_template(
            to=_emails(rectification.declaration.structure_id),
            template_prefix="taxe/email/rectification_answer",
            context={"rectification": rectification},
        )
    return rectification


def rectification_titre_date(rectification) -> date | None:
    if rectification.answer_received_on:
        return rules.titre_date_after_rectification(
            notification_received_on=rectification.received_on or rectification.notified_on,
            answer_received_on=rectification.answer_received_on,
        )
    if rectification.status == "notifiee" and rectification.received_on:
        return rules.titre_date_after_rectification(
            notification_received_on=rectification.received_on
        )
    return None


def rectification_issue_titre(*, rectification, actor: User):

    issuable = rectification_titre_date(rectification)
    if issuable is None or today() < issuable:
        raise ValidationError(
            _(
                "Le titre exécutoire est émis trente jours après la réception de la réponse aux "
                "observations, ou de la notification en l'absence d'observations (article 76 VIII)."
            )
        )
    with transaction.atomic():
        rectification_flow.apply(
            rectification, R.CLOSE, actor=actor, comment=_("Titre exécutoire émis")
        )
        notice = notice_flow.apply(
            rectification.notice,
            N.TITRE,
            actor=actor,
            comment=_("Titre exécutoire émis"),
            updates={"titre_on": today()},
        )
        outbox_enqueue(LETTER_KIND, {"notice_id": notice.pk, "letter": "titre"})
    return rectification


# --- control: mise en demeure and taxation d'office (art. 76 VIII al. 3) ----------------------


def mise_en_demeure_send(
    *,
    structure: Structure,
    spectacle: str,
    representation_date: date,
    venue: str,
    city: str,
    category: str,
    actor: User,
):

    _check_reassessment(representation_date)
    if representation_date > today():
        raise ValidationError({"representation_date": _("La représentation doit avoir eu lieu.")})
    with transaction.atomic():
        med = MiseEnDemeure.objects.create(
            structure=structure,
            spectacle=spectacle,
            representation_date=representation_date,
            venue=venue,
            city=city,
            category=category,
            sent_on=today(),
            created_by=actor,
        )
        mise_en_demeure_flow.start(med, actor=actor, comment=_("Mise en demeure envoyée"))
        outbox_enqueue(LETTER_KIND, {"mise_en_demeure_id": med.pk, "letter": "mise_en_demeure"})
    return med


def mise_en_demeure_regularise(*, med, declaration: Declaration, actor: User):

    if declaration.structure_id != med.structure_id or declaration.status == D.BROUILLON:
        raise ValidationError(
            _("La déclaration doit être déposée par la structure mise en demeure.")
        )
    return mise_en_demeure_flow.apply(
        med,
        M.REGULARISEE,
        actor=actor,
        comment=_("Déclaration déposée"),
        updates={"declaration": declaration},
    )


def mise_en_demeure_record_receipt(*, med, received_on: date, actor: User, notification=False):
    """Delivery date of the mise en demeure (or of the notification of the droits d'office)."""
    field = "notification_received_on" if notification else "received_on"
    with transaction.atomic():
        locked = MiseEnDemeure.objects.select_for_update().get(pk=med.pk)
        start = locked.notified_on if notification else locked.sent_on
        if notification and locked.status != M.TAXEE:
            raise ValidationError(
                _("Aucune taxation d'office notifiée pour cette mise en demeure.")
            )
        if start is None or received_on < start or received_on > today():
            raise ValidationError(
                {
                    "received_on": _(
                        "La date de réception doit suivre l'envoi et ne pas être dans le futur."
                    )
                }
            )
        setattr(locked, field, received_on)
        locked.save(update_fields=[field])
        audit_record(
            actor=actor,
            action="taxe.mise_en_demeure_reception",
            target=locked,
            data={field: str(received_on)},
        )
    return locked


def comparable_representations(med, *, limit: int = 10) -> list[Representation]:
    """Proposed references for the base: liquidated representations of the same category, same
    commune first, then anywhere (the instructor picks)."""
    base = (
        Representation.objects.filter(
            category=med.category, taxability=rules.TAXABLE, declaration__status=D.LIQUIDEE
        )
        .select_related("declaration__structure")
        .order_by("-date")
    )
    same_city = list(base.filter(city__iexact=med.city)[:limit])
    if len(same_city) >= limit:
        return same_city
    others = base.exclude(pk__in=[r.pk for r in same_city])[: limit - len(same_city)]
    return same_city + list(others)


def taxation_office_notify(*, med, comparable_ids: Sequence[int], actor: User):
    """Without regularisation within 30 days of receipt: base set from the comparables, +40 %."""

    if med.received_on is None or today() <= rules.regularisation_deadline(med.received_on):
        raise ValidationError(
            _(
                "La taxation d'office n'est possible qu'à défaut de régularisation dans les trente jours "
                "suivant la réception de la mise en demeure."
            )
        )
    _check_reassessment(med.representation_date)
    comparables = list(Representation.objects.filter(pk__in=comparable_ids))
    if not comparables:
        raise ValidationError(_("Choisissez au moins une représentation comparable."))
    base = rules.comparable_base([r.base_ht for r in comparables])
    principal = rules.tax_due(base)
    majoration = rules.majoration(principal, rules.MAJORATION_TAXATION_OFFICE)
    with transaction.atomic():
        notice = Notice.objects.create(
            number=f"{NOTICE_PREFIX}T{med.pk}",
            kind=Notice.Kind.TAXATION_OFFICE,
            structure=med.structure,
            status=N.A_PAYER,
            tax_year=med.representation_date.year,
            principal=principal,
            majoration=majoration,
            issued_on=today(),
        )
        notice_flow.start(notice, actor=actor, comment=_("Taxation d'office"))
        mise_en_demeure_flow.apply(
            med,
            M.TAXEE,
            actor=actor,
            comment=_("Taxation d'office notifiée"),
            updates={
                "base": base,
                "notice": notice,
                "notified_on": today(),
                "comparables": [
                    {"id": r.pk, "date": str(r.date), "base": str(r.base_ht), "city": r.city}
                    for r in comparables
                ],
            },
        )
        outbox_enqueue(LETTER_KIND, {"notice_id": notice.pk, "letter": "taxation_office"})
    return med


def taxation_office_issue_titre(*, med, actor: User):
    if med.notification_received_on is None or today() < rules.titre_date_after_taxation_office(
        med.notification_received_on
    ):
        raise ValidationError(
            _(
                "Le titre exécutoire est émis trente jours après la réception de la notification des droits."
            )
        )
    with transaction.atomic():
        notice = notice_flow.apply(
            med.notice,
            N.TITRE,
            actor=actor,
            comment=_("Titre exécutoire émis"),
            updates={"titre_on": today()},
        )
        outbox_enqueue(LETTER_KIND, {"notice_id": notice.pk, "letter": "titre"})
    return med


# --- reminders before the deadlines (daily, idempotent) ------------------------------------


def deadline_reminders(*, on: date) -> int:
    """E-mail the members before the declaration deadline of a draft, and before the payment
    deadline of an avis still to pay; each reminder once."""
    sent = 0
    drafts = Declaration.objects.filter(
        status=D.BROUILLON, deadline_reminder_sent_on__isnull=True
    ).annotate(first=Min("representations__date"))
    for declaration in drafts.filter(first__isnull=False).iterator():
        if not rules.declaration_reminder_due(declaration.first, on):
            continue
        with transaction.atomic():
            Declaration.objects.filter(pk=declaration.pk).update(deadline_reminder_sent_on=on)
            email_enqueue_template(
                to=_emails(declaration.structure_id),
                template_prefix="taxe/email/declaration_deadline",
                context={
                    "declaration": declaration,
                    "deadline": rules.declaration_deadline(declaration.first),
                },
            )
        sent += 1
    notices = Notice.objects.filter(
        status=N.A_PAYER,
        due_reminder_sent_on__isnull=True,
        due_on__gte=on,
        due_on__lte=on + timezone.timedelta(days=rules.PAYMENT_REMINDER_DAYS),
    )
    for notice in notices.iterator():
        with transaction.atomic():
            Notice.objects.filter(pk=notice.pk).update(due_reminder_sent_on=on)
            email_enqueue_template(
                to=_emails(notice.structure_id),
                template_prefix="taxe/email/payment_deadline",
                context={"notice": notice},
            )
        sent += 1
    return sent
