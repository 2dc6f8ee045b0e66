"""The demo shows a dossier at each stage of the instruction, and can be run twice."""

import pytest

from aides.demo_instruction import LABELS, create_demo_instruction
from aides.models import Dossier
from aides.workflow import DossierStatus

S = DossierStatus


@pytest.mark.django_db
def test_demo_instruction_stages():
    lines = []
    create_demo_instruction(lines.append)
    create_demo_instruction(lines.append)
    statuses = {
        d.structure.name: d
        for d in Dossier.objects.filter(structure__name__in=[n for n, _t, _s in LABELS])
    }
    assert len(statuses) == len(LABELS)
    assert statuses["Studio Aurore"].status == S.EN_INSTRUCTION
    assert statuses["Disques du Canal"].status == S.INCOMPLET
    late = statuses["Label Minuit"]
    assert late.status == S.INCOMPLET and late.missing_items_deadline < late.deposited_at.date()
    eligible = statuses["Sillons du Sud"]
    assert eligible.status == S.ELIGIBLE and eligible.montant_propose is not None
    assert statuses["Ondes Courtes"].status == S.IRRECEVABLE
    assert "/admin/aides/instruction/" in lines[0]
