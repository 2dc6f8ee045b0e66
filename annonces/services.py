"""Every write of the job ads: the author's draft, edits, submission, withdrawal and
republication; the moderator's decisions; the daily closing. Atomic, the workflow locks the row,
audited, e-mails through the outbox."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from annonces import notifications, rules
from annonces.models import JobAd
from annonces.workflow import EDITABLE, A, ad_flow
from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from espace_pro.selectors import structures_for_user

FIELDS = (
    "title",
    "contract_type",
    "family",
    "city",
    "region",
    "remote",
    "description",
    "start_date",
    "closing_date",
    "contact_name",
    "contact_email",
    "contact_phone",
    "application_url",
)


def _search_text(ad: JobAd, structure) -> str:
    parts = [ad.title, ad.city, ad.description, structure.name if structure else ""]
    return rules.normalize(" ".join(parts))


def _check(*, user, data: dict, structure) -> None:
    """The structure is one of the person's when they have any; « à titre personnel » is only
    for a person without a structure."""
    errors: dict[str, list[str]] = {}
    mine = structures_for_user(user=user)
    if structure is not None:
        if not mine.filter(pk=structure.pk).exists():
            errors["structure"] = [_("Vous n'êtes pas membre de cette structure.")]
    elif mine.exists():
        errors["structure"] = [_("Choisissez la structure pour laquelle vous recrutez.")]
    if not (data.get("title") or "").strip():
        errors["title"] = [_("Indiquez l'intitulé du poste.")]
    if not (data.get("description") or "").strip():
        errors["description"] = [_("Décrivez le poste et le profil recherché.")]
    closing = rules.closing_errors(closing_date=data.get("closing_date"), on=today())
    if closing:
        errors["closing_date"] = closing
    if errors:
        raise ValidationError(errors)


def ad_create(*, user, data: dict, structure=None, token: uuid.UUID | None = None, actor) -> JobAd:
    """« Publier une annonce »: a draft. The same ``token`` posted twice gives the first ad."""
    if token is not None:
        existing = JobAd.objects.filter(user=user, token=token).first()
        if existing is not None:
            return existing
    _check(user=user, data=data, structure=structure)
    ad = JobAd(user=user, for_structure=structure, token=token)
    for name in FIELDS:
        setattr(ad, name, data.get(name) or ("" if name != "start_date" else None))
    ad.search_text = _search_text(ad, structure)
    try:
        with transaction.atomic():
            ad.save()
            ad_flow.start(ad, actor=actor)
            audit_record(actor=actor, action="annonces.ad_create", target=ad)
    except IntegrityError as error:
        existing = JobAd.objects.filter(user=user, token=token).first()
        if token is not None and existing is not None:
            return existing
        raise ValidationError(_("L'annonce n'a pas pu être enregistrée.")) from error
    return ad


def ad_update(*, ad: JobAd, data: dict, structure=None, actor) -> JobAd:
    """The author edits the ad. A published ad goes back to moderation (off-line until the CNM
    validates the new text); an ad waiting for moderation cannot change under the moderator."""
    _check(user=ad.user, data=data, structure=structure)
    with transaction.atomic():
        locked = JobAd.objects.select_for_update().get(pk=ad.pk)
        if locked.status not in EDITABLE:
            raise ValidationError(
                _("L'annonce est en cours de modération : elle ne peut pas être modifiée.")
            )
        updates = {
            name: data.get(name) or ("" if name != "start_date" else None) for name in FIELDS
        }
        for name, value in updates.items():
            setattr(locked, name, value)
        locked.for_structure = structure
        locked.search_text = _search_text(locked, structure)
        locked.save(update_fields=[*FIELDS, "for_structure", "search_text", "updated_at"])
        audit_record(actor=actor, action="annonces.ad_update", target=locked)
        if locked.status == A.PUBLIEE:
            locked = _submit(locked, actor=actor, comment=_("Annonce modifiée par son auteur"))
    return locked


def _submit(ad: JobAd, *, actor, comment: str = "") -> JobAd:
    ad = ad_flow.apply(
        ad,
        A.SOUMISE,
        actor=actor,
        comment=comment,
        updates={"submitted_at": timezone.now(), "moderation_comment": ""},
    )
    notifications.notify_author(ad, "submitted")
    return ad


def ad_submit(*, ad: JobAd, actor) -> JobAd:
    """Submit to the CNM (a draft, an ad to change, or republish a withdrawn or closed ad)."""
    with transaction.atomic():
        ad = _submit(ad, actor=actor)
        audit_record(actor=actor, action="annonces.ad_submit", target=ad)
    return ad


def ad_withdraw(*, ad: JobAd, actor) -> JobAd:
    with transaction.atomic():
        ad = ad_flow.apply(ad, A.RETIREE, actor=actor)
        audit_record(actor=actor, action="annonces.ad_withdraw", target=ad)
    return ad


# --- moderation (staff) ----------------------------------------------------------------------


def ad_publish(*, ad: JobAd, actor, comment: str = "") -> JobAd:
    with transaction.atomic():
        ad = ad_flow.apply(
            ad, A.PUBLIEE, actor=actor, comment=comment, updates={"published_at": timezone.now()}
        )
        audit_record(actor=actor, action="annonces.ad_publish", target=ad)
        notifications.notify_author(ad, "published", comment=comment.strip())
    return ad


def ad_request_changes(*, ad: JobAd, actor, comment: str) -> JobAd:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Indiquez ce que l'auteur doit modifier.")})
    with transaction.atomic():
        ad = ad_flow.apply(
            ad, A.A_MODIFIER, actor=actor, comment=comment, updates={"moderation_comment": comment}
        )
        audit_record(actor=actor, action="annonces.ad_request_changes", target=ad)
        notifications.notify_author(ad, "changes", comment=comment)
    return ad


def ad_refuse(*, ad: JobAd, actor, reason: str) -> JobAd:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif du refus.")})
    with transaction.atomic():
        ad = ad_flow.apply(
            ad, A.REFUSEE, actor=actor, comment=reason, updates={"moderation_comment": reason}
        )
        audit_record(actor=actor, action="annonces.ad_refuse", target=ad)
        notifications.notify_author(ad, "refused", reason=reason)
    return ad


# --- daily job -------------------------------------------------------------------------------


def close_expired(*, on: dt.date | None = None) -> int:
    """Close every published ad whose closing date is past (open through the closing date);
    a second run finds nothing left to close."""
    on = on or today()
    due = JobAd.objects.filter(status=A.PUBLIEE, closing_date__lt=on).values_list("pk", flat=True)
    closed = 0
    for pk in list(due.iterator(chunk_size=500)):
        with transaction.atomic():
            ad = JobAd.objects.select_for_update().select_related("user").get(pk=pk)
            if ad.status != A.PUBLIEE or rules.is_open(closing_date=ad.closing_date, on=on):
                continue
            ad = ad_flow.apply(ad, A.CLOTUREE, actor=None, comment=_("Date de clôture passée"))
            notifications.notify_author(ad, "closed")
            closed += 1
    return closed
