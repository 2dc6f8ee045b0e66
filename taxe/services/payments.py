"""Payments recorded by the accounting agent, bank statements, the suspense list (art. 76 VI)."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import User
from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.money import parse_amount
from taxe.hooks import run_payment_hooks
from taxe.models import Notice, Payment
from taxe.services.common import NOTICE_NUMBER_RE, emails, locked
from taxe.workflow import NoticeStatus as N
from taxe.workflow import notice_flow


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
    """Under the notice's lock: its paid total, the later apps' hooks (once per payment
    applied), and the move to "payé" once nothing remains."""
    row = locked(Notice, notice.pk)
    Notice.objects.filter(pk=row.pk).update(paid=F("paid") + payment.amount)
    row.refresh_from_db()
    run_payment_hooks(payment=payment, notice=row, actor=actor)
    if row.paid >= row.total and row.status in (N.A_PAYER, N.RELANCE, N.TITRE):
        notice_flow.apply(row, N.PAYE, actor=actor, comment=_("Soldé"))
        email_enqueue_template(
            to=emails(row.structure_id),
            template_prefix="taxe/email/paid",
            context={"notice": row},
        )


def payment_assign(*, payment: Payment, notice: Notice, actor: User) -> Payment:
    """Take a payment out of the suspense list."""
    with transaction.atomic():
        row = locked(Payment, payment.pk)
        if row.notice_id is not None:
            raise ValidationError(_("Ce paiement est déjà affecté."))
        row.notice = notice
        row.save(update_fields=["notice"])
        _apply_payment(notice, row, actor)
        audit_record(
            actor=actor, action="taxe.paiement_affecte", target=notice, data={"paiement": row.pk}
        )
    return row


def notice_by_quoted_number(quoted: str) -> Notice | None:
    """The notice a bank label quotes: the full number, or an older label without its random
    part (``AV-12`` finds ``AV-12-…`` when only one notice has that sequence)."""
    exact = Notice.objects.filter(number=quoted).first()
    if exact is not None:
        return exact
    candidates = list(Notice.objects.filter(number__startswith=f"{quoted}-")[:2])
    if len(candidates) == 1 and NOTICE_NUMBER_RE.fullmatch(candidates[0].number):
        return candidates[0]
    return None


@dataclass
class BankImportResult:
    matched: int = 0
    suspense: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)


def bank_statement_import(*, content: bytes, actor: User) -> BankImportResult:
    """CSV « date;montant;libelle;identifiant »: matched to notices by the document number found
    in the label; unmatched lines go to the suspense list; a line already imported is skipped."""
    result = BankImportResult()
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
        notice = notice_by_quoted_number(found.group(0)) if found else None
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
