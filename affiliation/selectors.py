"""Reads of affiliations, scoped to the structures a person belongs to."""

from datetime import date

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from affiliation.models import Affiliation, AffiliationDocument
from affiliation.workflow import HAS_BEEN_VALID, OPEN, PENDING, AffiliationStatus
from espace_pro.models import Structure
from espace_pro.selectors import structure_for_user


def is_affiliated(*, structure: Structure, on: date) -> bool:
    """Was the structure affiliated on date ``on``? (art. 1: required for any aid; used for the
    deposit date of a dossier and for a drawing request)."""
    return Affiliation.objects.filter(
        structure=structure,
        status__in=HAS_BEEN_VALID,
        valid_from__lte=on,
        valid_until__gte=on,
    ).exists()


def current_affiliation(*, structure: Structure, on: date) -> Affiliation | None:
    return (
        Affiliation.objects.filter(
            structure=structure,
            status=AffiliationStatus.VALIDEE,
            valid_from__lte=on,
            valid_until__gte=on,
        )
        .order_by("-valid_until")
        .first()
    )


def latest_validated(*, structure: Structure) -> Affiliation | None:
    return (
        Affiliation.objects.filter(structure=structure, status=AffiliationStatus.VALIDEE)
        .order_by("-valid_until")
        .first()
    )


def open_request(*, structure: Structure) -> Affiliation | None:
    return Affiliation.objects.filter(structure=structure, status__in=OPEN).first()


def has_pending_request(*, structure: Structure) -> bool:
    return Affiliation.objects.filter(structure=structure, status__in=PENDING).exists()


def previous_renewals(*, structure: Structure) -> int:
    return Affiliation.objects.filter(
        structure=structure, kind=Affiliation.Kind.RENOUVELLEMENT, status__in=HAS_BEEN_VALID
    ).count()


def has_been_affiliated(*, structure: Structure) -> bool:
    return Affiliation.objects.filter(structure=structure, status__in=HAS_BEEN_VALID).exists()


def affiliation_page(*, user: User, structure_id: int, on: date) -> dict:
    structure = structure_for_user(user=user, structure_id=structure_id)
    return affiliation_summary(structure=structure, on=on)


def affiliation_summary(*, structure: Structure, on: date) -> dict:
    """Current validity, upcoming renewal, open request and history (two queries)."""
    history = list(
        Affiliation.objects.filter(structure=structure)
        .prefetch_related("documents")
        .order_by("-created_at")
    )
    current = next(
        (
            a
            for a in history
            if a.status == AffiliationStatus.VALIDEE
            and a.valid_from
            and a.valid_from <= on <= a.valid_until
        ),
        None,
    )
    upcoming = next(
        (
            a
            for a in history
            if a.status == AffiliationStatus.VALIDEE and a.valid_from and a.valid_from > on
        ),
        None,
    )
    open_ = next((a for a in history if a.status in OPEN), None)
    return {
        "structure": structure,
        "history": history,
        "current": current,
        "upcoming": upcoming,
        "open_request": open_,
        "has_been_affiliated": any(a.status in HAS_BEEN_VALID for a in history),
    }


def affiliation_for_user(*, user: User, affiliation_id: int) -> Affiliation:
    return get_object_or_404(
        Affiliation.objects.select_related("structure").filter(structure__memberships__user=user),
        pk=affiliation_id,
    )


def document_for_user(*, user: User, affiliation_id: int, document_id: int) -> AffiliationDocument:
    return get_object_or_404(
        AffiliationDocument.objects.filter(
            affiliation_id=affiliation_id, affiliation__structure__memberships__user=user
        ),
        pk=document_id,
    )


def dashboard_affiliations(*, user: User) -> list[Affiliation]:
    """The validated affiliations of the person's structures (one query), for end dates."""
    return list(
        Affiliation.objects.filter(
            structure__memberships__user=user, status=AffiliationStatus.VALIDEE
        )
        .select_related("structure")
        .order_by("structure__name", "-valid_until")
    )


def structures_queryset_for_user(*, user: User) -> QuerySet[Structure]:
    return Structure.objects.filter(memberships__user=user)
