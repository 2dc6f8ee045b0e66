"""Instruction steps for the test factories, through the services (RGA art. 3)."""

from datetime import timedelta
from decimal import Decimal

from aides import services
from aides.models import Dossier, MissingItemsRequest
from aides.rules_instruction import default_missing_items_deadline
from aides.workflow import DossierStatus
from cnm_portal.dates import today

S = DossierStatus
PROPOSED = Decimal("10000.00")


def instructor():
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.tests.factories import StaffFactory

    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name=roles.INSTRUCTEUR))
    return staff


def take(dossier: Dossier, actor=None) -> Dossier:
    return services.dossier_take(dossier=dossier, actor=actor or instructor())


def request_items(dossier: Dossier, actor=None, **kwargs) -> MissingItemsRequest:
    kwargs.setdefault("documents", ["contrat_coproduction"])
    kwargs.setdefault("figures", ["nombre_titres"])
    kwargs.setdefault("deadline", default_missing_items_deadline(today()))
    return services.dossier_request_missing_items(
        dossier=dossier, actor=actor or dossier.instructor or instructor(), **kwargs
    )


def make_overdue(dossier: Dossier, days: int = 1) -> None:
    """Time passes: the open request's deadline is ``days`` before today."""
    past = today() - timedelta(days=days)
    MissingItemsRequest.objects.filter(dossier=dossier, outcome="ouverte").update(deadline=past)
    Dossier.objects.filter(pk=dossier.pk).update(missing_items_deadline=past)


def lapse(dossier: Dossier) -> Dossier:
    make_overdue(dossier)
    return services.dossier_lapse(dossier=Dossier.objects.get(pk=dossier.pk))


def irrecevable(dossier: Dossier, actor=None) -> Dossier:
    return services.dossier_declare_irrecevable(
        dossier=dossier, actor=actor or instructor(), reason="Projet déjà commercialisé."
    )


def eligible(dossier: Dossier, actor=None, amount=PROPOSED, session=None) -> Dossier:
    actor = actor or dossier.instructor or instructor()
    services.checklist_approve_all(dossier=dossier, actor=actor)
    return services.dossier_declare_eligible(
        dossier=dossier,
        actor=actor,
        amount=amount,
        comment="Projet solide.",
        session=session,
    )


def step(dossier: Dossier, to: str) -> Dossier | None:
    """The instruction move to ``to`` through its service, or None (not an instruction move)."""
    if dossier.status == S.DEPOSE and to == S.EN_INSTRUCTION:
        return take(dossier)
    if dossier.status == S.EN_INSTRUCTION:
        if to == S.INCOMPLET:
            request_items(dossier)
            return Dossier.objects.get(pk=dossier.pk)
        if to == S.IRRECEVABLE:
            return irrecevable(dossier)
        if to == S.ELIGIBLE:
            return eligible(dossier)
    if dossier.status == S.INCOMPLET and to == S.CADUC:
        return lapse(dossier)
    return None
