"""Aid dossiers in the portal: the structure-page section, staff permissions, demo data."""

from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.demo import register_demo_step
from accounts.menu import MenuItem, register_user_menu_item
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


# « Mes commissions » in the user menu of commission members. The menus are on every page and
# make no query: the login records the membership in the session (a member added to the group
# sees the entry from their next login; the pages themselves check the group on each request).
COMMISSION_MEMBER_SESSION_KEY = "aides_commission_member"


def _remember_commission_member(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[COMMISSION_MEMBER_SESSION_KEY] = user.groups.filter(
            name=roles.COMMISSION
        ).exists()


user_logged_in.connect(_remember_commission_member, dispatch_uid="aides_commission_member")
register_user_menu_item(
    MenuItem(
        "commissions",
        _("Mes commissions"),
        "aides:commission_sessions",
        30,
        visible=lambda request: bool(
            request is not None and request.session.get(COMMISSION_MEMBER_SESSION_KEY)
        ),
    )
)

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
