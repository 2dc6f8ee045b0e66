"""Reads of the espace professionnel, always scoped to what the person may see."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from espace_pro.models import (
    AccessRequest,
    AccessRequestDocument,
    Invitation,
    Membership,
    Structure,
)
from espace_pro.workflow import OPEN_STATUSES


def structures_for_user(*, user: User) -> QuerySet[Structure]:
    return Structure.objects.filter(memberships__user=user).order_by("name")


def structure_for_user(*, user: User, structure_id: int) -> Structure:
    """The structure if the person is a member, else 404 (never reveal that it exists)."""
    return get_object_or_404(structures_for_user(user=user), pk=structure_id)


def structure_page(*, user: User, structure_id: int) -> Structure:
    structure = structure_for_user(user=user, structure_id=structure_id)
    structure.member_list = list(
        Membership.objects.filter(structure=structure).select_related("user").order_by("created_at")
    )
    structure.pending_invitations = list(
        Invitation.objects.filter(
            structure=structure,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).order_by("-created_at")
    )
    return structure


def membership_for_user(*, user: User, structure_id: int, membership_id: int) -> Membership:
    structure = structure_for_user(user=user, structure_id=structure_id)
    return get_object_or_404(
        Membership.objects.select_related("user", "structure"),
        pk=membership_id,
        structure=structure,
    )


def invitation_for_member(*, user: User, structure_id: int, invitation_id: int) -> Invitation:
    structure = structure_for_user(user=user, structure_id=structure_id)
    return get_object_or_404(
        Invitation.objects.select_related("structure"), pk=invitation_id, structure=structure
    )


def invitation_by_token(*, token: str) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("structure", "invited_by"), token=token
    )


def access_requests_for_user(*, user: User) -> QuerySet[AccessRequest]:
    return AccessRequest.objects.filter(user=user).select_related("structure")


def access_request_for_user(*, user: User, request_id: int) -> AccessRequest:
    return get_object_or_404(
        access_requests_for_user(user=user).prefetch_related(
            Prefetch("documents", queryset=AccessRequestDocument.objects.order_by("uploaded_at"))
        ),
        pk=request_id,
    )


def document_for_user(*, user: User, request_id: int, document_id: int) -> AccessRequestDocument:
    return get_object_or_404(
        AccessRequestDocument.objects.filter(request__user=user, request_id=request_id),
        pk=document_id,
    )


def espace_pro_overview(*, user: User) -> dict:
    """The "Mon Espace Pro" block: structures and open requests, two queries."""
    return {
        "structures": list(structures_for_user(user=user)),
        "open_requests": list(
            AccessRequest.objects.filter(user=user, status__in=OPEN_STATUSES).order_by(
                "-submitted_at"
            )
        ),
    }
