"""Aid objects in every status, complete (budget lines, other aid, documents, récépissé), for
tests/test_admin_every_status.py and the portal-page tests."""

from decimal import Decimal

from aides.documents import render_recepisse
from aides.models import CommissionSession, Dossier, Envelope, OtherPublicAid
from aides.tests import factories as f
from aides.workflow import DossierStatus, dossier_flow


def make_dossier(status, membership=None) -> Dossier:
    dossier = f.in_status(status, membership)
    OtherPublicAid.objects.create(
        dossier=dossier, funder="Région", amount=Decimal("0.00"), status="demandee"
    )
    if status != DossierStatus.BROUILLON:
        render_recepisse({"dossier_id": dossier.pk})
    dossier.refresh_from_db()
    return dossier


def make_session(_status=None) -> CommissionSession:
    session = f.session("16", label="Session de démonstration")
    session.members.add(f.member().user)
    return session


def make_envelope(_status=None) -> Envelope:
    year = 2000 + Envelope.objects.count()
    return Envelope.objects.create(programme="16", year=year, amount=Decimal("1000000.00"))


STATUS_OBJECTS = {
    Dossier: (dossier_flow, make_dossier),
    CommissionSession: (None, make_session),
    Envelope: (None, make_envelope),
}

from aides.tests.status_objects_commission import STATUS_OBJECTS as _COMMISSION  # noqa: E402

STATUS_OBJECTS.update(_COMMISSION)
from aides.tests.status_objects_paiement import STATUS_OBJECTS as _PAIEMENT  # noqa: E402

STATUS_OBJECTS.update(_PAIEMENT)
from aides.tests.status_objects_instruction import STATUS_OBJECTS as _INSTRUCTION  # noqa: E402

STATUS_OBJECTS.update(_INSTRUCTION)
