"""How boutique plugs into the portal: menus, dashboard tile, demo data, staff rights, the
invoice PDF handler."""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.dashboard import DashboardSection, register_dashboard_section
from accounts.demo import register_demo_step
from accounts.menu import MenuItem, register_side_menu_item
from boutique import documents  # noqa: F401  (registers the outbox handler)

register_side_menu_item(MenuItem("boutique", _("Boutique"), "boutique:catalogue", 60))

# The tile makes no query (the dashboard's budget): per-user details are on the shop's pages.
register_dashboard_section(
    DashboardSection(
        key="boutique",
        order=60,
        template="boutique/dashboard_section.html",
        context=lambda request: {},
    )
)

roles.grant(
    roles.SERVICES,
    "boutique.view_title",
    "boutique.add_title",
    "boutique.change_title",
    "boutique.view_order",
    "boutique.change_order",
    "boutique.view_invoice",
)
roles.grant(
    roles.COMPTABILITE,
    "boutique.view_title",
    "boutique.view_order",
    "boutique.change_order",
    "boutique.view_invoice",
)


def _demo(out) -> None:
    from boutique.demo import create_demo_shop

    create_demo_shop(out)


register_demo_step(60, _demo)
