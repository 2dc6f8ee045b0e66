"""Reads of the directory: the public search shows published entries only; the members' pages
show the entries of their structures and their own."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from annuaire import rules
from annuaire.models import Entry, EntryActivity
from annuaire.workflow import EntryStatus
from espace_pro.selectors import structures_for_user

SEARCH_PAGE = 20
MINE_PAGE = 20

_ACTIVITIES = Prefetch("activity_rows", queryset=EntryActivity.objects.order_by("position"))


def published_entries() -> QuerySet[Entry]:
    return Entry.objects.filter(status=EntryStatus.PUBLIEE)


def search(*, q: str = "", activity: str = "", region: str = "") -> QuerySet[Entry]:
    """Published entries matching the name, the activity and the region, in name order."""
    entries = published_entries()
    key = rules.search_key(q)
    if key:
        entries = entries.filter(name_search__contains=key)
    if activity:
        chosen = EntryActivity.objects.filter(entry_id=OuterRef("pk"), code=activity)
        entries = entries.filter(Exists(chosen))
    if region:
        entries = entries.filter(region=region)
    return entries.order_by("name_search", "pk")


def search_page(*, page, **filters):
    """One page of results: three queries (count, rows, their activities) whatever the volume."""
    entries = search(**filters).prefetch_related(_ACTIVITIES)
    return Paginator(entries, SEARCH_PAGE).get_page(page)


def managed_entries(*, user) -> QuerySet[Entry]:
    """Entries the person manages: their own, and those of every structure they belong to."""
    if not user.is_authenticated:
        return Entry.objects.none()
    member = structures_for_user(user=user).filter(pk=OuterRef("structure_id"))
    return Entry.objects.filter(Q(person=user) | Exists(member))


def mine_page(*, user, page):
    entries = (
        managed_entries(user=user)
        .select_related("structure")
        .prefetch_related(_ACTIVITIES)
        .order_by("name_search", "pk")
    )
    return Paginator(entries, MINE_PAGE).get_page(page)


def managed_entry(*, user, entry_id: int) -> Entry:
    """An entry the person manages, else 404 (never reveal that it exists)."""
    return get_object_or_404(
        managed_entries(user=user).select_related("structure").prefetch_related(_ACTIVITIES),
        pk=entry_id,
    )


def public_entry(*, user, entry_id: int) -> Entry:
    """The public page: a published entry for everyone; its managers also preview it in any
    other status (nobody else learns that it exists)."""
    entries = Entry.objects.prefetch_related(_ACTIVITIES)
    entry = entries.filter(pk=entry_id, status=EntryStatus.PUBLIEE).first()
    if entry is None:
        entry = managed_entries(user=user).prefetch_related(_ACTIVITIES).filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return entry


def live_entry_of(*, structure=None, person=None) -> Entry | None:
    """The structure's (or the person's) entry that is not refused, if any."""
    entries = Entry.objects.exclude(status=EntryStatus.REFUSEE)
    if structure is not None:
        return entries.filter(structure=structure).first()
    return entries.filter(person=person).first()


def registrable(*, user) -> list[dict]:
    """What the person may register: each of their structures and themselves, with the live
    entry when there is one (three queries)."""
    structures = list(structures_for_user(user=user))
    live = {
        entry.structure_id: entry
        for entry in Entry.objects.filter(structure__in=structures).exclude(
            status=EntryStatus.REFUSEE
        )
    }
    options = [
        {"key": str(structure.pk), "label": structure.name, "structure": structure}
        | {"entry": live.get(structure.pk)}
        for structure in structures
    ]
    options.append(
        {"key": "moi", "label": user.get_full_name() or user.email, "structure": None}
        | {"entry": live_entry_of(person=user)}
    )
    return options
