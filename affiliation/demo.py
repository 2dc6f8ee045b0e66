"""Demo: an affiliation request waiting in the instructor's queue."""

from collections.abc import Callable

from django.utils import timezone

from accounts.demo import demo_user
from affiliation.models import Affiliation
from affiliation.workflow import AffiliationStatus, affiliation_flow
from espace_pro.demo import LEA, structure_from_registry
from espace_pro.models import Membership

OPERA_SIRET = "18400004000016"


def create_demo_affiliation(out: Callable[[str], None]) -> None:
    lea = demo_user(LEA)
    opera = structure_from_registry(OPERA_SIRET)
    Membership.objects.get_or_create(
        user=lea, structure=opera, defaults={"role": "Administratrice", "via": Membership.Via.CNM}
    )
    if not Affiliation.objects.filter(structure=opera).exists():
        affiliation = Affiliation.objects.create(
            structure=opera,
            kind=Affiliation.Kind.PREMIERE,
            created_by=lea,
            commit_etabli_france=True,
            commit_obligations=True,
            commit_protocole_vss=True,
        )
        affiliation_flow.start(affiliation, actor=lea, comment="Brouillon (démonstration)")
        affiliation_flow.apply(
            affiliation,
            AffiliationStatus.SOUMISE,
            actor=lea,
            comment="Demande envoyée",
            updates={"submitted_at": timezone.now()},
        )
    out(
        f"Affiliation : {LEA.email} est membre de {opera.name} ({opera.numero_cnm}), dont la demande "
        "d'affiliation attend l'instructrice."
    )
