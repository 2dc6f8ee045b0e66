"""Memberships and invitations: who has access to a structure's espace professionnel."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cnm_portal.audit import audit_record
from cnm_portal.emails import email_enqueue_template
from espace_pro import rules
from espace_pro.models import Invitation, Membership, Structure


def membership_open(*, user: User, structure: Structure, role: str, via: str) -> Membership:
    """Give ``user`` access (inside the caller's transaction); the other members are told."""
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
        membership = membership_open(
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
