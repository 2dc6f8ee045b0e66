"""Affiliations in every status, built through the services (history, pieces and decision PDFs
included), for tests/test_admin_every_status.py and the portal-stage tests."""

import datetime as dt

from affiliation import services
from affiliation.documents import render_decision
from affiliation.models import Affiliation, LiveShowActivity
from affiliation.services import AffiliationData
from affiliation.workflow import AffiliationStatus, affiliation_flow
from espace_pro.tests.status_objects import instructor, pdf

S = AffiliationStatus
# the three commitments every legal entity ticks (art. 1 1° to 3°)
FULL = AffiliationData(
    commit_etabli_france=True, commit_obligations=True, commit_protocole_vss=True
)
# a live-show entrepreneur with a licence (art. 1 4° and 5°)
DATA = AffiliationData(
    commit_etabli_france=True,
    commit_obligations=True,
    commit_protocole_vss=True,
    commit_licence=True,
    commit_sibil=True,
    live_show_activity=LiveShowActivity.LICENCE,
    licence_number="PLATESV-D-2025-000123",
    licence_category="2",
    licence_valid_until=dt.date(2035, 12, 31),
)
# the PDF each decision leaves behind (outbox handler, run here at once)
DECISIONS = {S.VALIDEE: "validated", S.REFUSEE: "refused", S.DESAFFILIEE: "desaffiliated"}


def make_affiliation(status, membership=None) -> Affiliation:
    from espace_pro.tests.factories import MembershipFactory

    membership = membership or MembershipFactory()
    user = membership.user
    affiliation = services.affiliation_save_draft(
        structure=membership.structure,
        actor=user,
        data=DATA,
        documents=[("licence", pdf("licence.pdf")), ("autre", pdf("statuts.pdf"))],
    )
    if status != S.BROUILLON:
        affiliation = services.affiliation_submit(affiliation=affiliation, actor=user)
    staff = instructor() if status not in (S.BROUILLON, S.SOUMISE) else None
    if status == S.INCOMPLETE:
        services.affiliation_mark_incomplete(
            affiliation=affiliation, actor=staff, missing_items="Extrait Kbis récent"
        )
    elif status == S.REFUSEE:
        services.affiliation_refuse(affiliation=affiliation, actor=staff, reason="Hors champ.")
    elif status == S.ANNULEE:
        services.affiliation_cancel(affiliation=affiliation, actor=staff, reason="Sans suite.")
    elif status in (S.VALIDEE, S.EXPIREE, S.DESAFFILIEE):
        services.affiliation_validate(affiliation=affiliation, actor=staff)
        render_decision({"affiliation_id": affiliation.pk, "template": "validated"})
        if status == S.EXPIREE:
            services.affiliation_expire_one(affiliation=affiliation)
        elif status == S.DESAFFILIEE:
            services.affiliation_request_desaffiliation(
                structure=membership.structure, actor=user, reason="Fin d'activité"
            )
            services.affiliation_record_desaffiliation(affiliation=affiliation, actor=staff)
    if status in DECISIONS and status != S.VALIDEE:
        render_decision({"affiliation_id": affiliation.pk, "template": DECISIONS[status]})
    affiliation.refresh_from_db()
    return affiliation


STATUS_OBJECTS = {Affiliation: (affiliation_flow, make_affiliation)}
