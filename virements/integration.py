"""Payments in the portal: the structure page's section, the accounting agents' permissions,
the demo bank account."""

from accounts import roles
from accounts.demo import register_demo_step
from espace_pro.hooks import StructureSection, register_structure_section


def _structure_context(request, structure) -> dict:
    from virements.selectors import current_bank_account

    return {"structure": structure, "account": current_bank_account(structure=structure)}


register_structure_section(
    StructureSection("virements", 90, "virements/structure_section.html", _structure_context)
)

roles.grant(
    roles.COMPTABILITE,
    "virements.view_bankaccount",
    "virements.view_paymentorder",
    "virements.change_paymentorder",
    "virements.view_paymentbatch",
    "virements.add_paymentbatch",
    "virements.change_paymentbatch",
)
# Instructors see where a payment stands and the bank details on file; they do not pay.
roles.grant(roles.INSTRUCTEUR, "virements.view_bankaccount", "virements.view_paymentorder")


def _demo(out) -> None:
    from virements.demo import create_demo_bank_account

    create_demo_bank_account(out)


register_demo_step(40, _demo)
