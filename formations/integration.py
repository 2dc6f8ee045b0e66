"""How formations plugs into the portal: menus, dashboard tile, demo data, staff rights."""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.dashboard import DashboardSection, register_dashboard_section
from accounts.demo import register_demo_step
from accounts.menu import MenuItem, register_side_menu_item
from formations import documents  # noqa: F401  (registers the convocation outbox handler)

register_side_menu_item(MenuItem("formations", _("Formations"), "formations:index", 50))

# Static text and a link: no query (the dashboard's budget is spent elsewhere); the person's
# inscriptions are on « Mes inscriptions ».
register_dashboard_section(
    DashboardSection(
        key="formations",
        order=40,
        template="formations/dashboard_section.html",
        context=lambda request: {},
    )
)

roles.grant(
    roles.SERVICES,
    "formations.view_module",
    "formations.add_module",
    "formations.change_module",
    "formations.view_session",
    "formations.add_session",
    "formations.change_session",
    "formations.view_inscription",
    "formations.change_inscription",
)


def _demo(out) -> None:
    from formations.demo import create_demo_catalogue

    create_demo_catalogue(out)


register_demo_step(72, _demo)
