"""Reads of aid dossiers, scoped to the structures the person belongs to, and of sessions."""

from __future__ import annotations

import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from aides import programmes
from aides.models import CommissionSession, Dossier, DossierDocument
from aides.programmes.base import Programme
from aides.workflow import DossierStatus, dossier_flow
from cnm_portal.models import StatusChange
from espace_pro.models import Structure

S = DossierStatus
PAGE_SIZE = 20

NEXT_STEP = {
    S.BROUILLON: _("Compléter et déposer le dossier avant la date limite de la session"),
    S.DEPOSE: _("Le CNM vérifie que le dossier est complet"),
    S.EN_INSTRUCTION: _("Instruction en cours par le CNM"),
    S.INCOMPLET: _("Envoyer les pièces ou informations demandées avant la date indiquée"),
    S.CADUC: _("Aucune : le dossier est caduc"),
    S.IRRECEVABLE: _("Aucune : le dossier n'est pas recevable"),
    S.ELIGIBLE: _("Le dossier sera examiné par la commission"),
    S.EN_COMMISSION: _("Avis de la commission puis décision du président"),
    S.ATTRIBUE: _("Renseigner les coordonnées bancaires pour le premier versement"),
    S.REFUSE: _("Aucune : l'aide a été refusée"),
    S.EN_PAIEMENT: _("Remettre le bilan avant la date indiquée pour le solde"),
    S.SOLDE: _("Aucune : l'aide est soldée"),
    S.ANNULE: _("Aucune : le dossier est annulé"),
    S.SUSPENDU: _("L'aide est suspendue : le CNM vous contactera"),
}


def next_step(dossier: Dossier) -> str:
    return str(NEXT_STEP.get(dossier.status, ""))


def dossiers_for_user(*, user: User) -> QuerySet[Dossier]:
    return Dossier.objects.filter(structure__memberships__user=user)


def dossier_for_user(*, user: User, dossier_id: int) -> Dossier:
    """The dossier if the person is a member of its structure, else 404."""
    return get_object_or_404(
        dossiers_for_user(user=user).select_related("structure", "session"), pk=dossier_id
    )


def document_for_user(*, user: User, dossier_id: int, document_id: int) -> DossierDocument:
    return get_object_or_404(
        DossierDocument.objects.filter(
            dossier_id=dossier_id, dossier__structure__memberships__user=user
        ),
        pk=document_id,
    )


def structure_dossiers_page(*, structure: Structure, page: object = 1) -> Page:
    """ "Mes demandes d'aide": every dossier of the structure, newest first (two queries)."""
    queryset = (
        Dossier.objects.filter(structure=structure)
        .select_related("session")
        .only(
            "pk",
            "number",
            "programme",
            "programme_version",
            "project_title",
            "status",
            "created_at",
            "deposited_at",
            "montant_maximum",
            "montant_attribue",
            "session__label",
            "session__deposit_deadline",
            "session__commission_date",
            "session__programme",
        )
        .order_by("-created_at", "-pk")
    )
    result = Paginator(queryset, PAGE_SIZE).get_page(page)
    for dossier in result:
        dossier.next_step = next_step(dossier)
    return result


def structure_section(*, structure: Structure, limit: int = 5) -> dict:
    """The "Demandes d'aide" block of the structure page (one query)."""
    dossiers = list(
        Dossier.objects.filter(structure=structure)
        .select_related("session")
        .only(
            "pk",
            "number",
            "programme",
            "project_title",
            "status",
            "created_at",
            "session__label",
            "session__deposit_deadline",
        )
        .order_by("-created_at", "-pk")[: limit + 1]
    )
    return {"structure": structure, "dossiers": dossiers[:limit], "more": len(dossiers) > limit}


def open_sessions(
    *, articles: list[str] | None = None, now: datetime.datetime | None = None
) -> QuerySet[CommissionSession]:
    """Sessions whose deposit window is open now."""
    now = now or timezone.now()
    queryset = CommissionSession.objects.filter(deposit_deadline__gte=now).filter(
        Q(deposit_opens_at__isnull=True) | Q(deposit_opens_at__lte=now)
    )
    if articles is not None:
        queryset = queryset.filter(programme__in=articles)
    return queryset.order_by("deposit_deadline", "programme")


def next_sessions(*, article: str, now: datetime.datetime | None = None) -> list[CommissionSession]:
    """The sessions of a programme whose deadline is to come (open or not yet open): for the
    programme page and its affiliation date."""
    now = now or timezone.now()
    return list(
        CommissionSession.objects.filter(programme=article, deposit_deadline__gte=now).order_by(
            "deposit_deadline"
        )
    )


def programmes_for_structure(structure: Structure) -> list[Programme]:
    """The programmes the structure may apply to (kind and legal form), not closed."""
    kind = "physique" if structure.is_personne_physique else "morale"
    return [p for p in programmes.all() if not p.closed and p.accepts(kind, structure.legal_form)]


def dossier_history(dossier: Dossier) -> list[StatusChange]:
    """The "Suivi": every move of the dossier with who made it."""
    labels = dict(DossierStatus.choices)
    history = list(dossier_flow.history(dossier).order_by("at", "pk"))
    for change in history:
        change.to_label = str(labels.get(change.to_status, change.to_status))
    return history


def dossier_page(*, dossier: Dossier) -> Dossier:
    """The dossier with its lines, aids and documents (one query each)."""
    return (
        Dossier.objects.select_related("structure", "session", "deposited_by", "sworn_by")
        .prefetch_related(
            "budget_lines",
            "other_aids",
            Prefetch("documents", queryset=DossierDocument.objects.order_by("uploaded_at", "pk")),
        )
        .get(pk=dossier.pk)
    )


from aides.selectors_paiement import has_unpaid_undue_aid as has_unpaid_undue_aid  # noqa: E402
