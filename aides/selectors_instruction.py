"""Staff reads of the instruction (RGA art. 3): the queues and their filters (shared by the
admin list and the worker's exports), the instructor's home, the checklist of a dossier, the
structure's other aids, the open request for missing items."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from aides.models import CommissionSession, Dossier
from aides.models_instruction import ChecklistItem, MissingItemsRequest
from aides.rules_instruction import instruction_due_on
from aides.workflow import DossierStatus
from cnm_portal.dates import today

S = DossierStatus

# The queues of art. 3, in the order of the instructor's work.
QUEUE_STATUSES = (S.DEPOSE, S.EN_INSTRUCTION, S.INCOMPLET, S.ELIGIBLE, S.IRRECEVABLE, S.CADUC)
# Amount ranges of the filter (aide sollicitée), bounds in euros: [low, high[.
AMOUNT_RANGES = {
    "lt5k": (_("moins de 5 000 €"), None, Decimal("5000")),
    "5k-20k": (_("5 000 € à 20 000 €"), Decimal("5000"), Decimal("20000")),
    "20k-50k": (_("20 000 € à 50 000 €"), Decimal("20000"), Decimal("50000")),
    "50k-100k": (_("50 000 € à 100 000 €"), Decimal("50000"), Decimal("100000")),
    "gte100k": (_("100 000 € et plus"), Decimal("100000"), None),
}
# Filter parameters (names of the admin's query string), used by the exports too.
FILTER_PARAMS = ("programme", "session", "statut", "montant", "forme", "retard", "instructeur")


# --- lateness ----------------------------------------------------------------------------------


def late_session_ids(on: datetime.date) -> list[int]:
    """Sessions whose instruction should be over (commission date − délai minimal d'analyse).
    The sessions table is small: computed here, used as ``session_id IN (…)``."""
    sessions = CommissionSession.objects.filter(
        commission_date__lte=on + datetime.timedelta(days=366)
    ).values_list("pk", "commission_date", "min_analysis_days")
    return [pk for pk, date, days in sessions if on > instruction_due_on(date, days)]


def late_q(on: datetime.date, *, session_ids: list[int] | None = None) -> Q:
    """Late (docs/decisions.md): incomplete past its deadline, or still to instruct (déposé, en
    instruction) after the session's instruction date."""
    ids = late_session_ids(on) if session_ids is None else session_ids
    return Q(status=S.INCOMPLET, missing_items_deadline__lt=on) | Q(
        status__in=(S.DEPOSE, S.EN_INSTRUCTION), session_id__in=ids
    )


# --- the queue: filters and search --------------------------------------------------------------


def apply_filter(queryset: QuerySet, name: str, value: str, *, user=None) -> QuerySet:
    """One filter of the queue; an unknown value leaves the queryset unchanged."""
    if not value:
        return queryset
    if name == "programme":
        return queryset.filter(programme=value)
    if name == "session" and value.isdigit():
        return queryset.filter(session_id=int(value))
    if name == "statut" and value in S.values:
        return queryset.filter(status=value)
    if name == "montant" and value in AMOUNT_RANGES:
        _label, low, high = AMOUNT_RANGES[value]
        if low is not None:
            queryset = queryset.filter(montant_sollicite__gte=low)
        if high is not None:
            queryset = queryset.filter(montant_sollicite__lt=high)
        return queryset
    if name == "forme":
        return queryset.filter(structure__legal_form=value)
    if name == "retard" and value == "oui":
        return queryset.filter(late_q(today()))
    if name == "instructeur":
        if value == "moi" and user is not None:
            return queryset.filter(instructor=user)
        if value == "aucun":
            return queryset.filter(instructor__isnull=True)
    return queryset


def search(queryset: QuerySet, term: str) -> QuerySet:
    """Dossier number (exact or prefix), numéro CNM (exact or prefix), or structure name."""
    term = (term or "").strip()
    if not term:
        return queryset
    upper = term.upper().replace(" ", "")
    if upper.startswith("AID-"):
        return queryset.filter(number__startswith=upper)
    if upper.startswith("CNM"):
        return queryset.filter(structure__numero_cnm__startswith=upper)
    return queryset.filter(Q(structure__name__icontains=term) | Q(project_title__icontains=term))


def queue(params: Mapping[str, str], *, user=None) -> QuerySet[Dossier]:
    """The dossiers of the admin list with these filters, search (``q``) or ids (exports)."""
    queryset = Dossier.objects.exclude(status=S.BROUILLON)
    ids = params.get("ids")
    if ids:
        return queryset.filter(pk__in=[int(i) for i in ids])
    for name in FILTER_PARAMS:
        queryset = apply_filter(queryset, name, str(params.get(name) or ""), user=user)
    return search(queryset, str(params.get("q") or ""))


# --- the instructor's home ----------------------------------------------------------------------


@dataclass
class HomeRow:
    programme: str
    session: CommissionSession
    counts: dict[str, int] = field(default_factory=dict)
    late: int = 0
    overdue_incomplete: int = 0

    @property
    def sort_key(self):
        return (-self.late, -self.overdue_incomplete, self.session.commission_date, self.programme)


@dataclass(frozen=True)
class HomeItem:
    """A line of the home contributed by another part of the app (bilans to check, payments
    due…): ``count()`` and the admin URL it links to."""

    key: str
    label: str
    count: Callable[[], int]
    url: Callable[[], str]


_home_items: list[HomeItem] = []


def register_home_item(item: HomeItem) -> None:
    """Other parts of ``aides`` (payments, bilans) add their counts to the instructor's home."""
    if all(existing.key != item.key for existing in _home_items):
        _home_items.append(item)


def home_items() -> list[HomeItem]:
    return list(_home_items)


HOME_STATUSES = (S.DEPOSE, S.EN_INSTRUCTION, S.INCOMPLET, S.ELIGIBLE, S.ATTRIBUE)


def home_rows(*, on: datetime.date | None = None) -> list[HomeRow]:
    """What waits on the instruction, by programme and session, late ones first (two queries
    whatever the number of dossiers: one grouped count, one for the sessions)."""
    on = on or today()
    late_ids = late_session_ids(on)
    grouped = (
        Dossier.objects.filter(status__in=HOME_STATUSES)
        .values("programme", "session_id", "status")
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=late_q(on, session_ids=late_ids)),
            overdue=Count("pk", filter=Q(status=S.INCOMPLET, missing_items_deadline__lt=on)),
        )
        .order_by()
    )
    rows: dict[tuple[str, int], dict] = {}
    for entry in grouped:
        row = rows.setdefault(
            (entry["programme"], entry["session_id"]), {"counts": {}, "late": 0, "overdue": 0}
        )
        row["counts"][entry["status"]] = entry["n"]
        row["late"] += entry["late"]
        row["overdue"] += entry["overdue"]
    sessions = CommissionSession.objects.in_bulk({session for _p, session in rows})
    result = [
        HomeRow(
            programme=programme,
            session=sessions[session_id],
            counts=data["counts"],
            late=data["late"],
            overdue_incomplete=data["overdue"],
        )
        for (programme, session_id), data in rows.items()
    ]
    return sorted(result, key=lambda row: row.sort_key)


# --- the dossier page ---------------------------------------------------------------------------

APPLICANT_CODES = ("demandeur", "affiliation", "licence", "limite_annuelle")


@dataclass
class ChecklistRow:
    code: str
    label: str
    article: str
    automatic: bool | None  # the result of compute() at deposit (None: judgement)
    message: str
    item: ChecklistItem | None


def checklist(dossier: Dossier) -> list[ChecklistRow]:
    """The checklist of the dossier: the applicant checks of ``compute()`` (kind, affiliation,
    licence, yearly limit) and every criterion of the programme's definition, each with the
    instructor's tick if given (one query)."""
    stored = {c["code"]: c for c in (dossier.computation or {}).get("criteria", [])}
    items = {item.code: item for item in ChecklistItem.objects.filter(dossier=dossier)}
    rows = []
    for code in APPLICANT_CODES:
        if code in stored:
            c = stored[code]
            rows.append(
                ChecklistRow(
                    code, c["label"], c["article"], c["met"], c["message"], items.get(code)
                )
            )
    for criterion in dossier.programme_definition.criteria:
        c = stored.get(criterion.code, {})
        rows.append(
            ChecklistRow(
                criterion.code,
                criterion.label,
                criterion.article,
                c.get("met"),
                c.get("message", ""),
                items.get(criterion.code),
            )
        )
    return rows


def other_dossiers(dossier: Dossier, *, limit: int = 20) -> list[Dossier]:
    """The structure's other aids (its other dossiers, newest first, drafts excluded)."""
    return list(
        Dossier.objects.filter(structure_id=dossier.structure_id)
        .exclude(pk=dossier.pk)
        .exclude(status=S.BROUILLON)
        .select_related("session")
        .order_by("-deposited_at", "-pk")[:limit]
    )


def open_request(dossier: Dossier) -> MissingItemsRequest | None:
    return dossier.missing_items_requests.filter(outcome=MissingItemsRequest.Outcome.OPEN).first()


def upcoming_sessions(programme: str, *, on: datetime.date | None = None):
    """Sessions of the programme whose commission is to come (to attach an eligible dossier)."""
    return CommissionSession.objects.filter(
        programme=programme, commission_date__gte=on or today()
    ).order_by("commission_date")
