"""Aid dossiers in the portal: the structure-page section, staff permissions, demo data."""

from accounts import roles
from accounts.demo import register_demo_step
from aides import (  # noqa: F401  (outbox handlers and demo steps register themselves)
    demo_commission,
    demo_instruction,
    demo_paiement,
    documents,
    documents_commission,
    documents_instruction,
    documents_paiement,
)
from espace_pro.hooks import StructureSection, register_structure_section


def _structure_context(request, structure) -> dict:
    from aides.selectors import structure_section

    return structure_section(structure=structure)


register_structure_section(
    StructureSection("aides", 15, "aides/structure_section.html", _structure_context)
)

roles.grant(
    roles.INSTRUCTEUR,
    "aides.view_dossier",
    "aides.change_dossier",
    "aides.view_budgetline",
    "aides.view_otherpublicaid",
    "aides.view_dossierdocument",
    "aides.view_commissionsession",
    "aides.add_commissionsession",
    "aides.change_commissionsession",
    "aides.view_envelope",
    "aides.add_envelope",
    "aides.change_envelope",
)
roles.grant(
    roles.PRESIDENCE,
    "aides.view_dossier",
    "aides.view_commissionsession",
    "aides.view_envelope",
)


def _demo(out) -> None:
    from aides.demo import create_demo_aides

    create_demo_aides(out)


register_demo_step(40, _demo)

# Commission and decision (art. 4): members work in portal pages (no admin permission); the
# présidence decides in the admin; instructors open sessions for review and establish the PV.
roles.grant(
    roles.PRESIDENCE,
    "aides.decide_dossier",
    "aides.view_decision",
    "aides.view_avis",
    "aides.view_conflictofinterest",
    "aides.view_commissionreview",
    "aides.view_contestation",
    "aides.add_contestation",
)
roles.grant(
    roles.INSTRUCTEUR,
    "aides.view_decision",
    "aides.view_avis",
    "aides.view_conflictofinterest",
    "aides.view_commissionreview",
    "aides.change_commissionreview",
    "aides.view_contestation",
    "aides.add_contestation",
)
# Payments, bilan, reimbursements and RSE incentive (art. 5-7, 11): the accounting agent orders
# and follows the versements and reimbursements; instructors validate bilans and RSE points.

roles.grant(
    roles.COMPTABILITE,
    "aides.view_dossier",
    "aides.view_versement",
    "aides.change_versement",
    "aides.view_remboursement",
    "aides.change_remboursement",
    "aides.view_bilan",
)
roles.grant(
    roles.INSTRUCTEUR,
    "aides.view_versement",
    "aides.view_bilan",
    "aides.change_bilan",
    "aides.view_bilanextension",
    "aides.change_bilanextension",
    "aides.view_remboursement",
    "aides.change_remboursement",
    "aides.view_rseclaim",
    "aides.change_rseclaim",
)
roles.grant(
    roles.PRESIDENCE, "aides.view_versement", "aides.view_bilan", "aides.view_remboursement"
)
# Instruction (art. 3): exports written by the worker, the instructor's home, the checklist.

roles.grant(
    roles.INSTRUCTEUR,
    "aides.view_instruction",
    "aides.view_missingitemsrequest",
    "aides.view_checklistitem",
)
