"""How annuaire plugs into the portal: menus, dashboard tile, demo data, staff rights."""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.dashboard import DashboardSection, register_dashboard_section
from accounts.demo import register_demo_step
from accounts.menu import MenuItem, register_side_menu_item

register_side_menu_item(MenuItem("annuaire", _("Annuaire"), "annuaire:index", 70))

# The tile is the guide's text and two links: no query (the dashboard's budget is spent
# elsewhere); each person's entries are on « Mes inscriptions ».
register_dashboard_section(
    DashboardSection(
        key="annuaire",
        order=70,
        template="annuaire/dashboard_section.html",
        context=lambda request: {},
    )
)

roles.grant(roles.SERVICES, "annuaire.view_entry", "annuaire.change_entry")


def _demo(out) -> None:
    from annuaire.demo import create_demo_directory

    create_demo_directory(out)


register_demo_step(80, _demo)
