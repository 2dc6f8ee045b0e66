"""Access requests: submission, correction, the instructor's decisions, the purge of identity
documents left behind."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import CharField, Max, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cnm_portal.audit import audit_record
from cnm_portal.dates import as_local_date, today
from cnm_portal.emails import email_enqueue_template
from cnm_portal.models import StatusChange
from cnm_portal.uploads import delete_file_on_commit
from espace_pro import rules
from espace_pro.choices import DocumentType, LegalForm, Procedure
from espace_pro.hooks import run_approval_hooks
from espace_pro.models import AccessRequest, AccessRequestDocument, Membership, Structure
from espace_pro.registry import Establishment, RegistryUnavailable, get_registry
from espace_pro.services.codes import activation_letter_request
from espace_pro.services.members import membership_open
from espace_pro.workflow import OPEN_STATUSES, AccessRequestStatus, access_request_flow

S = AccessRequestStatus


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
    if data.procedure != Procedure.PERSONNE_PHYSIQUE:
        return
    if AccessRequest.objects.filter(
        user=user, procedure=Procedure.PERSONNE_PHYSIQUE, status__in=OPEN_STATUSES
    ).exists():
        raise ValidationError(
            _("Vous avez déjà une demande d'espace personne physique en cours."), code="duplicate"
        )
    if Membership.objects.filter(
        user=user, structure__legal_form=LegalForm.PERSONNE_PHYSIQUE
    ).exists():
        raise ValidationError(
            _(
                "Vous avez déjà un espace professionnel personne physique : son affiliation se "
                "renouvelle depuis cet espace."
            ),
            code="already_member",
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
            delete_file_on_commit(old.file)
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


def _purge_identity_documents(request: AccessRequest) -> int:
    """The CNM does not keep identity documents once the request is processed (guide); the
    files leave the storage once the decision is committed."""
    documents = list(request.documents.filter(doc_type=DocumentType.PIECE_IDENTITE))
    for document in documents:
        delete_file_on_commit(document.file)
        document.delete()
    return len(documents)


def _personne_physique_space(request: AccessRequest) -> Structure | None:
    """The space this person has or had: the one of an earlier accepted request of the same
    account, or one opened for the same civil identity (the identity document was checked)."""
    earlier = (
        AccessRequest.objects.filter(
            user=request.user,
            procedure=Procedure.PERSONNE_PHYSIQUE,
            status=S.ACCEPTEE,
            structure__isnull=False,
        )
        .exclude(pk=request.pk)
        .select_related("structure")
        .order_by("processed_at")
        .first()
    )
    if earlier is not None:
        return earlier.structure
    if not request.birth_date:
        return None
    return (
        Structure.objects.filter(
            legal_form=LegalForm.PERSONNE_PHYSIQUE,
            last_name__iexact=request.last_name.strip(),
            first_names__iexact=request.first_names.strip(),
            birth_date=request.birth_date,
        )
        .order_by("pk")
        .first()
    )


def _structure_for_request(request: AccessRequest) -> tuple[Structure, bool]:
    """(structure, created): an existing space is reused, never duplicated."""
    existing = None
    if request.procedure == Procedure.PERSONNE_PHYSIQUE:
        existing = _personne_physique_space(request)
    elif request.siret:
        existing = Structure.objects.filter(siret=request.siret).first()
    if existing is None and request.rna:
        existing = Structure.objects.filter(rna=request.rna).first()
    if existing is not None:
        return existing, False
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
    return structure, True


def access_request_approve(
    *, request: AccessRequest, actor: User, comment: str = ""
) -> AccessRequest:
    """Personne morale: the structure exists and a letter with a code goes to its head office.
    Personne physique: the person gets their espace at once; the identity document is erased."""
    with transaction.atomic():
        locked = AccessRequest.objects.select_for_update().get(pk=request.pk)
        structure, created = _structure_for_request(locked)
        request = access_request_flow.apply(
            locked,
            S.ACCEPTEE,
            actor=actor,
            comment=comment,
            updates={"structure": structure, "processed_at": timezone.now(), "processed_by": actor},
        )
        if request.procedure == Procedure.PERSONNE_PHYSIQUE:
            if not Membership.objects.filter(user=request.user, structure=structure).exists():
                membership_open(
                    user=request.user,
                    structure=structure,
                    role=_("Titulaire"),
                    via=Membership.Via.DEMANDE,
                )
            _purge_identity_documents(request)
        else:
            activation_letter_request(structure=structure, actor=actor)
        run_approval_hooks(
            access_request=request, structure=structure, new_structure=created, actor=actor
        )
        email_enqueue_template(
            to=[request.user.email],
            template_prefix="espace_pro/email/request_approved",
            context={"request": request, "structure": structure},
        )
    return request


def _instructor_decision(
    request: AccessRequest, to: str, *, actor: User, text: str, email: str, updates: dict
) -> AccessRequest:
    """Refusal or correction asked: the move with the instructor's text, which the applicant
    receives by e-mail."""
    with transaction.atomic():
        request = access_request_flow.apply(
            request, to, actor=actor, comment=text, updates={"instructor_message": text, **updates}
        )
        if to == S.REFUSEE:
            _purge_identity_documents(request)
        email_enqueue_template(
            to=[request.user.email],
            template_prefix=f"espace_pro/email/{email}",
            context={"request": request, "reason": text, "message": text},
        )
    return request


def access_request_refuse(*, request: AccessRequest, actor: User, reason: str) -> AccessRequest:
    if not reason.strip():
        raise ValidationError(_("Indiquez le motif du refus : il est envoyé au demandeur."))
    return _instructor_decision(
        request,
        S.REFUSEE,
        actor=actor,
        text=reason,
        email="request_refused",
        updates={"processed_at": timezone.now(), "processed_by": actor},
    )


def access_request_ask_document(
    *, request: AccessRequest, actor: User, message: str
) -> AccessRequest:
    if not message.strip():
        raise ValidationError(_("Indiquez quel justificatif corriger et pourquoi."))
    return _instructor_decision(
        request,
        S.A_COMPLETER,
        actor=actor,
        text=message,
        email="request_incomplete",
        updates={},
    )


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


# --- daily job (beat; idempotent) -----------------------------------------------------------


def access_request_expire_identity_documents(*, on: date) -> int:
    """Guide: the CNM keeps no identity document. An open request still holding one whose last
    move (submission, correction asked or sent) is older than the retention delay is cancelled
    and the document erased; the applicant is told and may file again. Returns the count."""
    last_move = (
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(AccessRequest),
            object_id=Cast(OuterRef("pk"), CharField()),
        )
        .values("object_id")
        .annotate(last=Max("at"))
        .values("last")
    )
    candidates = (
        AccessRequest.objects.filter(
            status__in=OPEN_STATUSES, documents__doc_type=DocumentType.PIECE_IDENTITE
        )
        .annotate(last_move=Subquery(last_move))
        .distinct()
        .order_by("pk")
    )
    done = 0
    for request in candidates:
        last = as_local_date(request.last_move or request.submitted_at)
        if not rules.identity_documents_expired(last, on):
            continue
        with transaction.atomic():
            request = access_request_flow.apply(
                request,
                S.ANNULEE,
                actor=None,
                comment=_(
                    "Demande non aboutie dans les %(days)s jours : pièce d'identité supprimée"
                )
                % {"days": rules.IDENTITY_DOCUMENT_RETENTION_DAYS},
            )
            _purge_identity_documents(request)
            email_enqueue_template(
                to=[request.user.email],
                template_prefix="espace_pro/email/request_expired",
                context={"request": request, "days": rules.IDENTITY_DOCUMENT_RETENTION_DAYS},
            )
        done += 1
    return done
