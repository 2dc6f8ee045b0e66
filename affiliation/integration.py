"""Affiliation in the portal: automatic affiliation of authors, sections, demo, permissions."""

from accounts import roles
from accounts.dashboard import DashboardSection, register_dashboard_section
from accounts.demo import register_demo_step
from affiliation import (
    documents,  # noqa: F401  (registers the decision PDF handler)
    rules,
)
from affiliation.selectors import dashboard_affiliations
from affiliation.services import affiliation_create_automatic
from espace_pro.choices import Procedure
from espace_pro.hooks import StructureSection, register_approval_hook, register_structure_section


def automatic_affiliation(*, access_request, structure, new_structure, actor) -> None:
    """Guide: approving a personne physique who certified fiscal residence affiliates them
    for the first year; a person who has or had a space goes through renewal instead."""
    if rules.automatic_affiliation_applies(
        is_personne_physique=access_request.procedure == Procedure.PERSONNE_PHYSIQUE,
        fiscal_residence_certified=access_request.fiscal_residence_certified,
        new_space=new_structure and not structure.affiliations.exists(),
    ):
        affiliation_create_automatic(
            structure=structure, actor=actor, year=access_request.fiscal_residence_year
        )


register_approval_hook(automatic_affiliation)


def _structure_context(request, structure) -> dict:
    from affiliation.selectors import affiliation_summary
    from cnm_portal.dates import today

    return affiliation_summary(structure=structure, on=today())


register_structure_section(
    StructureSection("affiliation", 10, "affiliation/structure_section.html", _structure_context)
)
register_dashboard_section(
    DashboardSection(
        "affiliation",
        10,
        "affiliation/dashboard_section.html",
        lambda request: {"affiliations": dashboard_affiliations(user=request.user)},
    )
)

roles.grant(
    roles.INSTRUCTEUR,
    "affiliation.view_affiliation",
    "affiliation.change_affiliation",
    "affiliation.view_affiliationdocument",
)


def _demo(out) -> None:
    from affiliation.demo import create_demo_affiliation

    create_demo_affiliation(out)


register_demo_step(20, _demo)
