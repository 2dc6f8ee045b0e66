"""Reads of the compte-entrepreneur, scoped to the structures a person belongs to."""

from datetime import date
from decimal import Decimal

from django.db.models import BigIntegerField, F, Q, QuerySet, Sum
from django.db.models.functions import Cast, Round
from django.http import QueryDict
from django.shortcuts import get_object_or_404

from accounts.models import User
from cnm_portal.paginator import lookahead_page
from compte_entrepreneur.models import Compte, Drawing, Entry, Generation, TaxAllocation
from compte_entrepreneur.workflow import OPEN_DRAWING
from espace_pro.models import Membership, Structure
from espace_pro.selectors import structure_for_user

HISTORY_PAGE = 25
GENERATIONS_PAGE = 25
DRAWINGS_SHOWN = 20
# The notice statuses of the tax app that still ask for a payment (its notice workflow: « à
# payer », « relancé », « titre exécutoire émis »); a test checks they exist there.
UNPAID_NOTICE_STATUSES = ("a_payer", "relance", "titre")
PAST_DEADLINE_STATUSES = ("relance", "titre")


def exact_sum(field: str) -> Sum:
    """Sum of a money column in integer cents: exact on SQLite too (it sums decimals as floats);
    turn the result back into euros with :func:`cents_to_euros`."""
    return Sum(Cast(Round(F(field) * 100), BigIntegerField()))


def cents_to_euros(cents: int | None) -> Decimal:
    return (Decimal(cents or 0) / 100).quantize(Decimal("0.01"))


def overdue_tax_notices(*, structure: Structure, on: date) -> QuerySet:
    """Tax notices of the structure still unpaid after their deadline (art. 48: obligations
    fiscales). A reminder or a titre means the deadline has passed."""
    from taxe.models import Notice

    return Notice.objects.filter(
        Q(status__in=PAST_DEADLINE_STATUSES) | Q(status__in=UNPAID_NOTICE_STATUSES, due_on__lt=on),
        structure=structure,
    ).order_by("due_on", "pk")


def member_emails(structure_id: int) -> list[str]:
    return list(
        Membership.objects.filter(structure_id=structure_id).values_list("user__email", flat=True)
    )


def compte_of(structure: Structure) -> Compte | None:
    return Compte.objects.filter(structure=structure).first()


def compte_page(*, user: User, structure_id: int, query: QueryDict | None = None) -> dict:
    """« Mon compte-entrepreneur »: a constant number of queries whatever the history's size."""
    structure = structure_for_user(user=user, structure_id=structure_id)
    compte = compte_of(structure)
    if compte is None:
        return {"structure": structure, "compte": None}
    # one page of each list, without COUNT(*): the largest compte holds ~17 000 live
    # generations and as many entries (indexes of migration 0003_pages_indexes)
    generations = lookahead_page(
        Generation.objects.filter(compte=compte, remaining__gt=0).order_by("valid_until", "pk"),
        per_page=GENERATIONS_PAGE,
        param="generations",
        query=query,
    )
    for generation in generations:
        generation.is_soonest = generations.number == 1 and generation is generations[0]
    notified = list(
        Generation.objects.filter(compte=compte)
        .exclude(notice_pdf="")
        .order_by("-notified_on", "-pk")[:HISTORY_PAGE]
    )
    history = lookahead_page(
        Entry.objects.filter(compte=compte).order_by("-pk"),
        per_page=HISTORY_PAGE,
        param="page",
        query=query,
    )
    drawings = list(Drawing.objects.filter(compte=compte).order_by("-pk")[:DRAWINGS_SHOWN])
    return {
        "structure": structure,
        "compte": compte,
        "generations": generations,
        "notified": notified,
        "history": history,
        "drawings": drawings,
    }


def pending_drawings_total(compte: Compte) -> Decimal:
    total = Drawing.objects.filter(compte=compte, status__in=OPEN_DRAWING).aggregate(
        total=exact_sum("amount")
    )["total"]
    return cents_to_euros(total)


def drawing_for_user(*, user: User, structure_id: int, drawing_id: int) -> Drawing:
    structure = structure_for_user(user=user, structure_id=structure_id)
    return get_object_or_404(
        Drawing.objects.select_related("compte__structure").prefetch_related("documents"),
        pk=drawing_id,
        compte__structure=structure,
    )


def generation_for_user(*, user: User, structure_id: int, generation_id: int) -> Generation:
    structure = structure_for_user(user=user, structure_id=structure_id)
    return get_object_or_404(Generation, pk=generation_id, compte__structure=structure)


def yearly_report() -> list[dict]:
    """Art. 45, for staff: per year of perception, the tax retained, the 65 % credited, the 35 %
    support-programme share and what was not credited."""
    fields = ("amount", "eligible", "credited", "support", "excluded")
    rows = list(
        TaxAllocation.objects.values("year")
        .annotate(**{name: exact_sum(name) for name in fields})
        .order_by("-year")
    )
    for row in rows:
        for name in fields:
            row[name] = cents_to_euros(row[name])
    return rows
