"""Reads of the tax, scoped to the structures a person belongs to."""

from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.shortcuts import get_object_or_404

from accounts.models import User
from cnm_portal.paginator import lookahead_page
from espace_pro.models import Structure
from espace_pro.selectors import structure_for_user
from taxe.models import CoproductionShare, Declaration, Notice, Payment, Representation
from taxe.workflow import DeclarationStatus as D
from taxe.workflow import NoticeStatus

PAGE = 50
# « Ma taxe »: each list is read one page at a time, without COUNT(*) (see LookaheadPage)
DECLARATIONS_PAGE = 20
NOTICES_PAGE = 20


def representation_count():
    """Representations of each declaration of the page: a subquery run for the page's rows only
    (a join and GROUP BY would count the representations of every declaration first)."""
    counts = (
        Representation.objects.filter(declaration=OuterRef("pk"))
        .order_by()
        .values("declaration")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def tax_overview(*, user: User, structure_id: int, query: QueryDict | None = None) -> dict:
    """« Ma taxe »: declarations and notices one page each (``?declarations=``, ``?avis=``), the
    payments of those notices, what remains due, yearly statement. Ten queries whatever the
    structure's size; each list walks an index in its order (migration 0003_pages_indexes)."""
    structure = structure_for_user(user=user, structure_id=structure_id)
    declarations = lookahead_page(
        Declaration.objects.filter(structure=structure)
        .annotate(representation_count=representation_count())
        .order_by("-created_at", "-pk"),
        per_page=DECLARATIONS_PAGE,
        param="declarations",
        query=query,
    )
    notices = lookahead_page(
        # by year then most recent: (structure, tax_year DESC, id DESC) is an index of its own,
        # which no index of the whole table can beat (an "id DESC" scan filtering on the
        # structure reads ~200 000 rows before the largest redevable's latest notice)
        Notice.objects.filter(structure=structure)
        .select_related("declaration")
        .order_by("-tax_year", "-pk"),
        per_page=NOTICES_PAGE,
        param="avis",
        query=query,
    )
    # the payments of the notices on this page: a payment has no structure of its own, so the
    # structure's latest payments over all its notices would join and sort them all
    payments = list(
        Payment.objects.filter(notice__in=[notice.pk for notice in notices])
        .select_related("notice")
        .order_by("-paid_on", "-pk")
    )
    yearly = list(
        # held (under 80 €) and not-recovered notices are not owed: the avis says so
        Notice.objects.filter(structure=structure)
        .exclude(status__in=(NoticeStatus.RETENU, NoticeStatus.NON_RECOUVRE))
        .values("tax_year")
        .annotate(principal=Sum("principal"), majoration=Sum("majoration"), paid=Sum("paid"))
        .order_by("-tax_year")
    )
    for row in yearly:
        row["remaining"] = max(row["principal"] + row["majoration"] - row["paid"], Decimal("0.00"))
    to_sign = list(
        CoproductionShare.objects.filter(
            structure=structure, signed_at__isnull=True, declaration__status=D.COPRODUCTION
        ).select_related("declaration__structure")
    )
    from taxe.models import MiseEnDemeure, Rectification

    rectifications = list(
        Rectification.objects.filter(declaration__structure=structure).select_related(
            "declaration", "notice"
        )[:PAGE]
    )
    mises_en_demeure = list(MiseEnDemeure.objects.filter(structure=structure)[:PAGE])
    return {
        "structure": structure,
        "rectifications": rectifications,
        "mises_en_demeure": mises_en_demeure,
        "declarations": declarations,
        "notices": notices,
        "payments": payments,
        "yearly": yearly,
        "remaining": sum((row["remaining"] for row in yearly), Decimal("0.00")),
        "to_sign": to_sign,
    }


def declaration_for_user(*, user: User, structure_id: int, declaration_id: int) -> Declaration:
    structure = structure_for_user(user=user, structure_id=structure_id)
    return get_object_or_404(
        Declaration.objects.select_related("structure").prefetch_related(
            Prefetch("representations", queryset=Representation.objects.order_by("date", "pk")),
            Prefetch("shares", queryset=CoproductionShare.objects.select_related("structure")),
        ),
        pk=declaration_id,
        structure=structure,
    )


def share_for_user(*, user: User, structure_id: int, share_id: int) -> CoproductionShare:
    structure = structure_for_user(user=user, structure_id=structure_id)
    return get_object_or_404(
        CoproductionShare.objects.select_related("declaration"), pk=share_id, structure=structure
    )


def notice_for_user(*, user: User, structure_id: int, notice_id: int) -> Notice:
    structure = structure_for_user(user=user, structure_id=structure_id)
    return get_object_or_404(Notice, pk=notice_id, structure=structure)


def structure_by_numero(numero_cnm: str) -> Structure | None:
    return Structure.objects.filter(numero_cnm=numero_cnm.strip().upper()).first()


def rectification_for_user(*, user: User, structure_id: int, rectification_id: int):
    from taxe.models import Rectification

    structure = structure_for_user(user=user, structure_id=structure_id)
    return get_object_or_404(
        Rectification.objects.select_related("declaration"),
        pk=rectification_id,
        declaration__structure=structure,
    )


def declaration_filed_for(*, structure_id: int, representation_date) -> Declaration | None:
    """A declaration the redevable filed (not a draft) with a representation on that date: the
    declaration "prévue au VI" exists, no mise en demeure or taxation d'office for it."""
    return (
        Declaration.objects.filter(
            structure_id=structure_id, representations__date=representation_date
        )
        .exclude(status=D.BROUILLON)
        .order_by("pk")
        .first()
    )


def comparable_representations(med, *, limit: int = 10) -> list[Representation]:
    """Proposed references for a taxation d'office base: liquidated representations of the same
    category, same commune first, then anywhere (the instructor picks, art. 76 VIII al. 3)."""
    from taxe import rules

    base = (
        Representation.objects.filter(
            category=med.category, taxability=rules.TAXABLE, declaration__status=D.LIQUIDEE
        )
        .select_related("declaration__structure")
        .order_by("-date", "-pk")
    )
    same_city = list(base.filter(city__iexact=med.city)[:limit])
    if len(same_city) >= limit:
        return same_city
    others = base.exclude(pk__in=[r.pk for r in same_city])[: limit - len(same_city)]
    return same_city + list(others)


def titre_issuable_on(notice: Notice):
    """First day a titre may be issued for ``notice`` (None while its delay has not started)."""
    from taxe.workflow import notice_titre_date

    return notice_titre_date(notice)
