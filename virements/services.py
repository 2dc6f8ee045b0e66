"""Every write of the payments that leave the CNM: bank details, payment orders, lots de
virements (creation, SEPA export, payment, cancellation)."""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.money import format_euros, sum_money
from cnm_portal.uploads import validate_upload
from espace_pro.models import Membership, Structure
from virements import exports, rules
from virements.hooks import run_cancelled_hooks, run_paid_hooks
from virements.models import BankAccount, PaymentBatch, PaymentOrder
from virements.selectors import batch_orders, current_bank_account
from virements.workflow import BatchStatus as B
from virements.workflow import OrderStatus as O
from virements.workflow import batch_flow, order_flow

# Each order of a lot is moved under its own row lock, with its guard: a lot stays a size the
# accounting agent checks line by line and a request handles in a few seconds.
MAX_ORDERS_PER_BATCH = 2000
# The same bank details sent again this soon are a double submission, not a new account.
RESUBMISSION_WINDOW = timedelta(minutes=10)


def _member_emails(structure_id: int) -> list[str]:
    return list(
        Membership.objects.filter(structure_id=structure_id).values_list("user__email", flat=True)
    )


# --- bank details --------------------------------------------------------------------------


def bank_account_set(
    *, structure: Structure, holder: str, iban: str, bic: str, rib: Any, actor: Any
) -> BankAccount:
    """Record new bank details for ``structure``; they replace the current ones (kept, marked
    replaced). Every field is checked before anything is written: errors are keyed by field.
    The members are told by e-mail, since changing a beneficiary's RIB is the classic fraud."""
    errors: dict[str, str] = {}
    holder = " ".join((holder or "").split())
    if not holder:
        errors["holder"] = _("Indiquez le titulaire du compte, tel qu'il figure sur le RIB.")
    elif len(holder) > rules.NAME_MAX:
        errors["holder"] = _("Le nom du titulaire ne peut dépasser 70 caractères.")
    checked = rules.check_account(iban, bic)
    errors.update(checked.errors)
    if rib is None:
        errors["rib"] = _("Joignez le RIB (relevé d'identité bancaire) du compte.")
    else:
        try:
            validate_upload(rib)
        except ValidationError as error:
            errors["rib"] = " ".join(error.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # One writer at a time per structure: the "one current account" constraint holds.
        Structure.objects.select_for_update().get(pk=structure.pk)
        now = timezone.now()
        previous = current_bank_account(structure=structure)
        if (
            previous is not None
            and (previous.holder, previous.iban, previous.bic)
            == (holder, checked.iban, checked.bic)
            and now - previous.created_at < RESUBMISSION_WINDOW
        ):
            return previous  # the same form sent twice (double click, back and resend)
        if previous is not None:
            BankAccount.objects.filter(pk=previous.pk).update(replaced_at=now)
        account = BankAccount(
            structure=structure,
            holder=holder,
            iban=checked.iban,
            bic=checked.bic,
            created_by=actor if actor is not None and actor.pk else None,
            created_at=now,
        )
        account.rib.save(getattr(rib, "name", "rib.pdf"), rib, save=False)
        account.save()
        audit_record(
            actor=actor,
            action="virements.bank_account_set",
            target=account,
            data={"structure": structure.pk, "replaces": previous.pk if previous else None},
        )
        emails = _member_emails(structure.pk)
        if emails:
            email_enqueue_template(
                to=emails,
                template_prefix="virements/email/bank_account_changed",
                context={"structure": structure, "account": account, "actor": actor},
            )
    return account


# --- payment orders ------------------------------------------------------------------------


def _same_order(existing: PaymentOrder, *, structure: Structure, amount: Decimal) -> PaymentOrder:
    if existing.amount != amount or existing.structure_id != structure.pk:
        raise ValidationError(
            _(
                "Un ordre de virement existe déjà pour cet objet (n° %(pk)s, %(amount)s pour "
                "%(structure)s) : il ne peut pas être payé une seconde fois."
            )
            % {
                "pk": existing.pk,
                "amount": format_euros(existing.amount),
                "structure": existing.structure,
            }
        )
    return existing


def payment_order_create(
    *,
    structure: Structure,
    amount: Decimal,
    label: str,
    source: models.Model,
    actor: Any,
) -> PaymentOrder:
    """Ask the accounting agent to pay ``amount`` to ``structure`` for ``source``.

    Idempotent per source: the existing order is returned when one exists for ``source`` with the
    same amount (and structure), whatever its status; ``ValidationError`` when it exists with
    another amount. ``amount`` must be > 0 with two decimals; ``label`` (the remittance text the
    beneficiary reads on its statement) is transliterated to the SEPA character set and must fit
    in 140 characters once cleaned.
    """
    if source.pk is None:
        raise ValueError("the source of a payment order must be saved")
    message = rules.amount_error(amount)
    if message:
        raise ValidationError({"amount": message})
    message = rules.label_error(label)
    if message:
        raise ValidationError({"label": message})
    source_type = ContentType.objects.get_for_model(source)
    lookup = {"source_type": source_type, "source_id": str(source.pk)}
    existing = PaymentOrder.objects.select_related("structure").filter(**lookup).first()
    if existing is not None:
        return _same_order(existing, structure=structure, amount=amount)
    try:
        with transaction.atomic():
            order = PaymentOrder.objects.create(
                structure=structure,
                amount=amount,
                label=rules.sepa_text(label, rules.REMITTANCE_MAX),
                created_by=actor if actor is not None and actor.pk else None,
                **lookup,
            )
            order_flow.start(order, actor=actor, comment=_("Virement demandé"))
            audit_record(
                actor=actor,
                action="virements.order_create",
                target=order,
                data={"amount": str(amount), "source": f"{order.source_label}:{source.pk}"},
            )
    except IntegrityError:
        # Another transaction created the order for this source at the same moment.
        existing = PaymentOrder.objects.select_related("structure").get(**lookup)
        return _same_order(existing, structure=structure, amount=amount)
    return order


def payment_order_cancel(*, order: PaymentOrder, actor: Any, reason: str) -> PaymentOrder:
    """Cancel an order not yet in a lot (the workflow refuses any other status); the source's
    app is told through its cancelled hooks."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif de l'annulation.")})
    with transaction.atomic():
        order = order_flow.apply(
            order, O.ANNULE, actor=actor, comment=reason, updates={"cancel_reason": reason}
        )
        audit_record(actor=actor, action="virements.order_cancel", target=order)
        run_cancelled_hooks(order=order, actor=actor, reason=reason)
    return order


# --- lots de virements ---------------------------------------------------------------------


def _next_reference(year: int) -> str:
    """Numbers compared as numbers: "VIR-2026-10000" follows "VIR-2026-9999"."""
    prefix = f"VIR-{year}-"
    numbers = [
        int(reference.removeprefix(prefix))
        for reference in PaymentBatch.objects.filter(reference__startswith=prefix).values_list(
            "reference", flat=True
        )
        if reference.removeprefix(prefix).isdigit()
    ]
    return rules.batch_reference(year, max(numbers, default=0) + 1)


def _create_batch_row(*, execution_date: date, total: Decimal, count: int, actor: Any):
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return PaymentBatch.objects.create(
                    reference=_next_reference(today().year),
                    execution_date=execution_date,
                    total=total,
                    count=count,
                    created_by=actor if actor is not None and actor.pk else None,
                )
        except IntegrityError:
            continue  # another lot took the number: take the next one
    raise ValidationError(_("Un autre lot est en cours de création : réessayez."))


def payment_batch_create(
    *, orders: Iterable[PaymentOrder], execution_date: date, actor: Any
) -> PaymentBatch:
    """Put ``orders`` into a new lot to be executed on ``execution_date``.

    Refuses, naming each of them, orders that are not "à payer" or whose structure has no current
    bank details (the workflow's guard, checked under each order's lock); the bank details are
    copied onto each order. The date must be a business day, not in the past.
    """
    message = rules.execution_date_error(execution_date, today=today())
    if message:
        raise ValidationError({"execution_date": message})
    ids = sorted({order.pk for order in orders})
    if not ids:
        raise ValidationError(_("Sélectionnez au moins un ordre de virement."))
    if len(ids) > MAX_ORDERS_PER_BATCH:
        raise ValidationError(
            _("Un lot compte au plus %(max)s virements : %(n)s sont sélectionnés.")
            % {"max": MAX_ORDERS_PER_BATCH, "n": len(ids)}
        )
    with transaction.atomic():
        locked = list(
            PaymentOrder.objects.select_for_update()
            .filter(pk__in=ids)
            .select_related("structure")
            .order_by("pk")
        )
        errors = [
            _("Virement n° %(pk)s (%(structure)s) : %(reason)s")
            % {"pk": order.pk, "structure": order.structure, "reason": reason}
            for order in locked
            for reason in order_flow.can(order, O.EN_LOT)
        ]
        if len(locked) != len(ids):
            errors.append(_("Certains ordres de virement n'existent plus."))
        if errors:
            raise ValidationError(errors)
        batch = _create_batch_row(
            execution_date=execution_date,
            total=sum_money(order.amount for order in locked),
            count=len(locked),
            actor=actor,
        )
        batch_flow.start(batch, actor=actor, comment=_("Lot créé"))
        accounts: dict[int, BankAccount] = {}
        for order in locked:
            account = accounts.get(order.structure_id)
            if account is None:
                account = accounts[order.structure_id] = current_bank_account(
                    structure=order.structure
                )
            order_flow.apply(
                order,
                O.EN_LOT,
                actor=actor,
                comment=batch.reference,
                updates={
                    "batch": batch,
                    "holder": account.holder,
                    "iban": account.iban,
                    "bic": account.bic,
                },
            )
        audit_record(
            actor=actor,
            action="virements.batch_create",
            target=batch,
            data={"orders": ids, "total": str(batch.total)},
        )
    return batch


def _locked_batch(batch: PaymentBatch) -> PaymentBatch:
    return PaymentBatch.objects.select_for_update().get(pk=batch.pk)


def payment_batch_export(*, batch: PaymentBatch, actor: Any) -> PaymentBatch:
    """Build the lot's SEPA file (validated against the pain.001.001.03 schema, control sum equal
    to the lot's total to the cent) and its CSV, and mark the lot exported."""
    with transaction.atomic():
        locked = _locked_batch(batch)
        errors = batch_flow.can(locked, B.EXPORTE)
        if errors:
            raise ValidationError(errors)
        orders = list(batch_orders(batch=locked))
        content = exports.build_sepa(locked, orders)
        locked.sepa_file.save(f"{locked.reference}.xml", ContentFile(content), save=False)
        locked.csv_file.save(
            f"{locked.reference}.csv", ContentFile(exports.build_csv(locked, orders)), save=False
        )
        batch = batch_flow.apply(
            locked,
            B.EXPORTE,
            actor=actor,
            comment=_("Fichier SEPA produit"),
            updates={
                "sepa_file": locked.sepa_file.name,
                "csv_file": locked.csv_file.name,
                "exported_at": timezone.now(),
            },
        )
        audit_record(actor=actor, action="virements.batch_export", target=batch)
    return batch


def payment_batch_mark_paid(*, batch: PaymentBatch, paid_on: date, actor: Any) -> PaymentBatch:
    """The bank executed the lot: every order becomes paid on ``paid_on``, then the paid hooks
    run for each order, all in one transaction. Never twice: the workflow refuses a second move
    to "payé" under the lot's row lock."""
    with transaction.atomic():
        locked = _locked_batch(batch)
        if locked.status == B.PAYE:
            raise ValidationError(
                _("Ce lot a déjà été marqué payé (le %(date)s) : rien n'a été enregistré.")
                % {"date": locked.paid_on.strftime("%d/%m/%Y") if locked.paid_on else "?"}
            )
        if locked.exported_at is not None:
            message = rules.paid_on_error(
                paid_on, exported_on=timezone.localdate(locked.exported_at), today=today()
            )
            if message:
                raise ValidationError({"paid_on": message})
        batch = batch_flow.apply(
            locked,
            B.PAYE,
            actor=actor,
            comment=_("Payé le %(date)s") % {"date": paid_on.strftime("%d/%m/%Y")},
            updates={"paid_on": paid_on},
        )
        moved = order_flow.apply_bulk(
            PaymentOrder.objects.filter(batch=batch),
            O.EN_LOT,
            O.PAYE,
            actor=actor,
            comment=batch.reference,
            marker=("batch", batch),
            updates={"paid_on": paid_on},
        )
        if moved != batch.count:
            raise ValidationError(
                _("Le lot compte %(count)s virements mais %(moved)s étaient à payer.")
                % {"count": batch.count, "moved": moved}
            )
        orders = list(batch_orders(batch=batch).select_related("source_type", "batch"))
        for order in orders:
            run_paid_hooks(order=order, actor=actor)
        for structure_id, structure_orders in _by_structure(orders).items():
            emails = _member_emails(structure_id)
            if emails:
                email_enqueue_template(
                    to=emails,
                    template_prefix="virements/email/paid",
                    context={
                        "structure": structure_orders[0].structure,
                        "orders": structure_orders,
                        "batch": batch,
                    },
                )
        audit_record(
            actor=actor,
            action="virements.batch_mark_paid",
            target=batch,
            data={"paid_on": paid_on.isoformat(), "orders": moved},
        )
    return batch


def _by_structure(orders: list[PaymentOrder]) -> dict[int, list[PaymentOrder]]:
    grouped: dict[int, list[PaymentOrder]] = {}
    for order in orders:
        grouped.setdefault(order.structure_id, []).append(order)
    return grouped


def payment_batch_cancel(*, batch: PaymentBatch, actor: Any, reason: str) -> PaymentBatch:
    """Cancel a lot not yet paid; its orders go back to "à payer" (their copied bank details are
    cleared: the next lot copies the details current then). The files stay for the record."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif de l'annulation.")})
    with transaction.atomic():
        batch = batch_flow.apply(
            batch, B.ANNULE, actor=actor, comment=reason, updates={"cancel_reason": reason}
        )
        comment = _("Lot %(ref)s annulé : %(reason)s") % {"ref": batch.reference, "reason": reason}
        for order in PaymentOrder.objects.filter(batch=batch).order_by("pk"):
            order_flow.apply(
                order,
                O.A_PAYER,
                actor=actor,
                comment=comment,
                updates={"batch": None, "holder": "", "iban": "", "bic": ""},
            )
        audit_record(actor=actor, action="virements.batch_cancel", target=batch)
    return batch
