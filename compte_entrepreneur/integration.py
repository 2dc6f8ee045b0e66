"""The compte-entrepreneur in the portal: the tax payment hook, the virements paid hook, the
structure section, staff permissions and demo data."""

from accounts import roles
from accounts.demo import register_demo_step
from compte_entrepreneur import documents  # noqa: F401  (registers the outbox handler)
from compte_entrepreneur.services import (
    PAYMENT_SOURCE,
    credit_tax_payment,
    on_payment_order_cancelled,
    on_payment_order_paid,
)
from espace_pro.hooks import StructureSection, register_structure_section
from taxe.hooks import register_payment_hook
from virements.hooks import register_cancelled_hook, register_paid_hook

register_payment_hook(credit_tax_payment)


register_paid_hook(PAYMENT_SOURCE, on_payment_order_paid)
register_cancelled_hook(PAYMENT_SOURCE, on_payment_order_cancelled)


def _section(request, structure) -> dict:
    from compte_entrepreneur.models import Compte

    return {"compte": Compte.objects.filter(structure=structure).first()}


register_structure_section(
    StructureSection(
        "compte_entrepreneur", 30, "compte_entrepreneur/structure_section.html", _section
    )
)

_VIEW = (
    "compte_entrepreneur.view_compte",
    "compte_entrepreneur.view_entry",
    "compte_entrepreneur.view_generation",
    "compte_entrepreneur.view_taxallocation",
    "compte_entrepreneur.view_drawing",
    "compte_entrepreneur.view_transfer",
    "compte_entrepreneur.view_locationgerance",
)
roles.grant(roles.INSTRUCTEUR, *_VIEW, "compte_entrepreneur.change_drawing")
roles.grant(
    roles.COMPTABILITE,
    *_VIEW,
    "compte_entrepreneur.add_transfer",
    "compte_entrepreneur.change_transfer",
    "compte_entrepreneur.add_locationgerance",
    "compte_entrepreneur.change_locationgerance",
)
roles.grant(roles.SERVICE_TAXE, *_VIEW)


def _demo(out) -> None:
    from compte_entrepreneur.demo import create_demo_comptes

    create_demo_comptes(out)


register_demo_step(40, _demo)
