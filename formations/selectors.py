"""Reads of the catalogue: published modules and their coming sessions for everyone,
inscriptions scoped to their person."""

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from formations import rules
from formations.models import Inscription, Module, Session
from formations.workflow import IS, LIVE, SEATED, S

MODULES_PAGE = 10
INSCRIPTIONS_PAGE = 20


def is_open_for_inscription(session: Session) -> bool:
    return (
        session.status == S.OUVERTE and session.start > timezone.now() and session.module.published
    )


def _with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.annotate(
        taken=Count("inscriptions", filter=Q(inscriptions__status__in=SEATED)),
        waiting=Count("inscriptions", filter=Q(inscriptions__status=IS.EN_ATTENTE)),
    )


def coming_sessions(*, date_from: dt.date | None = None, date_to: dt.date | None = None):
    """Open sessions not started yet (optionally starting between two days), with their seats
    taken and waiting people counted in the same query."""
    sessions = Session.objects.filter(status=S.OUVERTE, start__gt=timezone.now())
    zone = timezone.get_current_timezone()
    if date_from:
        sessions = sessions.filter(start__gte=dt.datetime.combine(date_from, dt.time.min, zone))
    if date_to:
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, zone)
        sessions = sessions.filter(start__lt=end)
    return _with_counts(sessions).order_by("start", "pk")


def modules(*, parcours: str = "", format: str = "", date_from=None, date_to=None):
    """Published modules, each with ``next_sessions`` (one prefetch query for the page); with a
    date filter, only the modules having a session in the range."""
    found = Module.objects.filter(published=True)
    if parcours:
        found = found.filter(parcours=parcours)
    if format:
        found = found.filter(format=format)
    sessions = coming_sessions(date_from=date_from, date_to=date_to)
    if date_from or date_to:
        found = found.filter(Exists(sessions.filter(module=OuterRef("pk"))))
    return found.order_by("parcours", "title", "pk").prefetch_related(
        Prefetch("sessions", queryset=sessions, to_attr="next_sessions")
    )


def modules_page(*, page, **filters):
    """One page of modules: three queries (count, modules, their sessions) whatever the data."""
    return Paginator(modules(**filters), MODULES_PAGE).get_page(page)


def module_by_slug(*, slug: str) -> Module:
    module = get_object_or_404(Module.objects.filter(published=True), slug=slug)
    module.next_sessions = list(coming_sessions().filter(module=module))
    return module


def decorate(session: Session) -> Session:
    session.seats_left = rules.seats_left(seats=session.seats, taken=session.taken)
    session.is_full = rules.is_full(seats=session.seats, taken=session.taken)
    return session


def live_inscriptions_by_session(*, user, sessions) -> dict[int, Inscription]:
    if not user.is_authenticated:
        return {}
    return {
        i.session_id: i
        for i in Inscription.objects.filter(
            user=user, status__in=LIVE, session__in=[s.pk for s in sessions]
        )
    }


def open_session(*, session_id) -> Session | None:
    """A session still open to inscriptions, its module and counts joined, or None."""
    try:
        session_id = int(session_id)
    except (TypeError, ValueError):
        return None
    session = (
        coming_sessions()
        .filter(pk=session_id, module__published=True)
        .select_related("module")
        .first()
    )
    return decorate(session) if session else None


def waiting_rank(inscription: Inscription) -> int:
    """1 for the first person waiting (the order of the inscriptions)."""
    ahead = Inscription.objects.filter(
        session_id=inscription.session_id, status=IS.EN_ATTENTE
    ).filter(
        Q(created_at__lt=inscription.created_at)
        | Q(created_at=inscription.created_at, pk__lt=inscription.pk)
    )
    return ahead.count() + 1


def inscriptions_for_user(*, user) -> QuerySet[Inscription]:
    return Inscription.objects.filter(user=user).select_related("session__module", "for_structure")


def inscriptions_page(*, user, page):
    inscriptions = inscriptions_for_user(user=user).order_by("-session__start", "-pk")
    return Paginator(inscriptions, INSCRIPTIONS_PAGE).get_page(page)


def inscription_for_user(*, user, inscription_id: int) -> Inscription:
    """The person's own inscription, else 404 (never reveal that it exists)."""
    return get_object_or_404(inscriptions_for_user(user=user), pk=inscription_id)


def attendance(session: Session) -> QuerySet[Inscription]:
    """The attendance list of a session (confirmed and recorded people), by name."""
    return (
        Inscription.objects.filter(session=session, status__in=SEATED)
        .select_related("user", "for_structure")
        .order_by("user__last_name", "user__first_name", "pk")
    )
