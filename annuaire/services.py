"""Every write of the directory: registering, editing, submitting and withdrawing an entry (the
member), publishing, asking for a correction and refusing (the CNM). Atomic, row-locked through
the workflow, audited; e-mails leave through the outbox (workflow effects)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from annuaire import rules, selectors
from annuaire.choices import ActivityCode, Region
from annuaire.models import ACTIVITY_ORDER, Entry, EntryActivity
from annuaire.workflow import EDITABLE, SUBMITTABLE, WITHDRAWABLE, E, entry_flow
from cnm_portal.audit import audit_record
from espace_pro.selectors import structures_for_user


@dataclass
class EntryData:
    """The fields the member fills (each contact detail is published only if filled)."""

    name: str
    activities: list[str]
    region: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    presentation: str = ""

    def cleaned(self, *, complete: bool = False) -> "EntryData":
        """Normalised copy, or ``ValidationError`` by field; ``complete``: everything the
        validation needs must be filled (an entry sent to validation)."""
        activities = list(dict.fromkeys(self.activities or []))
        data = EntryData(
            name=" ".join((self.name or "").split()),
            activities=activities,
            region=self.region or "",
            city=" ".join((self.city or "").split()),
            email=(self.email or "").strip(),
            phone=" ".join((self.phone or "").split()),
            website=(self.website or "").strip(),
            presentation=(self.presentation or "").strip(),
        )
        errors = rules.field_errors(
            name=data.name,
            activities=data.activities,
            city=data.city,
            presentation=data.presentation,
            phone=data.phone,
        )
        unknown = set(activities) - set(ActivityCode.values)
        if unknown:
            errors["activities"] = _("Choisissez les activités dans la liste.")
        for name, validator, message in (
            ("email", validate_email, _("Saisissez une adresse e-mail valide.")),
            (
                "website",
                URLValidator(schemes=["http", "https"]),
                _("Saisissez une adresse web valide."),
            ),
        ):
            if getattr(data, name):
                try:
                    validator(getattr(data, name))
                except ValidationError:
                    errors[name] = message
        if data.region and data.region not in Region.values:
            errors["region"] = _("Choisissez la région dans la liste.")
        if complete:
            for name, message in _MISSING.items():
                if not getattr(data, name) and name not in errors:
                    errors[name] = message
        if errors:
            raise ValidationError(errors)
        return data


_MISSING = {
    "region": _lazy("Choisissez la région."),
    "city": _lazy("Indiquez la commune."),
    "presentation": _lazy("Rédigez une courte présentation."),
}


def _write(entry: Entry, data: EntryData) -> None:
    for name in ("name", "region", "city", "email", "phone", "website", "presentation"):
        setattr(entry, name, getattr(data, name))
    entry.updated_at = timezone.now()


def _set_activities(entry: Entry, codes: list[str]) -> None:
    EntryActivity.objects.filter(entry=entry).delete()
    EntryActivity.objects.bulk_create(
        EntryActivity(entry=entry, code=code, position=ACTIVITY_ORDER[code]) for code in codes
    )


def _already(entry: Entry) -> ValidationError:
    error = ValidationError(_("Cette inscription existe déjà : modifiez-la."), code="exists")
    error.entry = entry
    return error


def entry_create(*, user, structure=None, data: EntryData, submit: bool = False, actor) -> Entry:
    """Register one of the person's structures (membership required) or the person themselves
    (``structure=None``). One live entry each: a second registration raises ``code="exists"``
    carrying the existing entry (a double submission lands on it). ``submit`` sends it to
    validation at once (then everything must be filled: nothing is saved otherwise)."""
    data = data.cleaned(complete=submit)
    if (
        structure is not None
        and not structures_for_user(user=user).filter(pk=structure.pk).exists()
    ):
        raise ValidationError(_("Vous n'êtes pas membre de cette structure."), code="not_member")
    existing = selectors.live_entry_of(structure=structure, person=None if structure else user)
    if existing is not None:
        raise _already(existing)
    entry = Entry(
        kind=Entry.Kind.STRUCTURE if structure is not None else Entry.Kind.PERSONNE,
        structure=structure,
        person=None if structure is not None else user,
        created_by=actor,
    )
    _write(entry, data)
    try:
        with transaction.atomic():
            entry.save()
            _set_activities(entry, data.activities)
            entry_flow.start(entry, actor=actor, comment=_("Inscription créée"))
            audit_record(actor=actor, action="annuaire.entry_create", target=entry)
            if submit:
                entry = entry_submit(entry=entry, actor=actor)
    except IntegrityError as error:  # the same registration posted twice at once
        existing = selectors.live_entry_of(structure=structure, person=None if structure else user)
        if existing is None:
            raise
        raise _already(existing) from error
    return entry


def entry_update(*, entry: Entry, data: EntryData, submit: bool = False, actor) -> Entry:
    """Save the member's changes. A published entry goes back to validation (hidden until the
    CNM publishes it again); ``submit`` sends a draft or a corrected entry to validation."""
    data = data.cleaned(complete=submit or entry.status == E.PUBLIEE)
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if locked.status not in EDITABLE:
            raise ValidationError(_("Cette inscription ne peut plus être modifiée."))
        _write(locked, data)
        locked.save()
        _set_activities(locked, data.activities)
        audit_record(actor=actor, action="annuaire.entry_update", target=locked)
        if locked.status == E.PUBLIEE:
            locked = entry_flow.apply(
                locked,
                E.SOUMISE,
                actor=actor,
                comment=_("Inscription publiée modifiée : nouvelle validation"),
                updates={"submitted_at": timezone.now()},
            )
        elif submit and locked.status in SUBMITTABLE:
            locked = entry_submit(entry=locked, actor=actor)
    return locked


def entry_submit(*, entry: Entry, actor) -> Entry:
    if entry.status not in SUBMITTABLE:
        raise ValidationError(_("Cette inscription est déjà envoyée à la validation."))
    return entry_flow.apply(entry, E.SOUMISE, actor=actor, updates={"submitted_at": timezone.now()})


def entry_withdraw(*, entry: Entry, actor) -> Entry:
    if entry.status not in WITHDRAWABLE:
        raise ValidationError(_("Cette inscription n'est ni publiée ni en cours de validation."))
    return entry_flow.apply(entry, E.RETIREE, actor=actor, comment=_("Retirée par le membre"))


def entry_publish(*, entry: Entry, actor, comment: str = "") -> Entry:
    return entry_flow.apply(
        entry,
        E.PUBLIEE,
        actor=actor,
        comment=(comment or "").strip(),
        updates={"published_at": timezone.now(), "staff_comment": ""},
    )


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"comment": message})
    if len(text) > rules.COMMENT_MAX:
        raise ValidationError(
            {
                "comment": _("Le message ne doit pas dépasser %(n)s caractères.")
                % {"n": rules.COMMENT_MAX}
            }
        )
    return text


def entry_ask_correction(*, entry: Entry, actor, comment: str) -> Entry:
    comment = _required(comment, _("Indiquez ce que le membre doit corriger."))
    return entry_flow.apply(
        entry, E.A_CORRIGER, actor=actor, comment=comment, updates={"staff_comment": comment}
    )


def entry_refuse(*, entry: Entry, actor, reason: str) -> Entry:
    reason = _required(reason, _("Indiquez le motif du refus."))
    return entry_flow.apply(
        entry, E.REFUSEE, actor=actor, comment=reason, updates={"staff_comment": reason}
    )
