"""Versements of an aid (RGA art. 5) through ``virements``, suspension and cancellation of an aid
(art. 7). Every write locks the dossier or the versement and records who did it.

- the attribution plans the versements (``programme.payment_schedule``) and the bilan;
- a versement is ordered (a virements payment order is created) once its guards pass: the aid is
  neither suspended nor cancelled, the structure has bank details, the solde waits for the bilan
  validated, and never above what is due;
- the accounting agent pays the lot: the paid hook records the versement paid and settles the
  dossier (en paiement → soldé once everything due is paid and the bilan validated).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from aides.models import Dossier
from aides.models_paiement import Bilan, Remboursement, Versement
from aides.workflow import DossierStatus, dossier_flow
from aides.workflow_paiement import BilanStatus, VersementStatus, bilan_flow, versement_flow
from cnm_portal.audit import audit_record
from cnm_portal.money import round_cents
from cnm_portal.outbox import outbox_enqueue

S = DossierStatus
V = VersementStatus
K = Versement.Kind
ZERO = Decimal("0.00")
ORDER_KIND = "aides.versements_order"
PAID_KIND = "aides.versement_paid"
SUSPENDED_KIND = "aides.dossier_suspended"

_KIND_OF_LABEL = {"attribution": K.ACOMPTE, "bilan": K.SOLDE}


# --- what is due ----------------------------------------------------------------------------


def _family(kind: str) -> dict:
    if kind == K.INCITATION_RSE:
        return {"kind": K.INCITATION_RSE}
    return {"kind__in": (K.UNIQUE, K.ACOMPTE, K.SOLDE)}


def amount_due(dossier: Dossier, *, kind: str) -> Decimal:
    """What the CNM owes on the dossier: the aid validated at the bilan once validated, else
    the aid attributed; for the RSE incentive, the incentive validated."""
    if kind == K.INCITATION_RSE:
        from aides.models_paiement import RseClaim

        claim = RseClaim.objects.filter(dossier_id=dossier.pk).only("amount").first()
        return claim.amount if claim is not None and claim.amount else ZERO
    bilan = Bilan.objects.filter(dossier_id=dossier.pk).only("status", "montant_valide").first()
    if (
        bilan is not None
        and bilan.status == BilanStatus.VALIDE
        and bilan.montant_valide is not None
    ):
        return bilan.montant_valide
    if bilan is not None and bilan.status == BilanStatus.REJETE:
        return ZERO
    return dossier.montant_attribue or ZERO


def _sum(queryset) -> Decimal:
    total = queryset.aggregate(total=Sum("amount"))["total"]
    return round_cents(total) if total is not None else ZERO


def amount_engaged(dossier: Dossier, *, kind: str, exclude: int | None = None) -> Decimal:
    """Versements of the same family already ordered or paid."""
    queryset = Versement.objects.filter(
        dossier_id=dossier.pk, status__in=(V.ORDONNE, V.PAYE), **_family(kind)
    )
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    return _sum(queryset)


def amount_paid(dossier: Dossier) -> Decimal:
    """The aid paid to the beneficiary (the RSE incentive apart)."""
    return _sum(Versement.objects.filter(dossier_id=dossier.pk, status=V.PAYE, **_family(K.SOLDE)))


# --- planning at the attribution ------------------------------------------------------------


def versements_plan(dossier: Dossier, *, actor: Any) -> list[Versement]:
    """The versements of ``programme.payment_schedule(montant_attribue)`` and the bilan to file,
    created once (a dossier attributed again after a suspension or a second review keeps
    them). Run by the workflow's effect on « attribué », inside its transaction; the ordering
    itself runs after commit (outbox), so the attribution never waits for the bank details."""
    from aides import rules

    existing = list(Versement.objects.filter(dossier_id=dossier.pk).exclude(status=V.ANNULE))
    planned = sum(v.amount for v in existing if v.kind != K.INCITATION_RSE)
    if existing and planned != (dossier.montant_attribue or ZERO):
        if any(v.status != V.PREVU for v in existing):
            raise ValidationError(
                _(
                    "Des versements ont déjà été ordonnés sur l'aide précédente : le montant ne peut changer."
                )
            )
        for versement in existing:  # a second review changed the amount: plan again
            versement_flow.apply(versement, V.ANNULE, actor=actor, comment=_("Nouvelle décision"))
        existing = []
    if not existing and dossier.montant_attribue:
        schedule = dossier.programme_definition.payment_schedule(dossier.montant_attribue)
        for installment in schedule:
            kind = K.UNIQUE if len(schedule) == 1 else _KIND_OF_LABEL[installment.trigger]
            existing.append(
                Versement.objects.create(
                    dossier_id=dossier.pk,
                    kind=kind,
                    label=installment.label,
                    trigger=installment.trigger,
                    amount=installment.amount,
                )
            )
            versement_flow.start(existing[-1], actor=actor, comment=installment.label)
    bilan = Bilan.objects.filter(dossier_id=dossier.pk).first()
    if bilan is not None and bilan.status == BilanStatus.A_DEPOSER and dossier.bilan_due_on:
        Bilan.objects.filter(pk=bilan.pk).update(due_on=dossier.bilan_due_on)
    if bilan is None:
        due_on = dossier.bilan_due_on
        if due_on is None:
            due_on = rules.bilan_due_on(
                dossier.decided_on or _today(), dossier.programme_definition.bilan_months
            )
            Dossier.objects.filter(pk=dossier.pk).update(bilan_due_on=due_on)
            dossier.bilan_due_on = due_on
        bilan = Bilan.objects.create(dossier_id=dossier.pk, due_on=due_on)
        bilan_flow.start(bilan, actor=actor)
    outbox_enqueue(ORDER_KIND, {"dossier_id": dossier.pk})
    return existing


def _today():
    from cnm_portal.dates import today

    return today()


# --- ordering -------------------------------------------------------------------------------


def _remittance(versement: Versement, dossier: Dossier) -> str:
    return f"CNM {dossier.number} {versement.label}"


def versement_order(*, versement: Versement, actor: Any) -> Versement:
    """Ask the accounting agent to pay ``versement`` (creates its virements order). The guards
    run under the versement's lock; ``ValidationError`` with their messages otherwise."""
    from virements.services import payment_order_create

    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=versement.dossier_id)
        locked = Versement.objects.select_for_update().get(pk=versement.pk)
        locked.dossier = dossier
        errors = versement_flow.can(locked, V.ORDONNE)
        if errors:
            raise ValidationError(errors)
        order = payment_order_create(
            structure=dossier.structure,
            amount=locked.amount,
            label=_remittance(locked, dossier),
            source=locked,
            actor=actor,
        )
        versement = versement_flow.apply(
            locked, V.ORDONNE, actor=actor, comment=_("Virement demandé"), updates={"order": order}
        )
        if dossier.status == S.ATTRIBUE:
            dossier_flow.apply(dossier, S.EN_PAIEMENT, actor=actor, comment=versement.label)
        audit_record(
            actor=actor,
            action="aides.versement_order",
            target=versement,
            data={"amount": str(versement.amount), "order": order.pk},
        )
    return versement


def versements_order_ready(*, dossier: Dossier | None = None, actor: Any = None) -> int:
    """Order every planned versement whose guards pass now (idempotent: the outbox after an
    attribution or a validated bilan, the hourly job for bank details entered since)."""
    queryset = Versement.objects.filter(status=V.PREVU).select_related("dossier__structure")
    if dossier is not None:
        queryset = queryset.filter(dossier_id=dossier.pk)
    else:
        queryset = queryset.filter(dossier__status__in=(S.ATTRIBUE, S.EN_PAIEMENT, S.SOLDE))
    done = 0
    for versement in queryset.order_by("pk").iterator(chunk_size=500):
        if versement_flow.can(versement, V.ORDONNE):
            continue
        try:
            versement_order(versement=versement, actor=actor)
        except ValidationError:
            continue  # changed meanwhile: the next run sees it
        done += 1
    return done


# --- paid / cancelled hooks of virements ------------------------------------------------------


def on_order_paid(*, order, actor) -> None:
    """virements paid hook: the versement is paid (never twice: the workflow refuses a second
    move to « payé »), the applicant is told, the dossier settled when all is paid."""
    versement = Versement.objects.select_for_update().get(pk=int(order.source_id))
    if order.amount != versement.amount:
        raise ValidationError(
            _("Le virement n° %(pk)s ne correspond pas au montant du versement.") % {"pk": order.pk}
        )
    versement_flow.apply(
        versement,
        V.PAYE,
        actor=actor,
        comment=order.batch.reference if order.batch_id else "",
        updates={"paid_on": order.paid_on},
    )
    outbox_enqueue(PAID_KIND, {"versement_id": versement.pk})
    dossier_settle(dossier=Dossier.objects.get(pk=versement.dossier_id), actor=actor)


def on_order_cancelled(*, order, actor, reason) -> None:
    """virements cancelled hook: the versement is cancelled and, unless the aid is cancelled,
    replaced by a planned one (a virements order is unique per source)."""
    versement = Versement.objects.select_for_update().get(pk=int(order.source_id))
    if versement.status != V.ORDONNE:
        return
    versement_flow.apply(versement, V.ANNULE, actor=actor, comment=reason)
    dossier = Dossier.objects.get(pk=versement.dossier_id)
    if dossier.status != S.ANNULE:
        replacement = Versement.objects.create(
            dossier_id=dossier.pk,
            kind=versement.kind,
            label=versement.label,
            trigger=versement.trigger,
            amount=versement.amount,
        )
        versement_flow.start(replacement, actor=actor, comment=_("Remplace un virement annulé"))


def dossier_settle(*, dossier: Dossier, actor: Any) -> Dossier:
    """En paiement → soldé once the bilan is validated and no versement of the aid is left to
    pay (attribué → en paiement first when the aid was fully paid at once)."""
    bilan = Bilan.objects.filter(dossier_id=dossier.pk).only("status").first()
    if bilan is not None and bilan.status != BilanStatus.VALIDE:
        return dossier
    pending = Versement.objects.filter(
        dossier_id=dossier.pk, status__in=(V.PREVU, V.ORDONNE), **_family(K.SOLDE)
    ).exists()
    if pending:
        return dossier
    if dossier.status == S.ATTRIBUE:
        dossier = dossier_flow.apply(dossier, S.EN_PAIEMENT, actor=actor)
    if dossier.status == S.EN_PAIEMENT:
        dossier = dossier_flow.apply(dossier, S.SOLDE, actor=actor, comment=_("Aide soldée"))
    return dossier


# --- suspension and cancellation (art. 7) ----------------------------------------------------


def _cancel_open_orders(dossier: Dossier, *, actor: Any, reason: str) -> None:
    """Orders not yet in a lot are cancelled (their versements are replaced by planned ones or
    cancelled); an order already in a lot is refused: it is on its way to the bank."""
    from virements.services import payment_order_cancel
    from virements.workflow import OrderStatus

    ordered = Versement.objects.filter(dossier_id=dossier.pk, status=V.ORDONNE).select_related(
        "order"
    )
    for versement in ordered:
        if versement.order.status == OrderStatus.A_PAYER:
            payment_order_cancel(order=versement.order, actor=actor, reason=reason)


def dossier_suspend(*, dossier: Dossier, actor: Any, reason: str) -> Dossier:
    """Art. 7: on an irregularity, access to the aid is suspended at once: no versement is
    ordered while suspended, orders not yet in a lot are withdrawn."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez l'irrégularité constatée.")})
    with transaction.atomic():
        current = Dossier.objects.select_for_update().get(pk=dossier.pk)
        dossier = dossier_flow.apply(
            current,
            S.SUSPENDU,
            actor=actor,
            comment=reason,
            updates={"status_before_suspension": current.status},
        )
        _cancel_open_orders(
            dossier, actor=actor, reason=_("Aide suspendue : %(r)s") % {"r": reason}
        )
        audit_record(
            actor=actor, action="aides.dossier_suspend", target=dossier, data={"reason": reason}
        )
        outbox_enqueue(
            SUSPENDED_KIND, {"dossier_id": dossier.pk, "lifted": False, "reason": reason}
        )
    return dossier


def dossier_suspension_lift(*, dossier: Dossier, actor: Any, comment: str = "") -> Dossier:
    """Art. 7: the suspension is lifted, back to the status the dossier had."""
    with transaction.atomic():
        current = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if current.status != S.SUSPENDU or not current.status_before_suspension:
            raise ValidationError(_("Ce dossier n'est pas suspendu."))
        dossier = dossier_flow.apply(
            current,
            current.status_before_suspension,
            actor=actor,
            comment=comment or _("Suspension levée"),
            updates={"status_before_suspension": ""},
        )
        audit_record(actor=actor, action="aides.dossier_suspension_lift", target=dossier)
        outbox_enqueue(
            SUSPENDED_KIND, {"dossier_id": dossier.pk, "lifted": True, "reason": comment}
        )
        outbox_enqueue(ORDER_KIND, {"dossier_id": dossier.pk})
    return dossier


def dossier_cancel(*, dossier: Dossier, actor: Any, reason: str) -> Remboursement | None:
    """Art. 6 and 7: the aid is cancelled in full. Planned versements are cancelled, orders not
    yet in a lot withdrawn; what was paid is asked back (a reimbursement request and its
    letter). Refused while an order is already in a lot (on its way to the bank)."""
    from aides.services.remboursement import remboursement_create

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif de l'annulation.")})
    with transaction.atomic():
        current = Dossier.objects.select_for_update().get(pk=dossier.pk)
        errors = dossier_flow.can(current, S.ANNULE)
        if errors:
            raise ValidationError(errors)
        _cancel_open_orders(current, actor=actor, reason=reason)
        if Versement.objects.filter(dossier_id=current.pk, status=V.ORDONNE).exists():
            raise ValidationError(
                _("Un virement est déjà dans un lot envoyé à la banque : attendez son paiement.")
            )
        for versement in Versement.objects.filter(dossier_id=current.pk, status=V.PREVU):
            versement_flow.apply(versement, V.ANNULE, actor=actor, comment=reason)
        bilan = Bilan.objects.filter(dossier_id=current.pk).first()
        if bilan is not None and bilan.status in (BilanStatus.A_DEPOSER, BilanStatus.DEPOSE):
            Bilan.objects.filter(pk=bilan.pk).update(decision_comment=reason)
        paid = amount_paid(current)
        dossier_flow.apply(current, S.ANNULE, actor=actor, comment=reason)
        audit_record(
            actor=actor, action="aides.dossier_cancel", target=current, data={"paid": str(paid)}
        )
        if paid > 0:
            return remboursement_create(
                dossier=current, paid=paid, due=ZERO, reason=reason, full=True, actor=actor
            )
    return None
