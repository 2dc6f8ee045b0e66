"""Demo data: Camille's alert (CDD and CDDU, production and technique), set to look back so
that the first daily run e-mails her the matching demo ads."""

import datetime as dt

from django.utils import timezone

from accounts.models import User
from alertes import services
from alertes.models import JobAlert


def create_demo_alert(out) -> None:
    camille = User.objects.filter(email="camille.dupont@demo.cnm.fr").first()
    if camille is None:
        return
    if not JobAlert.objects.filter(user=camille).exists():
        alert = services.alert_save(
            user=camille,
            keywords="",
            contract_types=["cdd", "cddu"],
            families=["production", "technique"],
            active=True,
            actor=camille,
        )
        JobAlert.objects.filter(pk=alert.pk).update(
            checked_until=timezone.now() - dt.timedelta(days=2)
        )
    out("Alertes emploi :")
    out(
        "  - camille.dupont@demo.cnm.fr a une alerte active (CDD, CDDU ; production, technique) : "
        "/alertes-emploi/ ; « celery -A cnm_portal call alertes.tasks.send_daily_alerts » ou "
        "« python manage.py shell -c 'from alertes.tasks import send_daily_alerts; "
        "send_daily_alerts()' » lui envoie les annonces correspondantes"
    )
