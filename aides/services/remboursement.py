"""Reimbursement requests (RGA art. 6 and 7): the aid cancelled in part or in full, what was paid
above what is due asked back with a letter (PDF by the worker), an optional signed schedule
(échéancier), the payments received, and the schedule not kept."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aides import rules
from aides.models import Dossier
from aides.models_paiement import Remboursement, RemboursementInstallment, RemboursementPayment
from aides.workflow_paiement import RemboursementStatus, remboursement_flow
from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.money import format_euros, round_cents, sum_money
from cnm_portal.outbox import outbox_enqueue
from cnm_portal.uploads import validate_upload

R = RemboursementStatus
LETTER_KIND = "aides.remboursement_letter"
# An échéancier spreads the debt over at most three years (the CNM's usual practice).
MAX_SCHEDULE_DAYS = 3 * 366


def remboursement_create(
    *, dossier: Dossier, paid: Decimal, due: Decimal, reason: str, full: bool, actor: Any
) -> Remboursement:
    """Ask back ``paid − due`` (never more than what was paid); the letter is rendered and
    e-mailed after commit. The caller holds the dossier's lock."""
    amount = rules.reimbursement_amount(paid=paid, due=due)
    if amount <= 0:
        raise ValidationError(_("Rien n'a été versé au-delà de ce qui est dû : rien à rembourser."))
    if amount > round_cents(paid):
        raise ValidationError(_("Le remboursement ne peut dépasser ce qui a été versé."))
    remboursement = Remboursement.objects.create(
        dossier=dossier,
        amount=amount,
        paid=round_cents(paid),
        due=round_cents(due),
        reason=reason,
        full=full,
        created_by=actor if actor is not None and actor.pk else None,
    )
    remboursement_flow.start(remboursement, actor=actor, comment=reason)
    audit_record(
        actor=actor,
        action="aides.remboursement_create",
        target=remboursement,
        data={"amount": str(amount), "paid": str(paid), "due": str(due)},
    )
    outbox_enqueue(LETTER_KIND, {"remboursement_id": remboursement.pk})
    return remboursement


def parse_installments(
    rows: list[tuple[datetime.date, Decimal]], *, total: Decimal, on: datetime.date
):
    """Checks of a signed schedule: dates strictly after ``on`` and within three years,
    increasing, amounts > 0 adding up exactly to what is left to reimburse."""
    errors = []
    if not rows:
        errors.append(_("Saisissez au moins une échéance."))
    previous = None
    for due_on, amount in rows:
        if amount is None or amount <= 0:
            errors.append(_("Chaque échéance doit avoir un montant positif."))
        if due_on <= on:
            errors.append(
                _("L'échéance du %(d)s n'est pas dans le futur.") % {"d": f"{due_on:%d/%m/%Y}"}
            )
        elif (due_on - on).days > MAX_SCHEDULE_DAYS:
            errors.append(_("Un échéancier ne dépasse pas trois ans."))
        if previous is not None and due_on <= previous:
            errors.append(_("Les échéances se suivent dans l'ordre des dates."))
        previous = due_on
    if rows and sum_money(a for _d, a in rows if a) != total:
        errors.append(
            _("Les échéances totalisent %(sum)s ; il reste %(total)s à rembourser.")
            % {
                "sum": format_euros(sum_money(a for _d, a in rows if a)),
                "total": format_euros(total),
            }
        )
    return errors


def remboursement_schedule(
    *,
    remboursement: Remboursement,
    rows: list[tuple[datetime.date, Decimal]],
    document: Any,
    actor: Any,
) -> Remboursement:
    """Record the échéancier signed by the beneficiary (art. 6: a new request is then
    conditional on keeping it). Replaces the installments of a schedule not kept."""
    with transaction.atomic():
        locked = Remboursement.objects.select_for_update().get(pk=remboursement.pk)
        errors = parse_installments(rows, total=locked.remaining, on=today())
        if document is None:
            errors.append(_("Joignez l'échéancier signé."))
        else:
            try:
                validate_upload(document)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        locked.installments.all().delete()
        RemboursementInstallment.objects.bulk_create(
            RemboursementInstallment(remboursement=locked, due_on=d, amount=a) for d, a in rows
        )
        locked.schedule_document.save(
            getattr(document, "name", "echeancier.pdf"), document, save=False
        )
        remboursement = remboursement_flow.apply(
            locked,
            R.ECHEANCIER,
            actor=actor,
            comment=_("%(n)s échéance(s)") % {"n": len(rows)},
            updates={"schedule_document": locked.schedule_document.name},
        )
        audit_record(actor=actor, action="aides.remboursement_schedule", target=remboursement)
    return remboursement


def remboursement_record_payment(
    *, remboursement: Remboursement, amount: Decimal, received_on: datetime.date, actor: Any
) -> Remboursement:
    """A payment received from the beneficiary: never above what is left, never in the future;
    the request is closed when everything is received."""
    errors = {}
    if amount is None or amount <= 0:
        errors["amount"] = _("Le montant reçu doit être positif.")
    if received_on is None or received_on > today():
        errors["received_on"] = _("La date de réception ne peut être dans le futur.")
    if errors:
        raise ValidationError(errors)
    amount = round_cents(amount)
    with transaction.atomic():
        locked = Remboursement.objects.select_for_update().get(pk=remboursement.pk)
        if locked.status == R.REMBOURSE:
            raise ValidationError(_("Cette demande est déjà entièrement remboursée."))
        if amount > locked.remaining:
            raise ValidationError(
                {
                    "amount": _("Il ne reste que %(rest)s à rembourser : rien n'a été enregistré.")
                    % {"rest": format_euros(locked.remaining)}
                }
            )
        if received_on < locked.created_at.date():
            raise ValidationError({"received_on": _("La date est antérieure à la demande.")})
        RemboursementPayment.objects.create(
            remboursement=locked,
            amount=amount,
            received_on=received_on,
            recorded_by=actor if actor is not None and actor.pk else None,
        )
        Remboursement.objects.filter(pk=locked.pk).update(received=locked.received + amount)
        locked.received += amount
        audit_record(
            actor=actor,
            action="aides.remboursement_payment",
            target=locked,
            data={"amount": str(amount), "received_on": received_on.isoformat()},
        )
        if locked.received == locked.amount:
            locked = remboursement_flow.apply(
                locked, R.REMBOURSE, actor=actor, comment=_("Entièrement remboursé")
            )
    return locked


def remboursement_mark_default(*, remboursement: Remboursement, actor: Any) -> Remboursement:
    """The schedule is not kept (the guard checks it): new requests are blocked again."""
    return remboursement_flow.apply(
        remboursement, R.DEFAUT, actor=actor, comment=_("Échéancier non respecté")
    )


def remboursements_mark_defaults(*, on: datetime.date | None = None) -> int:
    """Daily job: every schedule not kept on ``on`` is marked so (idempotent)."""
    from aides.selectors_paiement import schedule_kept

    on = on or today()
    done = 0
    for remboursement in Remboursement.objects.filter(status=R.ECHEANCIER).prefetch_related(
        "installments", "payments"
    ):
        if not schedule_kept(remboursement, on=on):
            try:
                remboursement_mark_default(remboursement=remboursement, actor=None)
            except ValidationError:
                continue
            done += 1
    return done
