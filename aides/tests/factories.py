"""Aid test data built through the services (one helper per state)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.tests.factories import UserFactory
from aides import services
from aides.demo import ART16_FIGURES, fill_dossier
from aides.models import CommissionSession, Dossier
from aides.workflow import DossierStatus, dossier_flow
from cnm_portal.dates import today
from espace_pro.tests.factories import MembershipFactory

S = DossierStatus
ART16_EXPENSES = [
    ("enregistrement", "Studio", "20000"),
    ("remunerations_artistiques", "Cachets", "8000"),
    ("promotion", "Promotion", "10000"),
]
# 20 000 + 8 000 + 30 % × 10 000 = 31 000 eligible × 40 % = 12 400 €
ART16_MAX = Decimal("12400.00")


def session(programme="16", *, days=30, **kwargs) -> CommissionSession:
    now = timezone.now()
    return CommissionSession.objects.create(
        programme=programme,
        label=kwargs.pop("label", f"Session art. {programme}"),
        deposit_opens_at=kwargs.pop("opens", now - timedelta(days=10)),
        deposit_deadline=kwargs.pop("deadline", now + timedelta(days=days)),
        commission_date=kwargs.pop("commission_date", today() + timedelta(days=days + 30)),
        **kwargs,
    )


def affiliate(structure, actor=None):
    from aides.demo import _affiliate

    _affiliate(structure, actor or UserFactory())


def member(**kwargs):
    """A member of an affiliated société commerciale."""
    membership = MembershipFactory(**kwargs)
    affiliate(membership.structure, membership.user)
    return membership


def draft(membership, *, the_session=None, programme="16") -> Dossier:
    return services.dossier_create(
        structure=membership.structure,
        programme=programme,
        session=the_session or session(programme),
        actor=membership.user,
    )


def complete_art16(membership, *, the_session=None, title="Album", requested="14400", **kw):
    dossier = draft(membership, the_session=the_session)
    return fill_dossier(
        dossier,
        membership.user,
        figures={**ART16_FIGURES, "_title": title, **kw.pop("figures", {})},
        expenses=kw.pop("expenses", ART16_EXPENSES),
        revenues=kw.pop("revenues", [("Fonds propres", "23600")]),
        requested=requested,
        **kw,
    )


def deposited(membership, **kwargs) -> Dossier:
    dossier = complete_art16(membership, **kwargs)
    return services.dossier_deposit(
        dossier=dossier, actor=membership.user, lock_version=dossier.lock_version, sworn=True
    )


# The path from a deposit to each later status (issue 10 writes the services; tests move the
# workflow directly to render every page in every status).
PATHS = {
    S.BROUILLON: [],
    S.DEPOSE: [],
    S.EN_INSTRUCTION: [S.EN_INSTRUCTION],
    S.INCOMPLET: [S.EN_INSTRUCTION, S.INCOMPLET],
    S.CADUC: [S.EN_INSTRUCTION, S.INCOMPLET, S.CADUC],
    S.IRRECEVABLE: [S.EN_INSTRUCTION, S.IRRECEVABLE],
    S.ELIGIBLE: [S.EN_INSTRUCTION, S.ELIGIBLE],
    S.EN_COMMISSION: [S.EN_INSTRUCTION, S.ELIGIBLE, S.EN_COMMISSION],
    S.ATTRIBUE: [S.EN_INSTRUCTION, S.ELIGIBLE, S.EN_COMMISSION, S.ATTRIBUE],
    S.REFUSE: [S.EN_INSTRUCTION, S.ELIGIBLE, S.EN_COMMISSION, S.REFUSE],
    S.EN_PAIEMENT: [S.EN_INSTRUCTION, S.ELIGIBLE, S.EN_COMMISSION, S.ATTRIBUE, S.EN_PAIEMENT],
    S.SOLDE: [S.EN_INSTRUCTION, S.ELIGIBLE, S.EN_COMMISSION, S.ATTRIBUE, S.EN_PAIEMENT, S.SOLDE],
    S.ANNULE: [S.EN_INSTRUCTION, S.ELIGIBLE, S.EN_COMMISSION, S.ATTRIBUE, S.ANNULE],
    S.SUSPENDU: [S.EN_INSTRUCTION, S.SUSPENDU],
}


def in_status(status: str, membership=None) -> Dossier:
    membership = membership or member()
    if status == S.BROUILLON:
        return complete_art16(membership)
    dossier = deposited(membership)
    for to in PATHS[status]:
        updates = {}
        if to == S.ATTRIBUE:
            updates = {"montant_attribue": Decimal("10000.00"), "decided_on": today()}
        if to == S.SUSPENDU:
            updates = {"status_before_suspension": dossier.status}
        from aides.tests.factories_instruction import step

        moved = step(dossier, to)  # the instruction moves go through their services
        if moved is not None:
            dossier = moved
            continue
        dossier = dossier_flow.apply(dossier, to, actor=None, updates=updates)
    return dossier
