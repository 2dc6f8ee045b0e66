"""Demo: declarations of Opéra Demo, one liquidated with its avis, one draft."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from cnm_portal.dates import today
from espace_pro.demo import structure_from_registry
from taxe import services
from taxe.models import Declaration

OPERA_SIRET = "18400004000016"


def create_demo_tax(out: Callable[[str], None]) -> None:
    opera = structure_from_registry(OPERA_SIRET)
    if not Declaration.objects.filter(structure=opera).exists():
        declaration = services.declaration_create(
            structure=opera, actor=None, spectacle="Nuits du jazz"
        )
        # enough tax for a droit de tirage above the 750 € floor (65 % of 3.5 % of 43 300,50 €)
        for offset, base in ((40, "24500.00"), (39, "18800.50")):
            services.representation_add(
                declaration=declaration,
                actor=None,
                data=services.RepresentationData(
                    date=today() - timedelta(days=offset),
                    venue="Grande salle",
                    city="Strasbourg",
                    category="1",
                    base_ht=Decimal(base),
                ),
            )
        services.declaration_submit(declaration=declaration, actor=None)
        services.liquidation_run()
        services.declaration_create(
            structure=opera, actor=None, spectacle="Comédie musicale d'hiver"
        )
    out(
        f"Taxe : « Ma taxe » d'{opera.name} (membre : lea.petit@demo.cnm.fr) montre un avis liquidé et un brouillon."
    )
