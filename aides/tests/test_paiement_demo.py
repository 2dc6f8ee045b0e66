"""The demo shows a dossier with its advance paid, one with a bilan to validate and one with a
reimbursement request; running it twice changes nothing."""

import pytest

from aides.demo_paiement import SESSION_LABEL, create_demo_paiement
from aides.models import Dossier
from aides.models_paiement import Bilan, Remboursement, Versement

pytestmark = pytest.mark.django_db


def test_demo_paiement(django_capture_on_commit_callbacks):
    lines = []
    with django_capture_on_commit_callbacks(execute=True):
        create_demo_paiement(lines.append)
    dossiers = list(Dossier.objects.filter(session__label=SESSION_LABEL).order_by("pk"))
    assert len(dossiers) == 3
    assert Versement.objects.filter(dossier=dossiers[0], kind="acompte", status="paye").exists()
    assert Bilan.objects.get(dossier=dossiers[1]).status == "depose"
    item = Remboursement.objects.get(dossier=dossiers[2])
    assert item.amount > 0 and item.letter
    create_demo_paiement(lines.append)
    assert Dossier.objects.filter(session__label=SESSION_LABEL).count() == 3
    assert "existe déjà" in lines[-1]
