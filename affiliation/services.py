"""Every write on affiliations (RGA art. 1): request, instruction, relance, validity, renewal,
désaffiliation. Periodic jobs at the end are idempotent."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from affiliation import rules, selectors
from affiliation.models import Affiliation, AffiliationDocument, LiveShowActivity
from affiliation.workflow import OPEN, AffiliationStatus, affiliation_flow
from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.outbox import outbox_enqueue
from cnm_portal.uploads import delete_file_on_commit
from espace_pro.models import Membership, Structure

S = AffiliationStatus
DECISION_KIND = "affiliation.decision"
Doc = AffiliationDocument.Kind


@dataclass
class AffiliationData:
    commit_etabli_france: bool = False
    commit_obligations: bool = False
    commit_protocole_vss: bool = False
    commit_licence: bool = False
    commit_sibil: bool = False
    live_show_activity: str = LiveShowActivity.NONE
    licence_number: str = ""
    licence_category: str = ""
    licence_valid_until: date | None = None


def _members_emails(structure: Structure) -> list[str]:
    return list(
        Membership.objects.filter(structure=structure).values_list("user__email", flat=True)
    )


def _notify(affiliation: Affiliation, template: str, **context: Any) -> None:
    recipients = _members_emails(affiliation.structure)
    if recipients:
        email_enqueue_template(
            to=recipients,
            template_prefix=f"affiliation/email/{template}",
            context={"affiliation": affiliation, "structure": affiliation.structure, **context},
        )


def _kind_for(structure: Structure) -> str:
    return (
        Affiliation.Kind.RENOUVELLEMENT
        if selectors.has_been_affiliated(structure=structure)
        else Affiliation.Kind.PREMIERE
    )


def attestation_required(affiliation: Affiliation) -> bool:
    return rules.needs_training_attestation(
        is_personne_morale=not affiliation.structure.is_personne_physique,
        previous_renewals=selectors.previous_renewals(structure=affiliation.structure),
        is_renewal=affiliation.kind == Affiliation.Kind.RENOUVELLEMENT,
    )


def _check_can_open(structure: Structure, on: date) -> None:
    if selectors.has_pending_request(structure=structure):
        raise ValidationError(
            _("Une demande d'affiliation est déjà en cours d'instruction pour cette structure."),
            code="pending",
        )
    latest = selectors.latest_validated(structure=structure)
    if latest is not None and not rules.can_request_renewal(latest.valid_until, on):
        opens = latest.valid_until - timezone.timedelta(days=rules.RENEWAL_WINDOW_DAYS)
        raise ValidationError(
            _(
                "Votre structure est affiliée jusqu'au %(until)s : le renouvellement pourra être "
                "demandé à partir du %(opens)s."
            )
            % {
                "until": latest.valid_until.strftime("%d/%m/%Y"),
                "opens": opens.strftime("%d/%m/%Y"),
            },
            code="affiliated",
        )


DRAFT_FIELDS = tuple(AffiliationData.__dataclass_fields__)


def affiliation_save_draft(
    *,
    structure: Structure,
    actor: User,
    data: AffiliationData,
    documents: Sequence[tuple[str, UploadedFile]] = (),
    affiliation: Affiliation | None = None,
) -> Affiliation:
    """Create or update the structure's draft (or, while incomplete, the request itself).

    The row is read again under its lock and only the applicant's fields are written: a page
    opened before the instructor (or the daily job) moved the request can neither bring its old
    status back nor overwrite what changed meanwhile.
    """
    with transaction.atomic():
        if affiliation is None:
            affiliation = selectors.open_request(structure=structure)
        if affiliation is None:
            _check_can_open(structure, today())
            try:
                with transaction.atomic():
                    affiliation = Affiliation.objects.create(
                        structure=structure, kind=_kind_for(structure), created_by=actor
                    )
            except IntegrityError as exc:  # double submission
                raise ValidationError(
                    _("Une demande d'affiliation est déjà ouverte pour cette structure."),
                    code="duplicate",
                ) from exc
            affiliation_flow.start(affiliation, actor=actor, comment=_("Brouillon créé"))
        affiliation = (
            Affiliation.objects.select_for_update()
            .select_related("structure")
            .get(pk=affiliation.pk, structure=structure)
        )
        if affiliation.status == S.SOUMISE:
            raise ValidationError(
                _(
                    "Une demande d'affiliation est déjà en cours d'instruction pour cette structure."
                ),
                code="pending",
            )
        if affiliation.status not in (S.BROUILLON, S.INCOMPLETE):
            raise ValidationError(_("Cette demande ne peut plus être modifiée."), code="locked")
        for field in DRAFT_FIELDS:
            setattr(affiliation, field, getattr(data, field))
        affiliation.save(update_fields=list(DRAFT_FIELDS))
        for kind, upload in documents:
            for old in affiliation.documents.filter(kind=kind):
                delete_file_on_commit(old.file)
                old.delete()
            AffiliationDocument.objects.create(
                affiliation=affiliation, kind=kind, file=upload, original_name=upload.name[:255]
            )
    return affiliation


def completeness_errors(affiliation: Affiliation, *, on: date) -> dict[str, str]:
    """What is missing before the request can be sent (art. 1 1° to 5°, annexe 3)."""
    errors: dict[str, str] = {}
    morale = not affiliation.structure.is_personne_physique
    required = _("Cet engagement sur l'honneur est obligatoire.")
    if not affiliation.commit_etabli_france:
        errors["commit_etabli_france"] = required
    if not affiliation.commit_obligations:
        errors["commit_obligations"] = required
    if morale and not affiliation.commit_protocole_vss:
        errors["commit_protocole_vss"] = required
    activity = affiliation.live_show_activity
    if activity != LiveShowActivity.NONE and not affiliation.commit_licence:
        errors["commit_licence"] = required
    if rules.sibil_required(activity) and not affiliation.commit_sibil:
        errors["commit_sibil"] = required
    errors.update(
        rules.licence_errors(
            activity=activity,
            licence_number=affiliation.licence_number,
            licence_valid_until=affiliation.licence_valid_until,
            on=on,
        )
    )
    kinds = set(affiliation.documents.values_list("kind", flat=True))
    if (
        activity in (LiveShowActivity.LICENCE, LiveShowActivity.RECEPISSE)
        and Doc.LICENCE not in kinds
    ):
        errors["doc_licence"] = _("Joignez votre licence ou votre récépissé.")
    if activity == LiveShowActivity.OCCASIONNEL and Doc.DECLARATION_OCCASIONNELLE not in kinds:
        errors["doc_occasionnel"] = _("Joignez la déclaration d'activité occasionnelle.")
    if attestation_required(affiliation) and Doc.ATTESTATION_VSS not in kinds:
        errors["doc_attestation_vss"] = _(
            "Pour un premier renouvellement, l'attestation de fin de formation prévue au point 1 "
            "du protocole de prévention des violences et du harcèlement sexistes et sexuels est "
            "obligatoire (RGA, article 1)."
        )
    return errors


def affiliation_submit(*, affiliation: Affiliation, actor: User) -> Affiliation:
    errors = completeness_errors(affiliation, on=today())
    if errors:
        raise ValidationError(errors)
    completing = affiliation.status == S.INCOMPLETE
    with transaction.atomic():
        affiliation = affiliation_flow.apply(
            affiliation,
            S.SOUMISE,
            actor=actor,
            comment=_("Compléments envoyés") if completing else _("Demande envoyée"),
            updates={"submitted_at": timezone.now()},
        )
        _notify(affiliation, "submitted", completing=completing)
    return affiliation


def affiliation_validate(
    *, affiliation: Affiliation, actor: User | None, comment: str = ""
) -> Affiliation:
    on = today()
    with transaction.atomic():
        running = selectors.current_affiliation(structure=affiliation.structure, on=on)
        valid_from, valid_until = rules.validity_period(
            on, running.valid_until if running is not None else None
        )
        affiliation = affiliation_flow.apply(
            affiliation,
            S.VALIDEE,
            actor=actor,
            comment=comment,
            updates={"notified_on": on, "valid_from": valid_from, "valid_until": valid_until},
        )
        outbox_enqueue(DECISION_KIND, {"affiliation_id": affiliation.pk, "template": "validated"})
    return affiliation


def affiliation_mark_incomplete(
    *, affiliation: Affiliation, actor: User, missing_items: str
) -> Affiliation:
    """The relance: the applicant has one month from this e-mail to complete (art. 1)."""
    if not missing_items.strip():
        raise ValidationError(
            _("Listez les pièces ou informations manquantes : elles sont envoyées au demandeur.")
        )
    on = today()
    missing_items = missing_items.replace("\r\n", "\n").strip()
    with transaction.atomic():
        affiliation = affiliation_flow.apply(
            affiliation,
            S.INCOMPLETE,
            actor=actor,
            comment=missing_items,
            updates={
                "missing_items": missing_items,
                "relance_sent_on": on,
                "completion_deadline": rules.completion_deadline(on),
            },
        )
        _notify(affiliation, "relance")
    return affiliation


def affiliation_refuse(*, affiliation: Affiliation, actor: User, reason: str) -> Affiliation:
    if not reason.strip():
        raise ValidationError(_("Indiquez le motif du refus : il figure sur la décision."))
    with transaction.atomic():
        affiliation = affiliation_flow.apply(
            affiliation, S.REFUSEE, actor=actor, comment=reason, updates={"decision_reason": reason}
        )
        outbox_enqueue(DECISION_KIND, {"affiliation_id": affiliation.pk, "template": "refused"})
    return affiliation


def affiliation_cancel(*, affiliation: Affiliation, actor: User | None, reason: str) -> Affiliation:
    with transaction.atomic():
        affiliation = affiliation_flow.apply(
            affiliation, S.ANNULEE, actor=actor, comment=reason, updates={"decision_reason": reason}
        )
        _notify(affiliation, "cancelled", reason=reason)
    return affiliation


def affiliation_request_desaffiliation(
    *, structure: Structure, actor: User, reason: str
) -> Affiliation:
    """Art. 1: any affiliate may ask to be désaffilié; the CNM records it."""
    with transaction.atomic():
        current = selectors.current_affiliation(structure=structure, on=today())
        if current is None:
            raise ValidationError(_("Cette structure n'est pas affiliée actuellement."))
        affiliation = Affiliation.objects.select_for_update().get(pk=current.pk)
        if affiliation.desaffiliation_requested_at is not None:
            raise ValidationError(_("La désaffiliation a déjà été demandée : le CNM la traite."))
        affiliation.desaffiliation_requested_at = timezone.now()
        affiliation.save(update_fields=["desaffiliation_requested_at"])
        audit_record(
            actor=actor,
            action="affiliation.desaffiliation_demandee",
            target=affiliation,
            data={"motif": reason},
        )
        _notify(affiliation, "desaffiliation_requested", reason=reason)
    return affiliation


def affiliation_record_desaffiliation(
    *, affiliation: Affiliation, actor: User, on: date | None = None
) -> Affiliation:
    """Art. 1: the désaffiliation of the structure, effective on ``on`` (its last day).

    It ends every affiliation of the structure: the running one on ``on`` (never later than its
    own last day), a renewal validated for later before it starts (it never takes effect), and
    any open request is cancelled. A notice goes to the members.
    """
    on = on or today()
    if affiliation.valid_from and on < affiliation.valid_from:
        raise ValidationError(
            {
                "on": _(
                    "La désaffiliation ne peut pas prendre effet avant le début de l'affiliation "
                    "(%(date)s)."
                )
                % {"date": affiliation.valid_from.strftime("%d/%m/%Y")}
            },
            code="before_start",
        )
    comment = _("Désaffiliation de la structure au %(date)s") % {"date": on.strftime("%d/%m/%Y")}
    with transaction.atomic():
        # Lock every live row of the structure first: a renewal validated at the same moment
        # is either seen here or validated after (and then refused by the open-request check).
        others = list(
            Affiliation.objects.select_for_update()
            .filter(structure_id=affiliation.structure_id, status__in=(S.VALIDEE, *OPEN))
            .exclude(pk=affiliation.pk)
            .order_by("pk")
        )
        affiliation = _desaffiliate(affiliation, actor=actor, on=on, comment=comment)
        for other in others:
            if other.status == S.VALIDEE:
                _desaffiliate(other, actor=actor, on=on, comment=comment)
            else:
                affiliation_cancel(affiliation=other, actor=actor, reason=comment)
        outbox_enqueue(
            DECISION_KIND, {"affiliation_id": affiliation.pk, "template": "desaffiliated"}
        )
    return affiliation


def _desaffiliate(affiliation: Affiliation, *, actor: User, on: date, comment: str) -> Affiliation:
    locked = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    last_day = locked.valid_until
    if last_day is not None:
        last_day = rules.desaffiliation_last_day(valid_until=last_day, on=on)
    return affiliation_flow.apply(
        locked, S.DESAFFILIEE, actor=actor, comment=comment, updates={"valid_until": last_day}
    )


def affiliation_create_automatic(
    *, structure: Structure, actor: User | None, year: int
) -> Affiliation:
    """Guide: a personne physique certifying fiscal residence is affiliated automatically for
    the first year."""
    affiliation = Affiliation.objects.create(
        structure=structure,
        kind=Affiliation.Kind.AUTOMATIQUE,
        created_by=actor,
        commit_etabli_france=True,
    )
    affiliation_flow.start(affiliation, actor=actor, comment=_("Affiliation automatique"))
    affiliation_flow.apply(
        affiliation,
        S.SOUMISE,
        actor=actor,
        comment=_("Résidence fiscale en France certifiée pour %(year)s") % {"year": year},
        updates={"submitted_at": timezone.now()},
    )
    return affiliation_validate(
        affiliation=affiliation, actor=actor, comment=_("Affiliation automatique")
    )


# --- periodic jobs (beat; idempotent) ------------------------------------------------------


def affiliation_cancel_overdue(*, on: date) -> int:
    """Art. 1: without completion within one month of the relance, the request is cancelled."""
    done = 0
    for affiliation in Affiliation.objects.filter(
        status=S.INCOMPLETE, completion_deadline__lt=on
    ).select_related("structure"):
        affiliation_cancel(
            affiliation=affiliation,
            actor=None,
            reason=_(
                "Demande non complétée dans le délai d'un mois suivant la relance (RGA, article 1)."
            ),
        )
        done += 1
    return done


EXPIRY_CHUNK = 500  # affiliations per transaction of the daily expiry


def affiliation_expire(*, on: date) -> int:
    """Art. 1: every validated affiliation whose year is over expires; the members are told
    unless a renewal follows. By chunks of ``EXPIRY_CHUNK`` rows, each in one transaction (one
    commit per chunk, not per row), renewals and members' addresses read once per chunk; each
    move goes through the workflow (history row). Idempotent: an expired row leaves the filter.
    """
    done = 0
    while True:
        with transaction.atomic():
            chunk = list(
                Affiliation.objects.filter(status=S.VALIDEE, valid_until__lt=on)
                .select_related("structure")
                .select_for_update(of=("self",))
                .order_by("pk")[:EXPIRY_CHUNK]
            )
            if not chunk:
                return done
            structures = {affiliation.structure_id for affiliation in chunk}
            renewals: dict[int, list[date]] = {}
            for structure_id, valid_from in Affiliation.objects.filter(
                structure_id__in=structures, status=S.VALIDEE, valid_from__isnull=False
            ).values_list("structure_id", "valid_from"):
                renewals.setdefault(structure_id, []).append(valid_from)
            recipients: dict[int, list[str]] = {}
            for structure_id, email in Membership.objects.filter(
                structure_id__in=structures
            ).values_list("structure_id", "user__email"):
                recipients.setdefault(structure_id, []).append(email)
            for affiliation in chunk:
                _expire(
                    affiliation,
                    renewed=any(
                        start > affiliation.valid_until
                        for start in renewals.get(affiliation.structure_id, ())
                    ),
                    recipients=recipients.get(affiliation.structure_id, []),
                )
            done += len(chunk)


def affiliation_expire_one(*, affiliation: Affiliation) -> Affiliation:
    """Art. 1: the year is over; the members are told unless a renewal follows."""
    with transaction.atomic():
        renewed = Affiliation.objects.filter(
            structure=affiliation.structure_id,
            status=S.VALIDEE,
            valid_from__gt=affiliation.valid_until,
        ).exists()
        return _expire(
            affiliation, renewed=renewed, recipients=_members_emails(affiliation.structure)
        )


def _expire(affiliation: Affiliation, *, renewed: bool, recipients: list[str]) -> Affiliation:
    """``affiliation`` (with its structure loaded) is refreshed by the workflow."""
    affiliation_flow.apply(affiliation, S.EXPIREE, actor=None, comment=_("Fin de validité"))
    if not renewed and recipients:
        email_enqueue_template(
            to=recipients,
            template_prefix="affiliation/email/expired",
            context={"affiliation": affiliation, "structure": affiliation.structure},
        )
    return affiliation


def affiliation_send_reminders(*, on: date) -> int:
    done = 0
    horizon = on + timezone.timedelta(days=max(rules.REMINDER_DAYS))
    candidates = Affiliation.objects.filter(
        status=S.VALIDEE, valid_until__gte=on, valid_until__lte=horizon
    ).select_related("structure")
    for affiliation in candidates:
        due = rules.reminder_due(affiliation.valid_until, on)
        if due is None or due in affiliation.reminders_sent:
            continue
        already_renewed = Affiliation.objects.filter(
            structure=affiliation.structure,
            status__in=(S.SOUMISE, S.INCOMPLETE, S.VALIDEE),
            created_at__gt=affiliation.created_at,
        ).exists()
        with transaction.atomic():
            Affiliation.objects.filter(pk=affiliation.pk).update(
                reminders_sent=[*affiliation.reminders_sent, due]
            )
            if not already_renewed:
                _notify(affiliation, "reminder", days=due)
                done += 1
    return done
