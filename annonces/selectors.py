"""Reads of the job ads: the public list and page (published and open only), the author's own
ads, the dashboard summary (one query for the two tiles of « Mon espace »)."""

from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import Count, Expression, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from annonces import rules
from annonces.models import JobAd
from annonces.workflow import IN_PUBLICATION, A
from cnm_portal.dates import today

PUBLIC_PAGE = 20
MINE_PAGE = 20


def published_ads() -> QuerySet[JobAd]:
    """Published ads still open (through their closing date), the newest first."""
    return (
        JobAd.objects.filter(status=A.PUBLIEE, closing_date__gte=today())
        .select_related("for_structure")
        .order_by("-published_at", "-pk")
    )


def search_ads(*, q: str = "", contract_type: str = "", region: str = "", family: str = ""):
    ads = published_ads()
    for word in rules.search_words(q):
        ads = ads.filter(search_text__contains=word)
    if contract_type:
        ads = ads.filter(contract_type=contract_type)
    if region:
        ads = ads.filter(region=region)
    if family:
        ads = ads.filter(family=family)
    return ads


def public_page(*, page, **filters):
    """One page of the public list: two queries (count, rows) whatever the number of ads."""
    return Paginator(search_ads(**filters), PUBLIC_PAGE).get_page(page)


def public_ad(*, ref: str) -> JobAd:
    """A published, open ad from its reference « <id>-<title> », else 404."""
    head = (ref or "").split("-", 1)[0]
    if not head.isdigit() or len(head) > 12:
        raise Http404
    return get_object_or_404(published_ads(), pk=int(head))


def ads_for_user(*, user) -> QuerySet[JobAd]:
    return JobAd.objects.filter(user=user).select_related("for_structure")


def mine_page(*, user, page):
    return Paginator(ads_for_user(user=user).order_by("-updated_at", "-pk"), MINE_PAGE).get_page(
        page
    )


def ad_for_user(*, user, ad_id: int) -> JobAd:
    """The author's own ad, else 404 (never reveal that it exists)."""
    return get_object_or_404(ads_for_user(user=user), pk=ad_id)


# --- dashboard -------------------------------------------------------------------------------

# Later apps add a value to the summary row (the job alert's state): name -> fn(user_ref) giving
# an expression evaluated on the user's row. The two tiles then cost one query together.
_summary_annotations: dict[str, Callable[[OuterRef], Expression]] = {}


def register_summary_annotation(name: str, expression: Callable[[OuterRef], Expression]) -> None:
    _summary_annotations[name] = expression


def _in_publication(user_ref) -> Expression:
    count = (
        JobAd.objects.filter(user=user_ref, status__in=IN_PUBLICATION)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(count), 0)


def dashboard_summary(request) -> dict:
    """``{"in_publication": n, <registered names>...}`` for the person, one query, kept on
    the request so that every tile reads the same row."""
    cached = getattr(request, "_emploi_summary", None)
    if cached is not None:
        return cached
    from accounts.models import User

    annotations = {"in_publication": _in_publication(OuterRef("pk"))}
    annotations.update({n: fn(OuterRef("pk")) for n, fn in _summary_annotations.items()})
    row = (
        User.objects.filter(pk=request.user.pk).annotate(**annotations).values(*annotations).first()
    ) or dict.fromkeys(annotations)
    request._emploi_summary = row
    return row
