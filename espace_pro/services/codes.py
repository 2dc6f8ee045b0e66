"""Activation codes and the CNM document numbers that serve as codes (procédure simplifiée).

Every guess is counted per person, per structure and per address: a code grants access to a
structure, so it must not be found by trying.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts.models import User
from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.outbox import outbox_enqueue
from cnm_portal.ratelimit import ratelimit_exceeded, ratelimit_hit
from espace_pro import rules
from espace_pro.hooks import document_code_issued_on
from espace_pro.models import ActivationCode, DocumentCodeUse, Membership, Structure
from espace_pro.services.members import membership_open

LETTER_KIND = "espace_pro.activation_letter"


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
    document_digest: str = ""


def _attempt_limits(user: User, numero_cnm: str, address: str) -> list[tuple[str, int]]:
    limits = [
        (f"code:user:{user.pk}", rules.CODE_ATTEMPTS_PER_USER),
        (f"code:structure:{numero_cnm}", rules.CODE_ATTEMPTS_PER_STRUCTURE),
    ]
    if address:
        limits.append((f"code:address:{address}", rules.CODE_ATTEMPTS_PER_ADDRESS))
    return limits


def document_code_digest(structure: Structure, code: str) -> str:
    """What is stored of a document number used as code: a keyed digest, per structure."""
    value = f"{structure.pk}:{rules.normalize_activation_code(code)}"
    return salted_hmac("espace_pro.document_code", value, algorithm="sha256").hexdigest()


def _already_member(user: User, structure: Structure) -> ValidationError | None:
    if Membership.objects.filter(user=user, structure=structure).exists():
        return ValidationError(
            _("Vous avez déjà accès à l'espace professionnel de cette structure."),
            code="already_member",
        )
    return None


def _verify_document_code(
    user: User, structure: Structure, code: str, issued_on: date
) -> VerifiedCode:
    valid_until = rules.document_code_valid_until(issued_on)
    if today() > valid_until:
        raise ValidationError(
            _(
                "Ce numéro de document ne vaut plus code d'activation depuis le %(date)s : "
                "demandez l'accès à un membre de l'espace professionnel, ou un courrier au CNM."
            )
            % {"date": valid_until.strftime("%d/%m/%Y")},
            code="expired",
        )
    digest = document_code_digest(structure, code)
    if DocumentCodeUse.objects.filter(user=user, structure=structure, code_digest=digest).exists():
        raise ValidationError(
            _(
                "Vous avez déjà utilisé ce numéro de document comme code d'activation. Un membre "
                "de l'espace professionnel peut vous ouvrir l'accès, ou demandez un courrier au CNM."
            ),
            code="used",
        )
    error = _already_member(user, structure)
    if error is not None:
        raise error
    return VerifiedCode(structure=structure, code=None, document_digest=digest)


def activation_code_verify(
    *, user: User, numero_cnm: str, code: str, address: str = ""
) -> VerifiedCode:
    """Check a numéro CNM + code pair (an activation code, or the number of a CNM document of
    that structure). Failed attempts are limited per user, per structure and per address."""
    numero_cnm = numero_cnm.strip().upper()
    limits = _attempt_limits(user, numero_cnm, address)
    if any(ratelimit_exceeded(key, limit=limit) for key, limit in limits):
        raise ValidationError(
            _("Trop de tentatives : par sécurité, réessayez dans %(minutes)s minutes.")
            % {"minutes": rules.CODE_ATTEMPTS_PERIOD // 60},
            code="rate_limited",
        )
    normalized = rules.normalize_activation_code(code)
    structure = Structure.objects.filter(numero_cnm=numero_cnm).first()
    candidates = list(structure.activation_codes.order_by("-created_at")[:5]) if structure else []
    match = next((c for c in candidates if check_password(normalized, c.code_hash)), None)
    if match is None and structure is not None:
        issued_on = document_code_issued_on(structure, code.strip().upper())
        if issued_on is not None:
            return _verify_document_code(user, structure, code, issued_on)
    if match is None:
        for key, _limit in limits:
            ratelimit_hit(key, period_seconds=rules.CODE_ATTEMPTS_PERIOD)
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
    error = _already_member(user, structure)
    if error is not None:
        raise error
    return VerifiedCode(structure=structure, code=match)


def membership_create_with_code(
    *, user: User, numero_cnm: str, code: str, role: str, address: str = ""
) -> Membership:
    """Procédure simplifiée: the code is consumed (a document number, for this person) and the
    access is open at once."""
    verified = activation_code_verify(user=user, numero_cnm=numero_cnm, code=code, address=address)
    used = ValidationError(_("Ce code d'activation a déjà été utilisé."), code="used")
    with transaction.atomic():
        if verified.code is not None:
            locked = ActivationCode.objects.select_for_update().get(pk=verified.code.pk)
            if locked.used_at is not None or locked.revoked_at is not None:
                raise used
            locked.used_at = timezone.now()
            locked.used_by = user
            locked.save(update_fields=["used_at", "used_by"])
        else:
            try:
                with transaction.atomic():
                    DocumentCodeUse.objects.create(
                        user=user,
                        structure=verified.structure,
                        code_digest=verified.document_digest,
                    )
            except IntegrityError as exc:  # the same number sent twice at once
                raise used from exc
        membership = membership_open(
            user=user, structure=verified.structure, role=role, via=Membership.Via.CODE
        )
        audit_record(
            actor=user,
            action="espace_pro.acces_par_code",
            target=verified.structure,
            data={"role": role, "document": verified.code is None},
        )
    return membership
