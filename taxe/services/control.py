"""Control (art. 76 VIII): rectifications (+10 %), mises en demeure, taxation d'office (+40 %)
and their titres. Each write locks the row it changes and leaves an audit row; the
preconditions of each move are guards of the workflows (``taxe/workflow.py``)."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import User
from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.outbox import outbox_enqueue
from espace_pro.models import Structure
from taxe import rules, selectors
from taxe.models import Declaration, MiseEnDemeure, Notice, Rectification, Representation
from taxe.services.common import (
    LETTER_KIND,
    check_reassessment,
    check_received_on,
    emails,
    locked,
    notice_number,
)
from taxe.services.liquidation import release_held_notices, year_is_recoverable
from taxe.workflow import DeclarationStatus as D
from taxe.workflow import MiseEnDemeureStatus as M
from taxe.workflow import NoticeStatus as N
from taxe.workflow import RectificationStatus as R
from taxe.workflow import declaration_flow, mise_en_demeure_flow, notice_flow, rectification_flow

RECTIFIABLE = (D.LIQUIDEE, D.NON_TAXABLE)


def _control_notice(
    *,
    number: str,
    kind: str,
    structure_id: int,
    tax_year: int,
    principal,
    majoration,
    actor,
    comment,
) -> Notice:
    """A notice of droits notified by the control, held while the year stays under 80 €."""
    payable = year_is_recoverable(structure_id=structure_id, tax_year=tax_year, adding=principal)
    notice = Notice.objects.create(
        number=number,
        kind=kind,
        structure_id=structure_id,
        status=N.A_PAYER if payable else N.RETENU,
        tax_year=tax_year,
        principal=principal,
        majoration=majoration,
        issued_on=today(),
    )
    notice_flow.start(notice, actor=actor, comment=comment)
    if payable:
        release_held_notices(structure_id=structure_id, tax_year=tax_year, actor=actor)
    return notice


# --- rectification (art. 76 VIII al. 2) ------------------------------------------------------


def rectification_notify(
    *, declaration: Declaration, corrected_base: Decimal, motive: str, actor: User
) -> Rectification:
    """Droits supplémentaires against everything already charged (the liquidation and every
    earlier rectification); the declaration then carries the corrected base and tax."""
    if not motive.strip():
        raise ValidationError(
            {"motive": _("Indiquez l'insuffisance, l'inexactitude ou l'omission constatée.")}
        )
    if corrected_base < 0:
        raise ValidationError({"corrected_base": _("La base ne peut pas être négative.")})
    with transaction.atomic():
        row = locked(Declaration, declaration.pk)
        if row.status not in RECTIFIABLE:
            raise ValidationError(
                _("Seule une déclaration liquidée (avec ou sans taxe due) peut être rectifiée.")
            )
        check_reassessment(row.first_representation)
        charged = row.tax_due or Decimal("0.00")
        extra = rules.rectification_extra_tax(corrected_base, charged)
        if extra <= 0:
            raise ValidationError(
                {
                    "corrected_base": _(
                        "La base rectifiée doit conduire à des droits supplémentaires (déjà "
                        "mis à la charge du redevable : %(charged)s €)."
                    )
                    % {"charged": charged}
                }
            )
        majoration = rules.majoration(extra, rules.MAJORATION_RECTIFICATION)
        notice = _control_notice(
            number=notice_number(f"R{row.pk}-{row.rectifications.count() + 1}"),
            kind=Notice.Kind.RECTIFICATION,
            structure_id=row.structure_id,
            tax_year=row.tax_year,
            principal=extra,
            majoration=majoration,
            actor=actor,
            comment=_("Droits supplémentaires notifiés"),
        )
        rectification = Rectification.objects.create(
            declaration=row,
            motive=motive,
            previous_base=row.taxable_base,
            corrected_base=corrected_base,
            extra_tax=extra,
            majoration=majoration,
            notice=notice,
            notified_on=today(),
            created_by=actor,
        )
        rectification_flow.start(rectification, actor=actor, comment=motive)
        corrected = {"taxable_base": corrected_base, "tax_due": rules.tax_due(corrected_base)}
        if row.status == D.NON_TAXABLE:
            declaration_flow.apply(
                row, D.LIQUIDEE, actor=actor, comment=_("Rectification"), updates=corrected
            )
        else:
            for name, value in corrected.items():
                setattr(row, name, value)
            row.save(update_fields=list(corrected))
        audit_record(
            actor=actor,
            action="taxe.rectification",
            target=row,
            data={
                "base_declaree": str(rectification.previous_base),
                "base_rectifiee": str(corrected_base),
                "deja_mis_a_charge": str(charged),
                "droits_supplementaires": str(extra),
            },
        )
        outbox_enqueue(LETTER_KIND, {"notice_id": notice.pk, "letter": "rectification"})
    declaration.refresh_from_db()
    return rectification


def _record_receipt(obj, receipt, *, received_on, actor):
    """A delivery date typed by the agent: locked row, in one status, after the sending."""
    field, status, refused, sent_field, action = receipt
    with transaction.atomic():
        row = locked(type(obj), obj.pk)
        if row.status != status:
            raise ValidationError(refused)
        check_received_on(received_on, sent_on=getattr(row, sent_field))
        setattr(row, field, received_on)
        row.save(update_fields=[field])
        audit_record(actor=actor, action=action, target=row, data={field: str(received_on)})
    obj.refresh_from_db()
    return row


# (field written, status it needs, refusal, field of the sending date, audit action)
RECEIPTS = {
    "rectification_notification": (
        "received_on",
        R.NOTIFIEE,
        _lazy("La notification a déjà donné lieu à des observations."),
        "notified_on",
        "taxe.rectification_reception",
    ),
    "rectification_answer": (
        "answer_received_on",
        R.REPONDUE,
        _lazy("Aucune réponse motivée n'a été envoyée."),
        "answered_on",
        "taxe.rectification_reception",
    ),
    "mise_en_demeure": (
        "received_on",
        M.ENVOYEE,
        _lazy("Cette mise en demeure est close."),
        "sent_on",
        "taxe.mise_en_demeure_reception",
    ),
    "taxation_office": (
        "notification_received_on",
        M.TAXEE,
        _lazy("Aucune taxation d'office notifiée pour cette mise en demeure."),
        "notified_on",
        "taxe.mise_en_demeure_reception",
    ),
}


def rectification_record_receipt(
    *, rectification: Rectification, received_on: date, actor: User, answer: bool = False
) -> Rectification:
    """Delivery date of the notification (or of the reasoned answer to the observations)."""
    kind = "rectification_answer" if answer else "rectification_notification"
    return _record_receipt(rectification, RECEIPTS[kind], received_on=received_on, actor=actor)


def _rectification_text(rectification, to, *, text, empty, comment, updates, action, actor):
    """A written step of the rectification (observations, answer): one move, one audit row."""
    if not text.strip():
        raise ValidationError({"text": empty})
    with transaction.atomic():
        row = rectification_flow.apply(
            rectification, to, actor=actor, comment=comment, updates=updates
        )
        audit_record(actor=actor, action=action, target=row.declaration, data={})
    return row


def rectification_observe(*, rectification: Rectification, text: str, actor: User):
    """The redevable's observations, within 30 days of receiving the notification (a guard)."""
    return _rectification_text(
        rectification,
        R.OBSERVATIONS,
        text=text,
        empty=_("Rédigez vos observations."),
        comment=_("Observations du redevable"),
        updates={"observations": text, "observations_at": timezone.now()},
        action="taxe.observations",
        actor=actor,
    )


def rectification_answer(*, rectification: Rectification, text: str, actor: User):
    with transaction.atomic():
        row = _rectification_text(
            rectification,
            R.REPONDUE,
            text=text,
            empty=_("La réponse aux observations doit être motivée."),
            comment=_("Réponse motivée"),
            updates={"answer": text, "answered_on": today()},
            action="taxe.reponse_motivee",
            actor=actor,
        )
        email_enqueue_template(
            to=emails(row.declaration.structure_id),
            template_prefix="taxe/email/rectification_answer",
            context={"rectification": row},
        )
    return row


def rectification_issue_titre(*, rectification: Rectification, actor: User):
    """Once the delay of art. 76 VIII al. 4 is over (guards of both workflows)."""
    with transaction.atomic():
        row = rectification_flow.apply(
            rectification, R.CLOSE, actor=actor, comment=_("Titre exécutoire émis")
        )
        notice = notice_flow.apply(
            row.notice,
            N.TITRE,
            actor=actor,
            comment=_("Titre exécutoire émis"),
            updates={"titre_on": today()},
        )
        outbox_enqueue(LETTER_KIND, {"notice_id": notice.pk, "letter": "titre"})
    return row


# --- mise en demeure and taxation d'office (art. 76 VIII al. 3) --------------------------------


def mise_en_demeure_send(
    *,
    structure: Structure,
    spectacle: str,
    representation_date: date,
    venue: str,
    city: str,
    category: str,
    actor: User,
) -> MiseEnDemeure:
    """Only once the declaration of the representation is due and missing."""
    errors = rules.mise_en_demeure_errors(representation_date, today=today())
    if errors:
        raise ValidationError({"representation_date": errors})
    check_reassessment(representation_date)
    with transaction.atomic():
        # one mise en demeure at a time for a representation (double submission)
        locked(Structure, structure.pk)
        if selectors.declaration_filed_for(
            structure_id=structure.pk, representation_date=representation_date
        ):
            raise ValidationError(
                {
                    "representation_date": _(
                        "Une déclaration a été déposée pour cette représentation."
                    )
                }
            )
        if MiseEnDemeure.objects.filter(
            structure=structure,
            representation_date=representation_date,
            status__in=(M.ENVOYEE, M.TAXEE),
        ).exists():
            raise ValidationError(
                {"representation_date": _("Une mise en demeure est déjà en cours pour cette date.")}
            )
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
        audit_record(
            actor=actor,
            action="taxe.mise_en_demeure",
            target=med,
            data={"representation": str(representation_date)},
        )
        outbox_enqueue(LETTER_KIND, {"mise_en_demeure_id": med.pk, "letter": "mise_en_demeure"})
    return med


def mise_en_demeure_record_receipt(
    *, med: MiseEnDemeure, received_on: date, actor: User, notification: bool = False
) -> MiseEnDemeure:
    """Delivery date of the mise en demeure (or of the notification of the droits d'office)."""
    kind = "taxation_office" if notification else "mise_en_demeure"
    return _record_receipt(med, RECEIPTS[kind], received_on=received_on, actor=actor)


def mise_en_demeure_regularise(*, med: MiseEnDemeure, declaration: Declaration, actor: User):
    if declaration.structure_id != med.structure_id or declaration.status == D.BROUILLON:
        raise ValidationError(
            {"declaration": _("La déclaration doit être déposée par la structure mise en demeure.")}
        )
    with transaction.atomic():
        row = mise_en_demeure_flow.apply(
            med,
            M.REGULARISEE,
            actor=actor,
            comment=_("Déclaration déposée"),
            updates={"declaration": declaration},
        )
        audit_record(
            actor=actor,
            action="taxe.regularisation",
            target=row,
            data={"declaration": declaration.pk},
        )
    return row


def taxation_office_notify(*, med: MiseEnDemeure, comparable_ids: Sequence[int], actor: User):
    """Without regularisation within 30 days of receipt: base from the comparables, +40 %.
    Nothing is notified when a declaration was filed meanwhile (a guard of the move)."""
    check_reassessment(med.representation_date)
    comparables = list(Representation.objects.filter(pk__in=comparable_ids))
    if not comparables:
        raise ValidationError(
            {"comparables": _("Choisissez au moins une représentation comparable.")}
        )
    base = rules.comparable_base([r.base_ht for r in comparables])
    principal = rules.tax_due(base)
    majoration = rules.majoration(principal, rules.MAJORATION_TAXATION_OFFICE)
    with transaction.atomic():
        # the guards (delay over, no declaration filed) run under the lock of the move below;
        # if they refuse, the notice created here is rolled back with everything else
        errors = mise_en_demeure_flow.can(locked(MiseEnDemeure, med.pk), M.TAXEE)
        if errors:
            raise ValidationError(errors)
        notice = _control_notice(
            number=notice_number(f"T{med.pk}"),
            kind=Notice.Kind.TAXATION_OFFICE,
            structure_id=med.structure_id,
            tax_year=med.representation_date.year,
            principal=principal,
            majoration=majoration,
            actor=actor,
            comment=_("Taxation d'office"),
        )
        row = mise_en_demeure_flow.apply(
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
        audit_record(
            actor=actor,
            action="taxe.taxation_office",
            target=row,
            data={"base": str(base), "droits": str(principal), "majoration": str(majoration)},
        )
        outbox_enqueue(LETTER_KIND, {"notice_id": notice.pk, "letter": "taxation_office"})
    return row


def taxation_office_issue_titre(*, med: MiseEnDemeure, actor: User):
    """30 days after the notification of the droits is received (a guard of the notice)."""
    with transaction.atomic():
        row = locked(MiseEnDemeure, med.pk)
        if row.notice_id is None:
            raise ValidationError(_("Aucune taxation d'office notifiée."))
        notice = notice_flow.apply(
            row.notice,
            N.TITRE,
            actor=actor,
            comment=_("Titre exécutoire émis"),
            updates={"titre_on": today()},
        )
        outbox_enqueue(LETTER_KIND, {"notice_id": notice.pk, "letter": "titre"})
    return row
