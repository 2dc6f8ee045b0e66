"""Section 3 of the RGA, art. 14-1: aide au développement éditorial de catalogue à destination des
structures d'enseignement artistique et/ou d'éducation artistique et culturelle (30 € per engraved
page). Loaded by :mod:`.edition`."""

from __future__ import annotations

import datetime
from decimal import Decimal

from aides.programmes import register
from aides.programmes.base import (
    DEMANDEUR,
    MORALE,
    ONE_PAYMENT,
    CapYearly,
    Criterion,
    Document,
    ExpenseCategory,
    Programme,
    RateOf,
    UnitRate,
    boolean,
    integer,
)
from aides.programmes.edition import (
    APPRECIATION_COMMUNE,
    SECTION,
    SECTION_REGIME,
    SIGNATAIRE,
    signataire_code_usages,
)

# --- art. 14-1 --------------------------------------------------------------------------------

PREMIERE_ANNEE_14_1 = 2022
DERNIERE_ANNEE_14_1 = 2023


def art14_1_annees(figures, applicant) -> str | None:
    """Art. 14-1 d: works published in 2022 and/or 2023."""
    first = figures.get("annee_edition")
    last = figures.get("annee_edition_derniere") or first
    if first is None:
        raise KeyError("annee_edition")
    if last < first:
        return "L'année de la dernière œuvre éditée ne peut pas précéder celle de la première."
    if first < PREMIERE_ANNEE_14_1 or last > DERNIERE_ANNEE_14_1:
        return "Le projet doit porter sur des œuvres éditées en 2022 et/ou 2023."
    return None


def art14_1_vivants(figures, applicant) -> str | None:
    """Art. 14-1 d: unpublished works of living composers, arrangements and transcriptions
    excluded."""
    if figures.get("compositeur_decede"):
        return "Les œuvres doivent être de compositeurs vivants."
    if figures.get("arrangements_transcriptions"):
        return "Les arrangements et transcriptions sont exclus."
    return None


ART14_1 = register(
    Programme(
        article="14-1",
        title=(
            "Aide au développement éditorial de catalogue à destination des structures "
            "d'enseignement artistique et/ou d'éducation artistique et culturelle"
        ),
        section=SECTION,
        version="2023/CA/04 du 15 mars 2023",
        valid_from=datetime.date(2023, 3, 20),
        deliberations="Créé par délibération n° 2023/CA/04 du 15 mars 2023",
        objectives=(
            "Soutenir la publication et la promotion de nouvelles œuvres dans le domaine de la "
            "musique contemporaine et du jazz de création à destination des structures "
            "d'enseignement artistique et/ou d'éducation artistique et culturelle (écoles de "
            "musique, conservatoires)."
        ),
        beneficiaries=(
            "Les éditeurs musicaux, pour une œuvre faisant l'objet d'une exploitation par des "
            "écoles et conservatoires de musique."
        ),
        applicant_kinds=frozenset({MORALE}),
        criteria=(
            Criterion(
                "code_usages",
                "Être signataire et respecter le Code des usages et des bonnes pratiques de "
                "l'édition musicale",
                "14-1",
                signataire_code_usages,
                scope=DEMANDEUR,
            ),
            Criterion(
                "enseignement",
                "Œuvres de musique à destination de l'enseignement artistique (instrumental, "
                "lyrique, symphonique, musique de chambre, orchestre, jazz de création, formation "
                "musicale)",
                "14-1",
            ),
            Criterion("annees", "Œuvres éditées en 2022 et/ou 2023", "14-1", art14_1_annees),
            Criterion(
                "vivants",
                "Œuvres inédites de compositeurs vivants (arrangements et transcriptions exclus)",
                "14-1",
                art14_1_vivants,
            ),
        ),
        figures=(
            SIGNATAIRE,
            integer(
                "annee_edition",
                "Année d'édition des œuvres (la plus ancienne s'il y en a plusieurs)",
                min_value=1900,
                max_value=2100,
            ),
            integer(
                "annee_edition_derniere",
                "Année d'édition de l'œuvre la plus récente (s'il y en a plusieurs)",
                min_value=1900,
                max_value=2100,
                required=False,
            ),
            boolean("compositeur_decede", "Une des œuvres est d'un compositeur décédé"),
            boolean(
                "arrangements_transcriptions",
                "Le projet comprend des arrangements ou des transcriptions",
            ),
            integer("pages_gravees", "Nombre de pages gravées", article="14-1"),
        ),
        expense_categories=(
            ExpenseCategory(
                "reproduction_impression",
                "Reproduction graphique et impression des œuvres musicales éditées",
            ),
        ),
        eligible_expenses=(
            "Les dépenses de reproduction graphique et d'impression des œuvres musicales éditées."
        ),
        steps=(
            UnitRate(
                "pages_gravees",
                Decimal("30"),
                "pages gravées",
                label="30 € par page gravée",
                article="14-1",
            ),
            RateOf(
                Decimal("0.80"),
                "depenses_eligibles",
                label="80 % des dépenses éligibles",
                article="14-1",
            ),
            CapYearly(
                Decimal("40000"),
                label="Plafond par bénéficiaire et par année d'éligibilité",
                article="14-1",
            ),
        ),
        payment=ONE_PAYMENT,
        documents=(
            Document(
                "factures_impression",
                "Devis ou factures de reproduction graphique et d'impression",
            ),
            Document(
                "projet_pedagogique",
                "Présentation du projet éducatif et pédagogique monté avec l'école de musique ou "
                "le conservatoire",
            ),
            Document("partitions", "Partitions éditées (ou extraits) avec leur nombre de pages"),
        ),
        appreciation=(
            "La lisibilité et la cohérence stratégique du projet : capacité à favoriser "
            "l'émergence de nouveaux talents ; qualité du projet éducatif et pédagogique monté "
            "conjointement entre l'éditeur et l'école de musique / le conservatoire",
            "Le professionnalisme du porteur de projet (rigueur et sérieux de la demande, "
            "sincérité des informations et documents, respect des bonnes pratiques "
            "professionnelles)",
            *APPRECIATION_COMMUNE,
        ),
        notes=(
            SECTION_REGIME,
            "« Par année d'éligibilité » : l'année civile, comme pour les autres plafonds "
            "annuels (aides du programme obtenues dans l'année civile du dépôt).",
            "Œuvres éditées en 2022 et/ou 2023 : années fixées par la délibération de 2023 ; une "
            "nouvelle délibération en fixera d'autres (nouvelle version du programme).",
            "Le taux de 30 € par page gravée donne le montant ; les 80 % des dépenses éligibles "
            "et les 40 000 € annuels le plafonnent.",
        ),
    )
)
