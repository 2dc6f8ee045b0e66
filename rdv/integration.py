"""How rdv plugs into the portal: menus, dashboard tile, demo data, staff rights."""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.dashboard import DashboardSection, register_dashboard_section
from accounts.demo import register_demo_step
from accounts.menu import MenuItem, register_side_menu_item
from accounts.services import register_account_deletion_hook

register_side_menu_item(MenuItem("rdv", _("RDV CNM"), "rdv:index", 40))

# The tile is static text and a link: no query (the dashboard's budget is spent elsewhere);
# the person's appointments are on « Mes rendez-vous ».
register_dashboard_section(
    DashboardSection(
        key="rdv", order=50, template="rdv/dashboard_section.html", context=lambda request: {}
    )
)


def _account_deleted(*, user) -> None:
    from rdv.services import on_account_deleted

    on_account_deleted(user=user)


register_account_deletion_hook(_account_deleted)

roles.grant(
    roles.SERVICES,
    "rdv.view_adviser",
    "rdv.add_adviser",
    "rdv.change_adviser",
    "rdv.view_slot",
    "rdv.add_slot",
    "rdv.change_slot",
    "rdv.view_booking",
    "rdv.change_booking",
)


def _demo(out) -> None:
    from rdv.demo import create_demo_appointments

    create_demo_appointments(out)


register_demo_step(60, _demo)
