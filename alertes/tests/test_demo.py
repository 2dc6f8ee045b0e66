import pytest

from accounts.demo import create_accounts
from alertes.demo import create_demo_alert
from alertes.models import JobAlert
from annonces.demo import create_demo_ads
from annonces.models import JobAd
from annonces.workflow import A

pytestmark = pytest.mark.django_db


def test_demo_data_is_complete_and_can_run_twice():
    lines = []
    create_accounts(lines.append)
    for _ in range(2):
        create_demo_ads(lines.append)
        create_demo_alert(lines.append)
    assert JobAd.objects.filter(status=A.PUBLIEE).count() == 5
    camille = JobAd.objects.filter(user__email="camille.dupont@demo.cnm.fr")
    assert sorted(camille.values_list("status", flat=True)) == [A.A_MODIFIER, A.SOUMISE]
    assert JobAlert.objects.get(user__email="camille.dupont@demo.cnm.fr").active
    from alertes.services import daily_send

    assert daily_send() == 1  # the demo alert finds the published CDD / CDDU ads
