"""How annonces plugs into the portal: menus, dashboard tile, demo data, staff rights."""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.dashboard import DashboardSection, register_dashboard_section
from accounts.demo import register_demo_step
from accounts.menu import MenuItem, register_side_menu_item

register_side_menu_item(MenuItem("annonces", _("Mes annonces"), "annonces:mine", 30))


def _tile(request) -> dict:
    from annonces.selectors import dashboard_summary

    # one query shared with the « Mes alertes emploi » tile (selectors.dashboard_summary)
    return {"in_publication": dashboard_summary(request)["in_publication"] or 0}


register_dashboard_section(
    DashboardSection(
        key="annonces", order=30, template="annonces/dashboard_section.html", context=_tile
    )
)

roles.grant(roles.SERVICES, "annonces.view_jobad", "annonces.change_jobad")


def _demo(out) -> None:
    from annonces.demo import create_demo_ads

    create_demo_ads(out)


register_demo_step(70, _demo)
