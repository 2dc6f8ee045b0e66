"""What a real dossier is computed with: its figures (as entered, plus those derived from its
budget lines and other public aids, plus the aids already granted read from the database) and
the applicant as the portal knows it on the deposit date. One entry point,
:func:`dossier_computation`, used by the summary step, the deposit guard and the instruction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from affiliation import selectors as affiliation_selectors
from affiliation.models import LiveShowActivity
from aides.models import BudgetLine, Dossier, OtherPublicAid
from aides.programmes.base import (
    MONTANT_SOLLICITE,
    MORALE,
    PHYSIQUE,
    Applicant,
    Computation,
    Programme,
)
from aides.workflow import ENDED_WITHOUT_AID, DossierStatus
from cnm_portal.dates import today
from cnm_portal.money import round_cents, sum_money

ZERO = Decimal("0.00")
# Budget-line categories a programme without expense categories uses.
ELIGIBLES = "eligibles"
# Expenses of the project the programme does not retain (they count in the total budget only).
AUTRES = "autres"


@dataclass(frozen=True)
class BudgetCategory:
    code: str
    label: str
    share: Decimal
    figure: str | None  # the figure the category's sum feeds (None: total budget only)


def budget_categories(programme: Programme) -> list[BudgetCategory]:
    """The expense categories the budget step offers, with their eligible share."""
    if programme.expense_categories:
        categories = [
            BudgetCategory(c.code, c.label, c.share, c.figure.name)
            for c in programme.expense_categories
        ]
    else:
        categories = [
            BudgetCategory(ELIGIBLES, "Dépenses éligibles", Decimal("1"), "depenses_eligibles")
        ]
    categories.append(
        BudgetCategory(AUTRES, "Autres dépenses du projet (non retenues)", Decimal("0"), None)
    )
    return categories


@dataclass(frozen=True)
class BudgetTotals:
    expenses: Decimal
    revenues: Decimal
    other_aids: Decimal
    requested: Decimal
    by_category: dict[str, Decimal]

    @property
    def resources(self) -> Decimal:
        """The financing plan: revenues + other public aids + the CNM aid requested."""
        return self.revenues + self.other_aids + self.requested

    @property
    def to_balance(self) -> Decimal:
        """What the CNM aid requested must be for the plan to balance."""
        return self.expenses - self.revenues - self.other_aids

    @property
    def balanced(self) -> bool:
        return self.resources == self.expenses


def _money(value: object) -> Decimal:
    """An amount as entered ("14 400", "14400,00"), read by the figure's own parser; 0 when
    empty or invalid (``compute()`` then reports it on its field)."""
    typed, error = MONTANT_SOLLICITE.parse(value)
    return typed if typed is not None and not error else ZERO


def budget_totals(
    dossier: Dossier,
    *,
    lines: list[BudgetLine] | None = None,
    aids: list[OtherPublicAid] | None = None,
) -> BudgetTotals:
    if lines is None:
        lines = list(dossier.budget_lines.all())
    if aids is None:
        aids = list(dossier.other_aids.all())
    by_category: dict[str, Decimal] = {}
    for line in lines:
        if line.kind == BudgetLine.Kind.DEPENSE:
            by_category[line.category] = by_category.get(line.category, ZERO) + line.amount
    return BudgetTotals(
        expenses=sum_money(line.amount for line in lines if line.kind == BudgetLine.Kind.DEPENSE),
        revenues=sum_money(line.amount for line in lines if line.kind == BudgetLine.Kind.RECETTE),
        other_aids=sum_money(aid.amount for aid in aids),
        requested=_money(dossier.figures.get("montant_sollicite")),
        by_category=by_category,
    )


def already_granted(
    *, structure_id: int, articles: tuple[str, ...], year: int, exclude_pk: int | None
) -> Decimal:
    """What the structure was granted on ``articles`` by decisions of the calendar ``year``
    (read from the database, never typed by the applicant)."""
    queryset = Dossier.objects.filter(
        structure_id=structure_id,
        programme__in=articles,
        decided_on__year=year,
        montant_attribue__isnull=False,
    ).exclude(status__in=(DossierStatus.ANNULE, DossierStatus.REFUSE))
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    total = queryset.aggregate(total=Sum("montant_attribue"))["total"]
    return round_cents(total) if total is not None else ZERO


def deposit_date(dossier: Dossier) -> datetime.date:
    """The date the applicant's situation is judged on: the deposit, or today for a draft."""
    if dossier.deposited_at:
        return timezone.localdate(dossier.deposited_at)
    return today()


def aids_this_year(dossier: Dossier, *, year: int) -> int:
    """Dossiers of the same programme the structure deposited in ``year`` that did not end
    without an aid (the dossier itself excluded)."""
    return (
        Dossier.objects.filter(
            structure_id=dossier.structure_id,
            programme=dossier.programme,
            deposited_at__year=year,
        )
        .exclude(pk=dossier.pk)
        .exclude(status__in=(DossierStatus.BROUILLON, *ENDED_WITHOUT_AID))
        .count()
    )


def dossier_applicant(dossier: Dossier, *, on: datetime.date | None = None) -> Applicant:
    """The applicant as the database knows it on the deposit date (kind, legal form,
    affiliation, licence, aids of this programme this year)."""
    on = on or deposit_date(dossier)
    structure = dossier.structure
    programme = dossier.programme_definition
    licence = None
    if programme.licence_required:
        current = affiliation_selectors.current_affiliation(structure=structure, on=on)
        licence = bool(
            current
            and current.live_show_activity in (LiveShowActivity.LICENCE, LiveShowActivity.RECEPISSE)
            and (current.licence_valid_until is None or current.licence_valid_until >= on)
        )
    return Applicant(
        kind=PHYSIQUE if structure.is_personne_physique else MORALE,
        legal_form=structure.legal_form,
        affiliated=affiliation_selectors.is_affiliated(structure=structure, on=on),
        has_licence=licence,
        on=on,
        aids_this_year=(
            aids_this_year(dossier, year=on.year)
            if programme.max_aids_per_year is not None
            else None
        ),
        name=structure.name,
    )


def dossier_figures(
    dossier: Dossier,
    *,
    on: datetime.date | None = None,
    lines: list[BudgetLine] | None = None,
    aids: list[OtherPublicAid] | None = None,
) -> dict[str, object]:
    """The raw figures ``compute()`` receives: those entered, the budget-derived ones
    (``depenses_<code>``, ``depenses_eligibles``, ``budget_total``, ``autres_aides_publiques``)
    and what was already granted this year (``deja_attribue_annee`` and the figures of shared
    yearly caps)."""
    programme = dossier.programme_definition
    on = on or deposit_date(dossier)
    figures: dict[str, object] = {
        k: v for k, v in (dossier.figures or {}).items() if k != "deja_attribue_annee"
    }
    totals = budget_totals(dossier, lines=lines, aids=aids)
    for category in budget_categories(programme):
        if category.figure:
            figures[category.figure] = str(totals.by_category.get(category.code, ZERO))
    figures["budget_total"] = str(totals.expenses)
    figures["autres_aides_publiques"] = str(totals.other_aids)
    figures["deja_attribue_annee"] = str(ZERO)
    for cap in programme.yearly_caps():
        articles = tuple(dict.fromkeys((programme.article, *cap.articles)))
        years = {cap.already: on.year}
        previous = getattr(cap, "previous", None)  # caps over two years (art. 12)
        if previous:
            years[previous] = on.year - 1
        for name, year in years.items():
            figures[name] = str(
                already_granted(
                    structure_id=dossier.structure_id,
                    articles=articles,
                    year=year,
                    exclude_pk=dossier.pk,
                )
            )
    return figures


def derived_figure_names(programme: Programme) -> set[str]:
    """Figures the portal computes for a real dossier (never asked to the applicant)."""
    names = {"depenses_eligibles", "budget_total", "autres_aides_publiques", "deja_attribue_annee"}
    names |= {c.figure.name for c in programme.expense_categories}
    for cap in programme.yearly_caps():
        names.add(cap.already)
        if getattr(cap, "previous", None):
            names.add(cap.previous)
    return names


def dossier_computation(dossier: Dossier, *, on: datetime.date | None = None) -> Computation:
    """The maximum aid, criteria, errors and warnings of a dossier, with the programme version
    it is computed with. A deposited dossier is computed on the figures stored at deposit (the
    aids already granted are read again)."""
    key = (dossier.lock_version, dossier.status, on)
    cached = getattr(dossier, "_computation_cache", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    programme = dossier.programme_definition
    figures = dossier_figures(dossier, on=on)
    if dossier.deposited_figures is not None and not dossier.editable:
        stored = dict(dossier.deposited_figures)
        for name in derived_figure_names(programme) & set(figures):
            if name.startswith("deja_") or name not in stored:
                stored[name] = figures[name]
        figures = stored
    computation = programme.compute(figures, applicant=dossier_applicant(dossier, on=on))
    dossier._computation_cache = (key, computation)
    return computation
