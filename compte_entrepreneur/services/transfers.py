"""Transfers of activity and location-gérance (RGA art. 47): the balance and its generations
move from one account to another, with effect at the date of the deed or of the contract."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from compte_entrepreneur import rules
from compte_entrepreneur.models import Entry, Generation, LocationGerance, Transfer
from compte_entrepreneur.selectors import member_emails
from compte_entrepreneur.services.ledger import (
    compte_open,
    expire_locked,
    lock_comptes,
    new_generation,
    post_entry,
)
from compte_entrepreneur.workflow import TransferStatus as T
from compte_entrepreneur.workflow import transfer_flow
from espace_pro.models import Structure

ACTIVITY_KINDS = (
    Transfer.Kind.CESSION_FONDS,
    Transfer.Kind.BRANCHE,
    Transfer.Kind.APPORT,
    Transfer.Kind.FUSION,
)


def _two_structures(from_structure, to_structure) -> None:
    if from_structure is None or to_structure is None:
        raise ValidationError(_("Indiquez le cédant et le bénéficiaire."))
    if from_structure.pk == to_structure.pk:
        raise ValidationError(
            {"to_structure": [_("Le bénéficiaire doit être une autre structure que le cédant.")]}
        )


def transfer_record(
    *,
    kind: str,
    from_structure: Structure,
    to_structure: Structure,
    effective_on: date | None,
    certain_on: date | None,
    mentions_rights: bool,
    notified_on: date | None,
    justified: bool,
    deed,
    actor,
) -> Transfer:
    """A transfer of activity, recorded only when the three conditions of art. 47 are met; it
    is executed at once when its date of effect has come, else by the daily job."""
    if kind not in ACTIVITY_KINDS:
        raise ValidationError({"kind": [_("Choisissez la nature du transfert d'activité.")]})
    _two_structures(from_structure, to_structure)
    on = today()
    errors = rules.transfer_errors(
        justified=justified and bool(deed),
        certain_on=certain_on,
        mentions_rights=mentions_rights,
        notified_on=notified_on,
        on=on,
    )
    if "justified" in errors and not deed:
        errors["deed"] = _("Joignez l'acte de transfert.")
        del errors["justified"]
    if effective_on is None:
        errors["effective_on"] = _("Indiquez la date du transfert définie dans l'acte.")
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})
    with transaction.atomic():
        transfer = Transfer.objects.create(
            kind=kind,
            from_structure=from_structure,
            to_structure=to_structure,
            effective_on=effective_on,
            certain_on=certain_on,
            mentions_rights=True,
            notified_on=notified_on,
            deed=deed,
            recorded_by=actor,
        )
        transfer_flow.start(transfer, actor=actor, comment=_("Transfert enregistré"))
        audit_record(actor=actor, action="compte_entrepreneur.transfert", target=transfer)
        if effective_on <= on:
            transfer = transfer_execute(transfer=transfer, actor=actor)
    return transfer


def transfer_execute(*, transfer: Transfer, actor) -> Transfer:
    """Move the whole balance with its generations (each keeps its notification and expiry
    dates). Both accounts are locked; what has expired is cancelled first."""
    on = today()
    with transaction.atomic():
        compte_open(structure=transfer.to_structure_id)  # « existant ou nouvellement créé »
        comptes = lock_comptes(
            [transfer.from_structure_id, transfer.to_structure_id], open_missing=False
        )
        expire_locked(comptes, on=on)
        source = comptes.get(transfer.from_structure_id)
        target = comptes[transfer.to_structure_id]
        moving = []
        if source is not None:
            moving = list(
                Generation.objects.filter(compte=source, remaining__gt=0).order_by(
                    "valid_until", "pk"
                )
            )
        parts = [(g, g.remaining) for g in moving]
        total = sum((amount for _g, amount in parts), Decimal("0.00"))
        transfer = transfer_flow.apply(
            transfer,
            T.EXECUTE,
            actor=actor,
            comment=_("Solde transféré"),
            updates={"amount": total},
        )
        if total:
            label = _("Transfert n° %(n)s (%(kind)s)") % {
                "n": transfer.pk,
                "kind": transfer.get_kind_display(),
            }
            post_entry(
                source,
                kind=Entry.Kind.TRANSFER_OUT,
                amount=-total,
                source=f"transfert:{transfer.pk}:sortant",
                label=label,
                effective_on=transfer.effective_on,
                moves=[(g, -amount) for g, amount in parts],
                transfer=transfer,
            )
            received = [
                new_generation(
                    target,
                    amount,
                    notified_on=g.notified_on,
                    valid_until=g.valid_until,
                    origin=g,
                    payment_id=g.payment_id,
                )
                for g, amount in parts
            ]
            post_entry(
                target,
                kind=Entry.Kind.TRANSFER_IN,
                amount=total,
                source=f"transfert:{transfer.pk}:entrant",
                label=label,
                effective_on=transfer.effective_on,
                moves=[(g, g.amount) for g in received],
                transfer=transfer,
            )
        audit_record(
            actor=actor,
            action="compte_entrepreneur.transfert_execute",
            target=transfer,
            data={"montant": str(total)},
        )
        for structure_id in (transfer.from_structure_id, transfer.to_structure_id):
            recipients = member_emails(structure_id)
            if recipients:
                email_enqueue_template(
                    to=recipients,
                    template_prefix="compte_entrepreneur/email/transfer_executed",
                    context={"transfer": transfer},
                )
    return transfer


def transfer_cancel(*, transfer: Transfer, actor, reason: str) -> Transfer:
    if not reason.strip():
        raise ValidationError({"reason": [_("Indiquez le motif de l'annulation.")]})
    return transfer_flow.apply(transfer, T.ANNULE, actor=actor, comment=reason.strip())


def transfers_due_execute(*, on: date | None = None) -> int:
    """Daily job: the transfers whose date of effect has come (idempotent)."""
    on = on or today()
    done = 0
    for transfer in Transfer.objects.filter(status=T.PREVU, effective_on__lte=on).order_by(
        "effective_on", "pk"
    ):
        transfer_execute(transfer=transfer, actor=None)
        done += 1
    return done


# --- location-gérance ------------------------------------------------------------------------


def _gerance_move(gerance: LocationGerance, kind: str, actor) -> Transfer:
    start = kind == Transfer.Kind.GERANCE_DEBUT
    transfer = Transfer.objects.create(
        kind=kind,
        from_structure=gerance.owner if start else gerance.manager,
        to_structure=gerance.manager if start else gerance.owner,
        effective_on=gerance.start_on if start else gerance.end_on,
        location_gerance=gerance,
        recorded_by=actor,
    )
    transfer_flow.start(transfer, actor=actor, comment=str(transfer.get_kind_display()))
    if transfer.effective_on <= today():
        transfer = transfer_execute(transfer=transfer, actor=actor)
    return transfer


def location_gerance_record(
    *,
    owner: Structure,
    manager: Structure,
    start_on: date | None,
    end_on: date | None,
    authorisation: str,
    contract,
    actor,
) -> LocationGerance:
    """Art. 47: « de plein droit », the owner's balance moves to the manager at the start of
    the contract and the manager's back to the owner at its end."""
    _two_structures(owner, manager)
    errors = rules.location_gerance_errors(start_on=start_on, end_on=end_on)
    if not authorisation.strip():
        errors["authorisation"] = _(
            "Indiquez l'autorisation du ministère de la Culture (ordonnance n° 45-2339, art. 3)."
        )
    if not contract:
        errors["contract"] = _("Joignez le contrat de location-gérance.")
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})
    with transaction.atomic():
        gerance = LocationGerance.objects.create(
            owner=owner,
            manager=manager,
            start_on=start_on,
            end_on=end_on,
            authorisation=authorisation.strip(),
            contract=contract,
            recorded_by=actor,
        )
        audit_record(actor=actor, action="compte_entrepreneur.location_gerance", target=gerance)
        _gerance_move(gerance, Transfer.Kind.GERANCE_DEBUT, actor)
        if end_on is not None:
            _gerance_move(gerance, Transfer.Kind.GERANCE_FIN, actor)
    return gerance


def location_gerance_end(
    *, gerance: LocationGerance, end_on: date | None, actor
) -> LocationGerance:
    """The end of the contract, once known: the move back is planned at that date."""
    with transaction.atomic():
        locked = LocationGerance.objects.select_for_update().get(pk=gerance.pk)
        if locked.end_on is not None:
            raise ValidationError(_("La fin de cette location-gérance est déjà enregistrée."))
        errors = rules.location_gerance_errors(start_on=locked.start_on, end_on=end_on)
        if end_on is None:
            errors["end_on"] = _("Indiquez la date de fin d'effet du contrat.")
        if errors:
            raise ValidationError({field: [message] for field, message in errors.items()})
        locked.end_on = end_on
        locked.save(update_fields=["end_on"])
        audit_record(actor=actor, action="compte_entrepreneur.location_gerance_fin", target=locked)
        _gerance_move(locked, Transfer.Kind.GERANCE_FIN, actor)
    return locked
