"""Droit de tirage (RGA art. 48): request, regularisation, validation (debit, payment order),
refusal, payment. The account row is locked before any check of the balance, so two drawings
racing on the same balance can never overdraw it."""

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.money import format_euros
from compte_entrepreneur import rules
from compte_entrepreneur.conditions import DRAWING_CONDITIONS
from compte_entrepreneur.models import Compte, Drawing, DrawingDocument, Entry, Generation
from compte_entrepreneur.selectors import member_emails, pending_drawings_total
from compte_entrepreneur.services.ledger import expire_locked, lock_comptes, post_entry
from compte_entrepreneur.workflow import DrawingStatus as D
from compte_entrepreneur.workflow import drawing_flow
from espace_pro.models import Structure

PAYMENT_SOURCE = "compte_entrepreneur.drawing"


def _notify(drawing: Drawing, template: str) -> None:
    recipients = member_emails(drawing.compte.structure_id)
    if recipients:
        email_enqueue_template(
            to=recipients,
            template_prefix=f"compte_entrepreneur/email/{template}",
            context={"drawing": drawing, "structure": drawing.compte.structure},
        )


def _add_documents(drawing: Drawing, documents: Sequence) -> None:
    for upload in documents:
        DrawingDocument.objects.create(drawing=drawing, file=upload, name=upload.name[:255])


def _locked_compte(structure_id: int, on: date) -> Compte | None:
    comptes = lock_comptes([structure_id], open_missing=False)
    if comptes:
        expire_locked(comptes, on=on)  # nothing is ever drawn from an expired generation
    return comptes.get(structure_id)


def drawing_request(
    *,
    structure: Structure,
    actor,
    amount: Decimal | None,
    use: str,
    project: str,
    commitment: bool,
    documents: Sequence,
    token: uuid.UUID | None,
) -> Drawing:
    """A member's request from the espace pro; the conditions must be met on the day."""
    errors: dict[str, list[str]] = {}
    if not commitment:
        errors["commitment"] = [
            _(
                "Engagez-vous à poursuivre votre activité de création, de production ou de "
                "diffusion de spectacles au cours des 24 mois qui suivent la demande."
            )
        ]
    if use not in Drawing.Use.values:
        errors["use"] = [_("Choisissez l'utilisation des sommes.")]
    if not project.strip():
        errors["project"] = [_("Décrivez le projet financé par ce droit de tirage.")]
    if not documents:
        errors["documents"] = [_("Joignez au moins un justificatif.")]
    if token is None:
        errors["__all__"] = [_("Formulaire expiré : rechargez la page.")]
    if errors:
        raise ValidationError(errors)
    on = today()
    with transaction.atomic():
        if Drawing.objects.filter(submission_token=token).exists():
            raise ValidationError(_("Cette demande a déjà été envoyée."), code="duplicate")
        compte = _locked_compte(structure.pk, on)
        if compte is None:
            raise ValidationError(_("Cette structure n'a pas de compte-entrepreneur."))
        conditions = [
            message
            for condition in DRAWING_CONDITIONS
            for message in condition(structure=structure, compte=compte, on=on)
        ]
        if conditions:
            raise ValidationError(conditions)
        pending = pending_drawings_total(compte)
        amount_errors = rules.drawing_amount_errors(amount, compte.balance - pending)
        if amount_errors and pending:
            amount_errors = [
                _(
                    "Le montant demandé dépasse le solde disponible (%(balance)s, déduction "
                    "faite des demandes en cours : %(pending)s)."
                )
                % {
                    "balance": format_euros(compte.balance - pending),
                    "pending": format_euros(pending),
                }
            ]
        if amount_errors:
            raise ValidationError({"amount": amount_errors})
        drawing = Drawing.objects.create(
            compte=compte,
            amount=amount,
            use=use,
            project=project.strip(),
            commitment=True,
            submission_token=token,
            requested_by=actor,
        )
        _add_documents(drawing, documents)
        drawing_flow.start(drawing, actor=actor, comment=_("Demande déposée"))
        audit_record(
            actor=actor,
            action="compte_entrepreneur.tirage_demande",
            target=drawing,
            data={"montant": str(amount)},
        )
        _notify(drawing, "drawing_received")
    return drawing


def drawing_validate(*, drawing: Drawing, actor) -> Drawing:
    """The instructor's validation: conditions checked again under the account's lock (the
    workflow's guard), the oldest generations debited first, the payment order created."""
    on = today()
    with transaction.atomic():
        compte = _locked_compte(drawing.compte.structure_id, on)
        drawing = drawing_flow.apply(
            drawing,
            D.VALIDEE,
            actor=actor,
            comment=_("Demande conforme : paiement ordonné"),
            updates={"decided_at": timezone.now()},
        )
        live = list(
            Generation.objects.filter(compte=compte, remaining__gt=0, valid_until__gte=on).order_by(
                "valid_until", "pk"
            )
        )
        taken = rules.consume_oldest_first(
            [(g, g.remaining, g.valid_until) for g in live], drawing.amount, on
        )
        post_entry(
            compte,
            kind=Entry.Kind.DRAWING,
            amount=-drawing.amount,
            source=f"tirage:{drawing.pk}",
            label=_("Droit de tirage n° %(n)s") % {"n": drawing.pk},
            effective_on=on,
            moves=[(generation, -part) for generation, part in taken],
            drawing=drawing,
        )
        _order_payment(drawing, actor)
        audit_record(actor=actor, action="compte_entrepreneur.tirage_valide", target=drawing)
        _notify(drawing, "drawing_validated")
    return drawing


def _order_payment(drawing: Drawing, actor) -> None:
    """The payment goes to the accounting agent's batch (virements app)."""
    from virements.services import payment_order_create

    payment_order_create(
        structure=drawing.compte.structure,
        amount=drawing.amount,
        label=_("Droit de tirage n° %(n)s — compte-entrepreneur CNM") % {"n": drawing.pk},
        source=drawing,
        actor=actor,
    )


def drawing_ask_regularisation(*, drawing: Drawing, actor, message: str, until: date) -> Drawing:
    """Art. 48: the structure is invited to regularise within the deadline given."""
    errors: dict[str, list[str]] = {}
    if not message.strip():
        errors["message"] = [_("Indiquez ce qui est à régulariser.")]
    deadline_errors = rules.regularisation_deadline_errors(until, today())
    if deadline_errors:
        errors["until"] = deadline_errors
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        drawing = drawing_flow.apply(
            drawing,
            D.REGULARISATION,
            actor=actor,
            comment=message.strip(),
            updates={
                "regularisation_request": message.strip(),
                "regularisation_until": until,
                "regularisation_answer": "",
            },
        )
        _notify(drawing, "drawing_regularisation")
    return drawing


def drawing_regularise(*, drawing: Drawing, actor, answer: str, documents: Sequence) -> Drawing:
    """The structure's answer, within the deadline: the request goes back to control."""
    if not answer.strip() and not documents:
        raise ValidationError({"answer": [_("Répondez ou joignez un justificatif.")]})
    with transaction.atomic():
        drawing = drawing_flow.apply(
            drawing,
            D.DEPOSEE,
            actor=actor,
            comment=_("Régularisation envoyée"),
            updates={"regularisation_answer": answer.strip()},
        )
        _add_documents(drawing, documents)
    return drawing


def drawing_refuse(*, drawing: Drawing, actor, reasons: str) -> Drawing:
    """Art. 48: a reasoned refusal once the regularisation deadline has passed."""
    if not reasons.strip():
        raise ValidationError({"reasons": [_("Le refus doit être motivé.")]})
    with transaction.atomic():
        drawing = drawing_flow.apply(
            drawing,
            D.REFUSEE,
            actor=actor,
            comment=reasons.strip(),
            updates={"refusal_reasons": reasons.strip(), "decided_at": timezone.now()},
        )
        _notify(drawing, "drawing_refused")
    return drawing


def drawing_mark_paid(*, drawing: Drawing, actor, paid_on: date | None = None) -> Drawing:
    """The accounting agent's batch was paid: the drawing is « versé ». Idempotent."""
    with transaction.atomic():
        locked = Drawing.objects.select_for_update().get(pk=drawing.pk)
        if locked.status == D.VERSEE:
            return locked
        locked = drawing_flow.apply(
            locked,
            D.VERSEE,
            actor=actor,
            comment=_("Virement effectué"),
            updates={"paid_on": paid_on or today()},
        )
        _notify(locked, "drawing_paid")
    return locked


def drawing_cancel_payment(*, drawing: Drawing, actor, reason: str) -> Drawing:
    """The payment order was cancelled (virements): the money never left, so what the drawing
    took goes back to the generations it came from (an expired one is then cancelled by the
    daily job); the structure may request again."""
    from compte_entrepreneur.models import GenerationMovement

    with transaction.atomic():
        compte = lock_comptes([drawing.compte.structure_id], open_missing=False)[
            drawing.compte.structure_id
        ]
        drawing = drawing_flow.apply(drawing, D.ANNULEE, actor=actor, comment=reason)
        taken = list(
            GenerationMovement.objects.filter(entry__source=f"tirage:{drawing.pk}")
            .select_related("generation")
            .order_by("pk")
        )
        post_entry(
            compte,
            kind=Entry.Kind.DRAWING_CANCELLED,
            amount=drawing.amount,
            source=f"tirage-annule:{drawing.pk}",
            label=_("Paiement du droit de tirage n° %(n)s annulé") % {"n": drawing.pk},
            effective_on=today(),
            moves=[(move.generation, -move.amount) for move in taken],
            drawing=drawing,
        )
        audit_record(
            actor=actor,
            action="compte_entrepreneur.tirage_annule",
            target=drawing,
            data={"motif": reason},
        )
        _notify(drawing, "drawing_cancelled")
    return drawing


def on_payment_order_cancelled(*, order, actor, reason: str) -> None:
    """Hook of the virements app, when the order of a drawing is cancelled."""
    drawing = Drawing.objects.select_related("compte__structure").get(pk=int(order.source_id))
    if drawing.status == D.VALIDEE:
        drawing_cancel_payment(drawing=drawing, actor=actor, reason=reason)


def on_payment_order_paid(*, order, actor) -> None:
    """Hook of the virements app, when the batch holding ``order`` is marked paid."""
    drawing = Drawing.objects.select_related("compte__structure").get(pk=int(order.source_id))
    drawing_mark_paid(drawing=drawing, actor=actor, paid_on=getattr(order, "paid_on", None))
