"""Demo: the tax paid by Opéra Demo feeds its compte-entrepreneur (created by the taxe demo)."""

from collections.abc import Callable
from datetime import timedelta

from cnm_portal.dates import today
from cnm_portal.money import format_euros
from espace_pro.demo import structure_from_registry
from taxe.models import Notice
from taxe.services import payment_record

OPERA_SIRET = "18400004000016"


def create_demo_comptes(out: Callable[[str], None]) -> None:
    from compte_entrepreneur.models import Compte

    opera = structure_from_registry(OPERA_SIRET)
    notice = Notice.objects.filter(structure=opera, status="a_payer").order_by("pk").first()
    if notice is not None and not notice.payments.exists():
        payment_record(
            notice=notice,
            amount=notice.principal,
            paid_on=today() - timedelta(days=1),
            reference=f"Virement {notice.number}",
            actor=None,
        )
    compte = Compte.objects.filter(structure=opera).first()
    balance = format_euros(compte.balance if compte else 0)
    out(
        f"Compte-entrepreneur : « Mon compte-entrepreneur » d'{opera.name} (membre : "
        f"lea.petit@demo.cnm.fr) montre un solde de {balance} crédité par la taxe payée "
        "(65 %) ; « manage.py reconcile_comptes » vérifie le grand livre."
    )
