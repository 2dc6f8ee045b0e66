"""Reads of the commission members' pages (RGA art. 4), scoped in the queries themselves:

- a session is visible only to its named members who belong to the « Membres de commission »
  group;
- a dossier only while it is en commission in that session, and **never to a member in
  conflict**: a member of the applicant's espace professionnel (detected from
  ``espace_pro.Membership``, no declaration needed) or one who declared a conflict;
- the other members' avis only once the member gave theirs.

Every function raises ``Http404`` (or filters out) rather than trusting a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import roles
from accounts.models import User
from aides.models import (
    Avis,
    CommissionReview,
    CommissionSession,
    ConflictOfInterest,
    Dossier,
    DossierDocument,
    Envelope,
    ReducedAmount,
)
from aides.rules_commission import available_on_envelope
from aides.workflow import GRANTED, DossierStatus
from espace_pro.models import Membership

S = DossierStatus
PAGE_SIZE = 20


def is_commission_member(user: User) -> bool:
    return bool(user.is_authenticated and user.groups.filter(name=roles.COMMISSION).exists())


def sessions_for_member(*, user: User) -> QuerySet[CommissionSession]:
    """The sessions the person sits in (named member and in the commission group)."""
    if not user.is_authenticated:
        return CommissionSession.objects.none()
    return CommissionSession.objects.filter(
        members=user, members__groups__name=roles.COMMISSION
    ).distinct()


def member_sessions_page(*, user: User, page: object = 1) -> Page:
    """« Mes commissions »: newest commission first, with the number of dossiers en
    commission (two queries)."""
    queryset = sessions_for_member(user=user).annotate(
        dossiers_count=Count("dossiers", filter=Q(dossiers__status=S.EN_COMMISSION))
    )
    return Paginator(queryset.order_by("-commission_date", "pk"), PAGE_SIZE).get_page(page)


def session_for_member(*, user: User, session_id: int) -> CommissionSession:
    return get_object_or_404(sessions_for_member(user=user), pk=session_id)


def conflict_q(user: User, prefix: str = "") -> Q:
    """Dossiers (lookups under ``prefix``) the member is in conflict with."""
    linked = Membership.objects.filter(user=user, structure_id=OuterRef(f"{prefix}structure_id"))
    declared = ConflictOfInterest.objects.filter(member=user, dossier_id=OuterRef(f"{prefix}pk"))
    return Q(Exists(linked)) | Q(Exists(declared))


def member_dossiers(*, user: User, session: CommissionSession) -> QuerySet[Dossier]:
    """The dossiers en commission of a session the member may open (not in conflict)."""
    return (
        Dossier.objects.filter(session=session, status=S.EN_COMMISSION)
        .annotate(in_conflict=conflict_q(user))
        .filter(in_conflict=False)
    )


def dossier_for_member(*, user: User, session_id: int, dossier_id: int) -> Dossier:
    """The dossier of the member's session, 404 when not a member, not en commission, or in
    conflict (the same answer, so a member learns nothing from the URL)."""
    session = session_for_member(user=user, session_id=session_id)
    return get_object_or_404(
        member_dossiers(user=user, session=session).select_related("structure", "session"),
        pk=dossier_id,
    )


def document_for_member(
    *, user: User, session_id: int, dossier_id: int, document_id: int
) -> DossierDocument:
    dossier = dossier_for_member(user=user, session_id=session_id, dossier_id=dossier_id)
    return get_object_or_404(DossierDocument, dossier=dossier, pk=document_id)


def visible_avis(*, user: User, dossier: Dossier) -> list[Avis]:
    """Every current avis of the dossier once the member gave theirs; before that, none of the
    others' (art. 4: each member gives an independent avis)."""
    own = Avis.objects.filter(dossier_id=OuterRef("dossier_id"), member=user, superseded=False)
    return list(
        Avis.objects.filter(dossier=dossier, superseded=False)
        .filter(Exists(own))
        .select_related("member")
        .order_by("given_at", "pk")
    )


def own_avis(*, user: User, dossier: Dossier) -> Avis | None:
    return Avis.objects.filter(dossier=dossier, member=user, superseded=False).first()


def in_conflict(*, user: User, dossier: Dossier) -> bool:
    return Dossier.objects.filter(pk=dossier.pk).filter(conflict_q(user)).exists()


@dataclass
class EnvelopeTotals:
    envelope: Decimal | None
    granted: Decimal
    available: Decimal | None
    proposed: Decimal
    reduced: Decimal | None

    @property
    def exceeded(self) -> bool:
        return self.available is not None and self.proposed > self.available

    @property
    def retained(self) -> Decimal:
        return self.reduced if self.reduced is not None else self.proposed


def envelope_totals(session: CommissionSession) -> EnvelopeTotals:
    """The session's proposed total against its programme's envelope for the year of the
    commission, less what was already granted on it: the attributions of the sessions whose
    commission sits that year, this session's included (four queries)."""
    year = session.commission_date.year
    envelope = (
        Envelope.objects.filter(programme=session.programme, year=year)
        .values_list("amount", flat=True)
        .first()
    )
    granted = (
        Dossier.objects.filter(
            programme=session.programme, session__commission_date__year=year, status__in=GRANTED
        ).aggregate(total=Sum("montant_attribue"))["total"]
    ) or Decimal("0.00")
    proposed = Dossier.objects.filter(session=session, status=S.EN_COMMISSION).aggregate(
        total=Sum("montant_propose")
    )["total"] or Decimal("0.00")
    reduced = None
    review = CommissionReview.objects.filter(session=session).first()
    if review is not None and review.reduced_at is not None:
        reduced = ReducedAmount.objects.filter(
            review=review, dossier__status=S.EN_COMMISSION
        ).aggregate(total=Sum("after"))["total"] or Decimal("0.00")
    return EnvelopeTotals(
        envelope=envelope,
        granted=granted,
        available=available_on_envelope(envelope, granted),
        proposed=proposed,
        reduced=reduced,
    )


@dataclass
class SessionRow:
    dossier: Dossier
    in_conflict: bool
    own_kind: str | None
    avis_count: int
    comment: str
    reduced: Decimal | None


SESSION_PAGE_SIZE = 50


def session_page(*, user: User, session: CommissionSession, page: object = 1) -> dict:
    """The session page: the dossiers en commission (those in conflict listed without a link
    nor the instructor's comment), the member's own avis, the instructor's recommendation, the
    totals against the envelope; 50 dossiers a page. A constant number of queries whatever the
    number of dossiers."""
    own = Avis.objects.filter(dossier_id=OuterRef("pk"), member=user, superseded=False)
    queryset = (
        Dossier.objects.filter(session=session, status=S.EN_COMMISSION)
        .select_related("structure")
        .annotate(
            in_conflict=conflict_q(user),
            own_kind=own.values("kind")[:1],
            avis_count=Count("avis", filter=Q(avis__superseded=False)),
        )
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "reduced_amounts",
                queryset=ReducedAmount.objects.filter(review__session=session),
                to_attr="session_reductions",
            )
        )
    )
    result = Paginator(queryset, SESSION_PAGE_SIZE).get_page(page)
    dossiers = list(result.object_list)
    result.object_list = [
        SessionRow(
            dossier=d,
            in_conflict=d.in_conflict,
            own_kind=d.own_kind,
            avis_count=d.avis_count,
            comment="" if d.in_conflict else d.recommendation,
            reduced=d.session_reductions[0].after if d.session_reductions else None,
        )
        for d in dossiers
    ]
    return {"session": session, "page": result, "totals": envelope_totals(session)}


def session_abstentions(session: CommissionSession) -> dict[int, list[User]]:
    """For the procès-verbal: per dossier of the session, the members who abstained (linked to
    the applicant or declared), by dossier id."""
    members = list(session.members.all())
    dossiers = list(
        Dossier.objects.filter(session=session).exclude(
            status__in=(S.BROUILLON, S.DEPOSE, S.EN_INSTRUCTION, S.INCOMPLET)
        )
    )
    if not dossiers:
        return {}
    linked = set(
        Membership.objects.filter(
            user__in=members, structure_id__in={d.structure_id for d in dossiers}
        ).values_list("user_id", "structure_id")
    )
    declared = set(
        ConflictOfInterest.objects.filter(member__in=members, dossier__in=dossiers).values_list(
            "member_id", "dossier_id"
        )
    )
    result: dict[int, list[User]] = {}
    for dossier in dossiers:
        result[dossier.pk] = [
            m
            for m in members
            if (m.pk, dossier.structure_id) in linked or (m.pk, dossier.pk) in declared
        ]
    return result


def member_can_open(*, user: User, session_id: int, dossier_id: int) -> bool:
    try:
        dossier_for_member(user=user, session_id=session_id, dossier_id=dossier_id)
    except Http404:
        return False
    return True
