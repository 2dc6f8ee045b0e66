"""Demo data: 8 modules over the 5 parcours, a full session with a waiting list, an inscription
for Camille; idempotent."""

import pytest

from accounts.demo import DEMO_ACCOUNTS, demo_user
from formations.demo import create_demo_catalogue
from formations.models import Inscription, Module, Session
from formations.workflow import IS

pytestmark = pytest.mark.django_db


def test_demo_twice_same_result():
    camille = demo_user(DEMO_ACCOUNTS[0])
    lines: list[str] = []
    create_demo_catalogue(lines.append)
    counts = (Module.objects.count(), Session.objects.count(), Inscription.objects.count())
    create_demo_catalogue(lines.append)
    assert (Module.objects.count(), Session.objects.count(), Inscription.objects.count()) == counts
    assert counts[0] == 8
    assert set(Module.objects.values_list("parcours", flat=True)) == {
        "administratif",
        "billetterie",
        "diffusion",
        "financements",
        "numerique",
    }
    assert Inscription.objects.filter(status=IS.EN_ATTENTE).count() == 1
    assert Inscription.objects.get(user=camille).status == IS.CONFIRMEE
    assert any("camille.dupont@demo.cnm.fr" in line for line in lines)
