"""How alertes plugs into the portal: menus, dashboard tile, demo data, staff rights."""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.dashboard import DashboardSection, register_dashboard_section
from accounts.demo import register_demo_step
from accounts.menu import MenuItem, register_side_menu_item
from alertes.selectors import alert_active_expression
from annonces.selectors import dashboard_summary, register_summary_annotation

register_side_menu_item(MenuItem("alertes-emploi", _("Mes alertes emploi"), "alertes:settings", 20))

# The alert's state is read in the same query as the « Mes annonces » count (one query for the
# two tiles, annonces.selectors.dashboard_summary).
register_summary_annotation("alert_active", alert_active_expression)


def _tile(request) -> dict:
    return {"alert_active": bool(dashboard_summary(request)["alert_active"])}


register_dashboard_section(
    DashboardSection(
        key="alertes", order=20, template="alertes/dashboard_section.html", context=_tile
    )
)

roles.grant(roles.SERVICES, "alertes.view_jobalert")


def _demo(out) -> None:
    from alertes.demo import create_demo_alert

    create_demo_alert(out)


register_demo_step(71, _demo)
