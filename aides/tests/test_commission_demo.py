"""The commission demo step: a session with members, dossiers en commission with avis, one
attribué with its letter, one refusé; safe to run twice."""

import pytest

from aides.demo_commission import SESSION_LABEL, create_demo_commission
from aides.models import Avis, CommissionReview, CommissionSession, Decision
from aides.workflow import DossierStatus as S

pytestmark = pytest.mark.django_db


def test_demo_commission(oncommit):
    lines = []
    with oncommit():
        create_demo_commission(lines.append)
    session = CommissionSession.objects.get(label=SESSION_LABEL)
    emails = set(session.members.values_list("email", flat=True))
    assert "commission@demo.cnm.fr" in emails
    statuses = sorted(session.dossiers.values_list("status", flat=True))
    assert statuses == sorted([S.ATTRIBUE, S.REFUSE, S.EN_COMMISSION, S.EN_COMMISSION])
    assert Avis.objects.filter(session=session).count() == 5
    attribution = Decision.objects.get(dossier__session=session, kind="attribution")
    assert attribution.letter
    assert CommissionReview.objects.get(session=session).pv_file
    create_demo_commission(lines.append)
    assert CommissionSession.objects.filter(label=SESSION_LABEL).count() == 1
    assert "commission@demo.cnm.fr" in lines[0]
