"""How the espace professionnel plugs into the portal: menus, dashboard, demo data, letters."""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.dashboard import DashboardSection, register_dashboard_section
from accounts.demo import register_demo_step
from accounts.menu import MenuItem, register_side_menu_item, register_user_menu_item
from accounts.services import register_account_deletion_hook
from espace_pro import letters  # noqa: F401  (registers the outbox handler)
from espace_pro.demo import create_demo_structures
from espace_pro.selectors import espace_pro_overview

register_side_menu_item(
    MenuItem("espace-pro", _("Demande accès espace Pro"), "espace_pro:request_choice", 10)
)
register_user_menu_item(
    MenuItem("espaces-pro", _("Mes espaces professionnels"), "espace_pro:home", 5)
)
register_user_menu_item(
    MenuItem("ajouter", _("Ajouter un établissement"), "espace_pro:request_choice", 6)
)

register_dashboard_section(
    DashboardSection(
        key="espace_pro",
        order=0,
        template="espace_pro/dashboard_section.html",
        context=lambda request: espace_pro_overview(user=request.user),
    )
)

register_demo_step(10, create_demo_structures)

roles.grant(
    roles.INSTRUCTEUR,
    "espace_pro.view_accessrequest",
    "espace_pro.change_accessrequest",
    "espace_pro.view_accessrequestdocument",
    "espace_pro.view_structure",
    "espace_pro.change_structure",
    "espace_pro.view_membership",
    "espace_pro.view_activationcode",
    "espace_pro.view_invitation",
)


def _release_request_documents(*, user) -> None:
    """The account's access requests go with it (cascade): their supporting documents,
    identity documents included, leave the storage once the deletion is committed."""
    from cnm_portal.uploads import delete_file_on_commit
    from espace_pro.models import AccessRequestDocument

    for document in AccessRequestDocument.objects.filter(request__user=user).only("file"):
        delete_file_on_commit(document.file)


register_account_deletion_hook(_release_request_documents)
