"""Demo data: ten published entries, one awaiting validation; running it twice changes nothing."""

import pytest

from accounts.demo import DEMO_ACCOUNTS, demo_user
from annuaire.demo import create_demo_directory
from annuaire.models import Entry
from annuaire.workflow import E

pytestmark = pytest.mark.django_db


def test_demo_twice_same_result():
    for account in DEMO_ACCOUNTS:
        demo_user(account)
    lines: list[str] = []
    create_demo_directory(lines.append)
    statuses = sorted(Entry.objects.values_list("status", flat=True))
    create_demo_directory(lines.append)
    assert sorted(Entry.objects.values_list("status", flat=True)) == statuses
    assert statuses.count(E.PUBLIEE) >= 7 and statuses.count(E.SOUMISE) == 1
    assert Entry.objects.get(status=E.SOUMISE).person.email == "camille.dupont@demo.cnm.fr"
    assert any("marc.lefevre@demo.cnm.fr" in line for line in lines)
