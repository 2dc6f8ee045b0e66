"""Declaring (art. 76 VI): drafts, representations, coproduction split (RGA art. 46), deposit,
signatures, refusals and withdrawal of a split, review by an instructor."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.money import round_cents
from espace_pro.models import Structure
from taxe import rules
from taxe.models import CoproductionShare, Declaration, Representation
from taxe.services.common import emails, locked
from taxe.workflow import DeclarationStatus as D
from taxe.workflow import declaration_flow


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


def _draft(declaration: Declaration) -> Declaration:
    """The declaration locked, refused unless it is still a draft."""
    row = locked(Declaration, declaration.pk)
    if row.status != D.BROUILLON:
        raise ValidationError(_("Cette déclaration est déposée : elle ne peut plus être modifiée."))
    return row


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
        errors["vat_rate"] = _("Taux de TVA inconnu : %(rates)s.") % {
            "rates": ", ".join(rules.vat_rate_label(rate) for rate in rules.VAT_RATES)
        }
    return errors


def _create_representation(declaration: Declaration, data: RepresentationData) -> Representation:
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


def representation_add(
    *, declaration: Declaration, actor: User, data: RepresentationData
) -> Representation:
    with transaction.atomic():
        row = _draft(declaration)
        representation = _create_representation(row, data)
        audit_record(
            actor=actor,
            action="taxe.representation_ajout",
            target=row,
            data={"date": str(data.date), "base_ht": str(representation.base_ht)},
        )
    return representation


def representations_import(*, declaration: Declaration, actor: User, rows: Sequence) -> int:
    """Good lines of a CSV the declarant confirmed (bad lines were reported, never stored)."""
    with transaction.atomic():
        row_declaration = _draft(declaration)
        for row in rows:
            _create_representation(
                row_declaration,
                RepresentationData(
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
    with transaction.atomic():
        row = _draft(representation.declaration)
        deleted = Representation.objects.filter(pk=representation.pk, declaration=row).delete()
        if deleted[0]:
            audit_record(
                actor=actor,
                action="taxe.representation_suppression",
                target=row,
                data={"date": str(representation.date), "base_ht": str(representation.base_ht)},
            )


def declaration_set_shares(
    *, declaration: Declaration, actor: User, shares: Sequence[tuple[Structure, Decimal]]
) -> None:
    """RGA art. 46: the split is asked at declaration time; an empty list removes it."""
    if shares:
        errors = rules.split_errors([share for _structure, share in shares])
        if errors:
            raise ValidationError(errors)
        if declaration.structure_id not in [structure.pk for structure, _share in shares]:
            raise ValidationError(_("La structure déclarante doit figurer parmi les parties."))
        if len({s.pk for s, _share in shares}) != len(shares):
            raise ValidationError(_("Chaque partie ne peut figurer qu'une fois."))
    with transaction.atomic():
        row = _draft(declaration)
        row.shares.all().delete()
        for structure, share in shares:
            CoproductionShare.objects.create(declaration=row, structure=structure, share=share)
        audit_record(
            actor=actor,
            action="taxe.repartition",
            target=row,
            data={"parts": {structure.numero_cnm: str(share) for structure, share in shares}},
        )


def _queue(declaration: Declaration, *, actor, comment: str, updates=None) -> Declaration:
    """Into the liquidation queue; a category left to the médiation commission waits for the
    instructor instead (décret 2004-117 art. 2)."""
    declaration = declaration_flow.apply(
        declaration, D.DEPOSEE, actor=actor, comment=comment, updates=updates
    )
    if declaration.representations.filter(taxability=rules.MEDIATION).exists():
        declaration = declaration_flow.apply(
            declaration,
            D.EN_REVUE,
            actor=None,
            comment=_(
                "Catégorie soumise à la commission de médiation (décret n° 2004-117, art. 2)"
            ),
            updates={"review_reason": _("Commission de médiation")},
        )
    return declaration


def declaration_submit(*, declaration: Declaration, actor: User) -> Declaration:
    now = timezone.now()
    received = timezone.localdate(now)
    with transaction.atomic():
        row = _draft(declaration)
        representations = list(row.representations.all())
        if not representations:
            raise ValidationError(
                _("Ajoutez au moins une représentation avant de déposer la déclaration.")
            )
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
        shares = list(row.shares.all())
        for share in shares:
            if share.structure_id == row.structure_id:
                share.signed_at, share.signed_by = now, actor
                share.save(update_fields=["signed_at", "signed_by"])
        pending = [s for s in shares if s.signed_at is None]
        comment = _("Déclaration déposée")
        if pending:
            row = declaration_flow.apply(
                row, D.COPRODUCTION, actor=actor, comment=comment, updates=updates
            )
        else:
            row = _queue(row, actor=actor, comment=comment, updates=updates)
        email_enqueue_template(
            to=emails(row.structure_id),
            template_prefix="taxe/email/declaration_received",
            context={"declaration": row},
        )
        for share in pending:
            email_enqueue_template(
                to=emails(share.structure_id),
                template_prefix="taxe/email/share_to_sign",
                context={"declaration": row, "share": share},
            )
    declaration.refresh_from_db()
    return row


def _waiting_share(share: CoproductionShare) -> CoproductionShare:
    row = (
        CoproductionShare.objects.select_for_update().select_related("declaration").get(pk=share.pk)
    )
    if row.signed_at is not None or row.refused_at is not None:
        raise ValidationError(_("Cette répartition est déjà signée ou refusée."))
    if row.declaration.status != D.COPRODUCTION:
        raise ValidationError(_("Cette déclaration n'attend plus de signature."))
    return row


def share_sign(*, share: CoproductionShare, actor: User) -> CoproductionShare:
    """A party validates and signs the split from its own espace (RGA art. 46)."""
    with transaction.atomic():
        declaration = locked(Declaration, share.declaration_id)
        row = _waiting_share(share)
        row.signed_at, row.signed_by = timezone.now(), actor
        row.save(update_fields=["signed_at", "signed_by"])
        audit_record(
            actor=actor,
            action="taxe.signature_coproduction",
            target=declaration,
            data={"part": str(row.share)},
        )
        if not declaration.shares.filter(signed_at__isnull=True).exists():
            _queue(declaration, actor=actor, comment=_("Répartition signée par toutes les parties"))
    return row


def share_refuse(*, share: CoproductionShare, actor: User, reason: str) -> CoproductionShare:
    """A party refuses the split (with its reason): the declaration is liquidated for the
    declarant alone; the split never blocks the liquidation (art. 76 VI, RGA art. 46)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez pourquoi vous refusez la répartition.")})
    with transaction.atomic():
        declaration = locked(Declaration, share.declaration_id)
        row = _waiting_share(share)
        row.refused_at, row.refusal_reason = timezone.now(), reason.strip()
        row.save(update_fields=["refused_at", "refusal_reason"])
        audit_record(
            actor=actor,
            action="taxe.refus_coproduction",
            target=declaration,
            data={"part": str(row.share), "motif": row.refusal_reason},
        )
        _queue(
            declaration,
            actor=actor,
            comment=_("Répartition refusée par %(party)s : %(reason)s — liquidée pour le déclarant")
            % {"party": row.structure, "reason": row.refusal_reason},
        )
        email_enqueue_template(
            to=emails(declaration.structure_id),
            template_prefix="taxe/email/share_refused",
            context={"declaration": declaration, "share": row},
        )
    return row


def declaration_withdraw_split(*, declaration: Declaration, actor: User) -> Declaration:
    """The declarant withdraws a split still waiting for signatures: liquidated for itself."""
    with transaction.atomic():
        row = locked(Declaration, declaration.pk)
        if row.status != D.COPRODUCTION:
            raise ValidationError(_("Aucune répartition n'attend de signature."))
        withdrawn = {s.structure_id: str(s.share) for s in row.shares.all()}
        row.shares.all().delete()
        audit_record(
            actor=actor, action="taxe.retrait_repartition", target=row, data={"parts": withdrawn}
        )
        row = _queue(row, actor=actor, comment=_("Répartition retirée par le déclarant"))
    declaration.refresh_from_db()
    return row


def coproduction_lapse(*, on: date) -> int:
    """Splits still unsigned on the last day of the 15 days: the declaration joins the
    liquidation for the declarant alone (art. 76 VI); the unsigned split shares no credit."""
    moved = 0
    waiting = Declaration.objects.filter(status=D.COPRODUCTION, liquidation_due_on__lte=on)
    # few rows (splits are rare): read them first, then move each under its own lock
    for pk, due_on in list(waiting.values_list("pk", "liquidation_due_on")):
        if not rules.coproduction_lapses(due_on, on):
            continue
        with transaction.atomic():
            row = locked(Declaration, pk)
            if row.status != D.COPRODUCTION:
                continue
            _queue(
                row,
                actor=None,
                comment=_(
                    "Délai de liquidation : répartition non signée, liquidée pour le déclarant"
                ),
            )
        moved += 1
    return moved


def declaration_hold(*, declaration: Declaration, actor: User, reason: str) -> Declaration:
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez pourquoi la déclaration est retenue.")})
    return declaration_flow.apply(
        declaration, D.EN_REVUE, actor=actor, comment=reason, updates={"review_reason": reason}
    )


def declaration_release(*, declaration: Declaration, actor: User) -> Declaration:
    return declaration_flow.apply(declaration, D.DEPOSEE, actor=actor, comment=_("Examen terminé"))
