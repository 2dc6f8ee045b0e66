"""Test data of the commission and the decision, built through the services."""

from decimal import Decimal

from django.contrib.auth.models import Group

from accounts import roles
from accounts.tests.factories import StaffFactory, UserFactory
from aides import services
from aides.models import Avis, CommissionSession, Dossier
from aides.services import commission, decision
from aides.tests import factories as f

SCORES_16 = [2, 3, 1, 2, 0]  # art. 16 has five appreciation criteria


def commission_member(session: CommissionSession | None = None, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=roles.COMMISSION))
    if session is not None:
        session.members.add(user)
    return user


def president():
    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name=roles.PRESIDENCE))
    return staff


def eligible(session: CommissionSession, *, membership=None, proposed="10000") -> Dossier:
    """A deposited art. 16 dossier taken and declared éligible by an instructor."""
    membership = membership or f.member()
    instructor = StaffFactory()
    dossier = f.deposited(membership, the_session=session)
    dossier = services.dossier_take(dossier=dossier, actor=instructor)
    from aides.selectors_instruction import checklist

    services.checklist_save(
        dossier=dossier,
        actor=instructor,
        ticks={row.code: (True, "") for row in checklist(dossier)},
    )
    return services.dossier_declare_eligible(
        dossier=dossier,
        actor=instructor,
        amount=Decimal(proposed) if proposed is not None else None,
        comment="Projet cohérent, budget sincère.",
    )


def en_commission(session: CommissionSession, **kwargs) -> Dossier:
    dossier = eligible(session, **kwargs)
    commission.session_open_review(session=session, actor=None)
    dossier.refresh_from_db()
    return dossier


def give(session, dossier, member, kind=Avis.Kind.FAVORABLE, amount="10000", scores=None):
    return commission.avis_give(
        session=session,
        dossier=dossier,
        member=member,
        kind=kind,
        amount=Decimal(amount) if kind == Avis.Kind.FAVORABLE else None,
        motivation="Motivation de l'avis.",
        scores=scores if scores is not None else list(SCORES_16),
    )


def attributed(session, *, amount="10000", **kwargs) -> Dossier:
    dossier = en_commission(session, **kwargs)
    decision.dossier_attribute(
        dossier=dossier, amount=Decimal(amount), reason="", actor=president()
    )
    dossier.refresh_from_db()
    return dossier


def refused(session, **kwargs) -> Dossier:
    dossier = en_commission(session, **kwargs)
    decision.dossier_refuse(dossier=dossier, reason="Projet non prioritaire.", actor=president())
    dossier.refresh_from_db()
    return dossier
