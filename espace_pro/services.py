"""Every write of the espace professionnel: access requests, codes, memberships, invitations."""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.outbox import outbox_enqueue
from cnm_portal.ratelimit import ratelimit_exceeded, ratelimit_hit
from espace_pro import rules
from espace_pro.choices import DocumentType, LegalForm, Procedure
from espace_pro.hooks import document_code_matches, run_approval_hooks
from espace_pro.models import (
    AccessRequest,
    AccessRequestDocument,
    ActivationCode,
    Invitation,
    Membership,
    Structure,
)
from espace_pro.registry import Establishment, RegistryUnavailable, get_registry
from espace_pro.workflow import OPEN_STATUSES, AccessRequestStatus, access_request_flow

S = AccessRequestStatus
LETTER_KIND = "espace_pro.activation_letter"


# --- activation codes ----------------------------------------------------------------------


def activation_code_issue(
    *, structure: Structure, actor: User | None
) -> tuple[ActivationCode, str]:
    """Revoke the live code (if any) and create a new one. Returns the plaintext once."""
    plaintext = rules.generate_activation_code()
    now = timezone.now()
    with transaction.atomic():
        ActivationCode.objects.select_for_update().filter(
            structure=structure, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        code = ActivationCode.objects.create(
            structure=structure,
            code_hash=make_password(rules.normalize_activation_code(plaintext)),
            expires_at=now + rules.ACTIVATION_CODE_VALIDITY,
        )
        audit_record(actor=actor, action="code_activation.emission", target=structure)
    return code, plaintext


def activation_letter_request(*, structure: Structure, actor: User | None) -> None:
    """Ask the worker for a new code and its letter to the head office (after commit)."""
    audit_record(actor=actor, action="code_activation.courrier_demande", target=structure)
    outbox_enqueue(
        LETTER_KIND, {"structure_id": structure.pk, "actor_id": getattr(actor, "pk", None)}
    )


@dataclass(frozen=True)
class VerifiedCode:
    structure: Structure
    code: ActivationCode | None  # None: a CNM document number (e.g. an avis) served as code


def _code_keys(user: User, numero_cnm: str) -> tuple[str, str]:
    return f"code:user:{user.pk}", f"code:structure:{numero_cnm}"


def activation_code_verify(*, user: User, numero_cnm: str, code: str) -> VerifiedCode:
    """Check a numéro CNM + code pair; failed attempts are limited per user and per structure."""
    numero_cnm = numero_cnm.strip().upper()
    user_key, structure_key = _code_keys(user, numero_cnm)
    if ratelimit_exceeded(user_key, limit=rules.CODE_ATTEMPTS_PER_USER) or ratelimit_exceeded(
        structure_key, limit=rules.CODE_ATTEMPTS_PER_STRUCTURE
    ):
        raise ValidationError(
            _("Trop de tentatives : par sécurité, réessayez dans %(minutes)s minutes.")
            % {"minutes": rules.CODE_ATTEMPTS_PERIOD // 60},
            code="rate_limited",
        )
    normalized = rules.normalize_activation_code(code)
    structure = Structure.objects.filter(numero_cnm=numero_cnm).first()
    candidates = list(structure.activation_codes.order_by("-created_at")[:5]) if structure else []
    match = next((c for c in candidates if check_password(normalized, c.code_hash)), None)
    if (
        match is None
        and structure is not None
        and document_code_matches(structure, code.strip().upper())
    ):
        if Membership.objects.filter(user=user, structure=structure).exists():
            raise ValidationError(
                _("Vous avez déjà accès à l'espace professionnel de cette structure."),
                code="already_member",
            )
        return VerifiedCode(structure=structure, code=None)
    if match is None:
        ratelimit_hit(user_key, period_seconds=rules.CODE_ATTEMPTS_PERIOD)
        ratelimit_hit(structure_key, period_seconds=rules.CODE_ATTEMPTS_PERIOD)
        raise ValidationError(
            _("Numéro CNM ou code d'activation incorrect : vérifiez le courrier du CNM."),
            code="invalid",
        )
    if match.used_at is not None:
        raise ValidationError(
            _(
                "Ce code d'activation a déjà été utilisé. Un membre de l'espace professionnel "
                "peut vous ouvrir l'accès, ou demandez un nouveau courrier au CNM."
            ),
            code="used",
        )
    if match.revoked_at is not None:
        raise ValidationError(
            _(
                "Ce code d'activation a été remplacé par un code plus récent : utilisez le dernier "
                "courrier reçu."
            ),
            code="revoked",
        )
    if match.expires_at <= timezone.now():
        raise ValidationError(
            _("Ce code d'activation a expiré : demandez un nouveau courrier au CNM."),
            code="expired",
        )
    if Membership.objects.filter(user=user, structure=structure).exists():
        raise ValidationError(
            _("Vous avez déjà accès à l'espace professionnel de cette structure."),
            code="already_member",
        )
    return VerifiedCode(structure=structure, code=match)


def membership_create_with_code(*, user: User, numero_cnm: str, code: str, role: str) -> Membership:
    """Procédure simplifiée: the code is consumed and the access is open at once."""
    verified = activation_code_verify(user=user, numero_cnm=numero_cnm, code=code)
    with transaction.atomic():
        if verified.code is not None:
            locked = ActivationCode.objects.select_for_update().get(pk=verified.code.pk)
            if locked.used_at is not None or locked.revoked_at is not None:
                raise ValidationError(_("Ce code d'activation a déjà été utilisé."), code="used")
            locked.used_at = timezone.now()
            locked.used_by = user
            locked.save(update_fields=["used_at", "used_by"])
        membership = _membership_create(
            user=user, structure=verified.structure, role=role, via=Membership.Via.CODE
        )
        audit_record(
            actor=user,
            action="espace_pro.acces_par_code",
            target=verified.structure,
            data={"role": role},
        )
    return membership


def _membership_create(*, user: User, structure: Structure, role: str, via: str) -> Membership:
    existing = list(
        Membership.objects.filter(structure=structure).select_related("user").exclude(user=user)
    )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, structure=structure, role=role, via=via
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("Vous avez déjà accès à l'espace professionnel de cette structure."),
            code="already_member",
        ) from exc
    for member in existing:
        email_enqueue_template(
            to=[member.user.email],
            template_prefix="espace_pro/email/new_member",
            context={"structure": structure, "new_member": user, "role": role},
        )
    return membership


# --- access requests -----------------------------------------------------------------------


@dataclass
class RequestData:
    """What the applicant typed (already validated by the form)."""

    procedure: str
    legal_form: str
    name: str
    address: str
    postal_code: str
    city: str
    country: str = "France"
    address_complement: str = ""
    siret: str = ""
    rna: str = ""
    role: str = ""
    last_name: str = ""
    first_names: str = ""
    birth_date: object = None
    fiscal_residence_certified: bool = False


def _check_documents(legal_form: str, documents: Sequence[tuple[str, UploadedFile]]) -> None:
    provided = {doc_type for doc_type, _file in documents}
    missing = rules.missing_documents(legal_form, provided)
    if missing:
        raise ValidationError(
            {
                f"doc_{doc_type}": _(
                    "Ce justificatif est obligatoire pour la forme juridique « %(form)s »."
                )
                % {"form": LegalForm(legal_form).label}
                for doc_type in missing
            }
        )


def _check_not_duplicate(user: User, data: RequestData) -> None:
    identifiers = {k: v for k, v in (("siret", data.siret), ("rna", data.rna)) if v}
    for field, value in identifiers.items():
        if Membership.objects.filter(user=user, **{f"structure__{field}": value}).exists():
            raise ValidationError(
                _("Vous avez déjà accès à l'espace professionnel de cette structure."),
                code="already_member",
            )
        if AccessRequest.objects.filter(
            user=user, status__in=OPEN_STATUSES, **{field: value}
        ).exists():
            raise ValidationError(
                _(
                    "Vous avez déjà une demande en cours pour cette structure : suivez-la depuis "
                    "« Mon espace »."
                ),
                code="duplicate",
            )
    if (
        data.procedure == Procedure.PERSONNE_PHYSIQUE
        and AccessRequest.objects.filter(
            user=user, procedure=Procedure.PERSONNE_PHYSIQUE, status__in=OPEN_STATUSES
        ).exists()
    ):
        raise ValidationError(
            _("Vous avez déjà une demande d'espace personne physique en cours."), code="duplicate"
        )


def access_request_submit(
    *,
    user: User,
    data: RequestData,
    documents: Sequence[tuple[str, UploadedFile]],
    establishment: Establishment | None,
) -> AccessRequest:
    if establishment is not None and establishment.is_closed:
        raise ValidationError(
            _(
                "Cet établissement est fermé au répertoire SIRENE : il ne peut pas faire l'objet "
                "d'une demande d'accès."
            ),
            code="closed",
        )
    _check_not_duplicate(user, data)
    _check_documents(data.legal_form, documents)
    now = timezone.now()
    with transaction.atomic():
        request = AccessRequest.objects.create(
            user=user,
            procedure=data.procedure,
            legal_form=data.legal_form,
            name=data.name,
            siret=data.siret,
            rna=data.rna,
            role=data.role,
            address=data.address,
            address_complement=data.address_complement,
            postal_code=data.postal_code,
            city=data.city,
            country=data.country,
            last_name=data.last_name,
            first_names=data.first_names,
            birth_date=data.birth_date,
            fiscal_residence_certified=data.fiscal_residence_certified,
            fiscal_residence_year=(
                rules.fiscal_residence_year(today()) if data.fiscal_residence_certified else None
            ),
            registry_data=establishment.to_dict() if establishment else None,
            registry_checked_at=now if establishment else None,
            submitted_at=now,
            due_date=rules.access_request_due_date(timezone.localdate(now)),
        )
        _store_documents(request, documents)
        access_request_flow.start(request, actor=user, comment=_("Demande envoyée"))
        email_enqueue_template(
            to=[user.email],
            template_prefix="espace_pro/email/request_submitted",
            context={"request": request},
        )
    return request


def _store_documents(request: AccessRequest, documents: Sequence[tuple[str, UploadedFile]]) -> None:
    for doc_type, upload in documents:
        AccessRequestDocument.objects.create(
            request=request,
            doc_type=doc_type,
            file=upload,
            original_name=upload.name[:255],
            size=upload.size,
        )


def access_request_correct(
    *, request: AccessRequest, user: User, documents: Sequence[tuple[str, UploadedFile]]
) -> AccessRequest:
    """The applicant sends the corrected document(s) the instructor asked for."""
    if not documents:
        raise ValidationError(_("Joignez au moins un justificatif corrigé."), code="empty")
    with transaction.atomic():
        replaced = {doc_type for doc_type, _file in documents}
        for old in request.documents.filter(doc_type__in=replaced):
            old.file.delete(save=False)
            old.delete()
        _store_documents(request, documents)
        request = access_request_flow.apply(
            request,
            S.EN_ATTENTE,
            actor=user,
            comment=_("Justificatif corrigé envoyé"),
            updates={"due_date": rules.access_request_due_date(today())},
        )
    return request


def access_request_cancel(*, request: AccessRequest, user: User) -> AccessRequest:
    with transaction.atomic():
        request = access_request_flow.apply(
            request, S.ANNULEE, actor=user, comment=_("Demande annulée par le demandeur")
        )
        _purge_identity_documents(request)
    return request


def _purge_identity_documents(request: AccessRequest) -> None:
    """The CNM does not keep identity documents once the request is processed (guide)."""
    for document in request.documents.filter(doc_type=DocumentType.PIECE_IDENTITE):
        document.file.delete(save=False)
        document.delete()


def _structure_for_request(request: AccessRequest) -> Structure:
    existing = None
    if request.siret:
        existing = Structure.objects.filter(siret=request.siret).first()
    if existing is None and request.rna:
        existing = Structure.objects.filter(rna=request.rna).first()
    if existing is not None:
        return existing
    registry = request.registry_data or {}
    structure = Structure.objects.create(
        legal_form=request.legal_form,
        name=request.name,
        siret=request.siret,
        siren=request.siret[:9] if request.siret else "",
        rna=request.rna,
        nature_juridique=registry.get("nature_juridique", ""),
        last_name=request.last_name,
        first_names=request.first_names,
        birth_date=request.birth_date,
        address=request.address,
        address_complement=request.address_complement,
        postal_code=request.postal_code,
        city=request.city,
        country=request.country,
    )
    structure.numero_cnm = rules.format_numero_cnm(structure.pk)
    structure.save(update_fields=["numero_cnm"])
    return structure


def access_request_approve(
    *, request: AccessRequest, actor: User, comment: str = ""
) -> AccessRequest:
    """Personne morale: the structure exists and a letter with a code goes to its head office.
    Personne physique: the person gets their espace at once; the identity document is erased."""
    with transaction.atomic():
        locked = AccessRequest.objects.select_for_update().get(pk=request.pk)
        structure = _structure_for_request(locked)
        request = access_request_flow.apply(
            locked,
            S.ACCEPTEE,
            actor=actor,
            comment=comment,
            updates={"structure": structure, "processed_at": timezone.now(), "processed_by": actor},
        )
        if request.procedure == Procedure.PERSONNE_PHYSIQUE:
            _membership_create(
                user=request.user,
                structure=structure,
                role=_("Titulaire"),
                via=Membership.Via.DEMANDE,
            )
            _purge_identity_documents(request)
        else:
            activation_letter_request(structure=structure, actor=actor)
        run_approval_hooks(access_request=request, structure=structure, actor=actor)
        email_enqueue_template(
            to=[request.user.email],
            template_prefix="espace_pro/email/request_approved",
            context={"request": request, "structure": structure},
        )
    return request


def access_request_refuse(*, request: AccessRequest, actor: User, reason: str) -> AccessRequest:
    if not reason.strip():
        raise ValidationError(_("Indiquez le motif du refus : il est envoyé au demandeur."))
    with transaction.atomic():
        request = access_request_flow.apply(
            request,
            S.REFUSEE,
            actor=actor,
            comment=reason,
            updates={
                "instructor_message": reason,
                "processed_at": timezone.now(),
                "processed_by": actor,
            },
        )
        _purge_identity_documents(request)
        email_enqueue_template(
            to=[request.user.email],
            template_prefix="espace_pro/email/request_refused",
            context={"request": request, "reason": reason},
        )
    return request


def access_request_ask_document(
    *, request: AccessRequest, actor: User, message: str
) -> AccessRequest:
    if not message.strip():
        raise ValidationError(_("Indiquez quel justificatif corriger et pourquoi."))
    with transaction.atomic():
        request = access_request_flow.apply(
            request,
            S.A_COMPLETER,
            actor=actor,
            comment=message,
            updates={"instructor_message": message},
        )
        email_enqueue_template(
            to=[request.user.email],
            template_prefix="espace_pro/email/request_incomplete",
            context={"request": request, "message": message},
        )
    return request


def access_request_refresh_registry(*, request: AccessRequest, actor: User) -> bool:
    """Instructor action when the registry was down at submission. True if data was found."""
    registry = get_registry()
    try:
        found = (
            registry.search_siret(request.siret)
            if request.siret
            else registry.search_rna(request.rna)
        )
    except RegistryUnavailable:
        return False
    if not found:
        return False
    AccessRequest.objects.filter(pk=request.pk).update(
        registry_data=found[0].to_dict(), registry_checked_at=timezone.now()
    )
    audit_record(actor=actor, action="demande_acces.repertoire_actualise", target=request)
    return True


# --- invitations and memberships -----------------------------------------------------------


def invitation_create(*, structure: Structure, email: str, role: str, actor: User) -> Invitation:
    email = email.strip().lower()
    if not Membership.objects.filter(structure=structure, user=actor).exists():
        raise ValidationError(_("Seuls les membres de l'espace professionnel peuvent inviter."))
    if Membership.objects.filter(structure=structure, user__email__iexact=email).exists():
        raise ValidationError({"email": _("Cette personne a déjà accès à l'espace professionnel.")})
    with transaction.atomic():
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    structure=structure,
                    email=email,
                    role=role,
                    invited_by=actor,
                    token=secrets.token_urlsafe(32),
                    expires_at=timezone.now() + rules.INVITATION_VALIDITY,
                )
        except IntegrityError as exc:
            raise ValidationError(
                {"email": _("Une invitation est déjà en attente pour cet email.")}
            ) from exc
        audit_record(
            actor=actor, action="invitation.creation", target=structure, data={"email": email}
        )
        email_enqueue_template(
            to=[email],
            template_prefix="espace_pro/email/invitation",
            context={"invitation": invitation, "structure": structure, "inviter": actor},
        )
    return invitation


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending:
            raise ValidationError(
                _("Cette invitation n'est plus valable : demandez-en une nouvelle.")
            )
        if locked.email.lower() != user.email.lower():
            raise ValidationError(
                _("Cette invitation a été envoyée à une autre adresse email que la vôtre.")
            )
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        membership = _membership_create(
            user=user, structure=locked.structure, role=locked.role, via=Membership.Via.INVITATION
        )
        audit_record(actor=user, action="invitation.acceptation", target=locked.structure)
    return membership


def invitation_revoke(*, invitation: Invitation, actor: User) -> None:
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="invitation.annulation",
            target=invitation.structure,
            data={"email": invitation.email},
        )


def membership_revoke(*, membership: Membership, actor: User) -> None:
    """A member removes someone's access (or their own). The structure is never deleted."""
    structure = membership.structure
    removed = membership.user
    with transaction.atomic():
        membership.delete()
        audit_record(
            actor=actor,
            action="espace_pro.acces_retire",
            target=structure,
            data={"email": removed.email},
        )
        if removed != actor:
            email_enqueue_template(
                to=[removed.email],
                template_prefix="espace_pro/email/access_revoked",
                context={"structure": structure, "actor": actor},
            )
