"""Commission and decision objects, complete (their dossier, letter, PV), for
tests/test_admin_every_status.py (merged into ``status_objects.STATUS_OBJECTS``)."""

from decimal import Decimal

from aides.documents_commission import render_decision_letter, render_proces_verbal
from aides.models import Avis, CommissionReview, ConflictOfInterest, Contestation, Decision
from aides.services import commission, decision
from aides.tests import commission_factories as cf
from aides.tests import factories as f
from cnm_portal.dates import today


def make_avis(_status=None) -> Avis:
    session = f.session("16")
    dossier = cf.en_commission(session)
    return cf.give(session, dossier, cf.commission_member(session))


def make_conflict(_status=None) -> ConflictOfInterest:
    session = f.session("16")
    dossier = cf.en_commission(session)
    return commission.conflict_declare(
        session=session, dossier=dossier, member=cf.commission_member(session), reason="Parent."
    )


def make_decision(_status=None) -> Decision:
    dossier = cf.attributed(f.session("16"), amount="9000")
    made = Decision.objects.get(dossier=dossier)
    render_decision_letter({"decision_id": made.pk})
    made.refresh_from_db()
    return made


def make_contestation(_status=None) -> Contestation:
    dossier = cf.refused(f.session("16"))
    render_decision_letter({"decision_id": dossier.decisions.get().pk})
    return decision.contestation_record(
        dossier=dossier, received_on=today(), text="Nous contestons.", actor=None
    )


def make_review(_status=None) -> CommissionReview:
    session = f.session("16")
    member = cf.commission_member(session)
    dossier = cf.en_commission(session, proposed="9000")
    cf.give(session, dossier, member, amount="8000")
    review = commission.session_record_pv(session=session, present=[member], actor=None)
    render_proces_verbal({"review_id": review.pk})
    review.refresh_from_db()
    assert review.pv_file and Decimal("0") < dossier.montant_propose
    return review


STATUS_OBJECTS = {
    Avis: (None, make_avis),
    ConflictOfInterest: (None, make_conflict),
    Decision: (None, make_decision),
    Contestation: (None, make_contestation),
    CommissionReview: (None, make_review),
}
