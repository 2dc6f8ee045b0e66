"""Section 10 of the RGA: autres dispositifs d'intervention (art. 42 and 43).

Both rest on a convention rather than on a commission's scale: art. 42 still gives computable
caps (50 % of the eligible expenses, 200 000 € per beneficiary and per year), art. 43 gives none
(the conditions are those of the territorial convention). Their definitions carry everything
else — who applies, criteria, expenses, documents, bilan — and their last step says that the
amount itself is set by the convention.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from aides.programmes import register
from aides.programmes.base import (
    MORALE,
    PHYSIQUE,
    SPLIT_70_30,
    CapYearly,
    Criterion,
    Custom,
    Document,
    PaymentSplit,
    Programme,
    RateOf,
    Section,
    boolean,
)

SECTION = Section(10, "Autres dispositifs d'intervention")
VERSION = "2023/CA/04 du 15 mars 2023"
CREATED = "Créé par délibération n° 2023/CA/04 du 15 mars 2023"
LOI = "article 1 de la loi n° 2019-1100 du 30 octobre 2019 relative à la création du CNM"

AUTRE_SOUTIEN = boolean(
    "autre_soutien_cnm", "Les dépenses du projet font l'objet d'un autre soutien du CNM"
)


def no_other_cnm_support(figures, applicant) -> str | None:
    """Art. 42 and 43: « ces dépenses ne peuvent faire l'objet d'un autre soutien du CNM »."""
    if figures.get("autre_soutien_cnm"):
        return "Les dépenses du projet ne peuvent pas faire l'objet d'un autre soutien du CNM."
    return None


def _set_by_convention(text: str):
    def run(current, ctx):
        """Art. 42 and 43: the amount is set by the convention (shown, not computed)."""
        ctx.warnings.append(text)
        return current, text

    return run


# --- art. 42 ----------------------------------------------------------------------------------

ART42_CONVENTION = (
    "Dans la limite de ces plafonds, le montant de l'aide est fixé par la convention conclue "
    "avec la structure."
)
ART42 = register(
    Programme(
        article="42",
        title="Soutien aux projets développés en collaboration avec le CNM par des structures "
        "partageant tout ou partie des missions de l'établissement",
        section=SECTION,
        version=VERSION,
        valid_from=datetime.date(2023, 3, 15),
        deliberations=CREATED,
        objectives="Encadrer le soutien financier du CNM aux structures dont tout ou partie des "
        f"activités peuvent concourir à la bonne exécution des missions de l'établissement ({LOI}). "
        "Le soutien peut prendre la forme d'une aide financière et/ou de contributions non "
        "financières (expertise, ressources documentaires, visibilité, formations…).",
        beneficiaries="Les structures dont tout ou partie des activités peuvent concourir à la "
        "bonne exécution des missions du CNM.",
        applicant_kinds=frozenset({MORALE}),
        # The convention « peut déroger aux articles 1 à 5 »: affiliation is checked by the
        # instructor against the convention, not refused by the portal.
        affiliation_required=False,
        criteria=(
            Criterion(
                "missions",
                f"Activités de la structure concourant aux missions du CNM ({LOI})",
                "42",
                scope="demandeur",
            ),
            Criterion(
                "affiliation_convention",
                "Affiliation au CNM (art. 1), sauf dérogation prévue par la convention",
                "42",
                scope="demandeur",
            ),
            Criterion("projet", "Projet contribuant au développement des missions du CNM", "42"),
            Criterion(
                "autre_soutien",
                "Dépenses ne faisant pas l'objet d'un autre soutien du CNM",
                "42",
                no_other_cnm_support,
            ),
            Criterion(
                "contreparties",
                "Contreparties éventuelles de la convention sans atteinte à sa qualification "
                "juridique",
                "42",
            ),
        ),
        figures=(AUTRE_SOUTIEN,),
        eligible_expenses="Toutes les dépenses directement liées à un projet contribuant au "
        "développement des missions du CNM ; elles ne peuvent faire l'objet d'un autre soutien "
        "du CNM.",
        steps=(
            RateOf(
                Decimal("0.50"),
                "depenses_eligibles",
                label="50 % des dépenses éligibles",
                article="42",
            ),
            CapYearly(
                Decimal("200000"),
                label="Plafond par bénéficiaire et par an (200\u202f000\xa0€)",
                article="42",
            ),
            Custom(
                _set_by_convention(ART42_CONVENTION),
                label="Montant fixé par la convention",
                article="42",
            ),
        ),
        payment=PaymentSplit(
            SPLIT_70_30.shares,
            text="Les modalités de versement sont celles de la convention, qui peut déroger à "
            "l'article 5 ; à défaut, l'article 5 s'applique (acompte après l'attribution, solde "
            "sur bilan, versement unique jusqu'à 5 000 €).",
        ),
        documents=(
            Document(
                "presentation",
                "Présentation de la structure et du projet, de sa contribution aux missions du CNM",
            ),
            Document("budget", "Budget prévisionnel du projet"),
        ),
        appreciation=(
            "La contribution du projet au développement des missions du CNM telles que définies "
            "à l'article 1 de la loi n° 2019-1100",
        ),
        bilan="À l'issue de l'opération, selon les modalités de la convention et dans un délai "
        "d'un an au plus : le budget exécuté de l'opération détaillant l'utilisation de l'aide "
        "du CNM, et une synthèse avec des indicateurs qualitatifs et quantitatifs de sa portée et "
        "de sa contribution aux missions du CNM.",
        bilan_months=12,
        notes=(
            "La convention peut déroger aux articles 1 à 5 du RGA et prévoir des contreparties : "
            "l'affiliation et l'échéancier sont donc vérifiés par l'instructeur au regard de la "
            "convention (critère d'appréciation), le portail ne les impose pas.",
            "Plafonds calculés (50 % des dépenses éligibles, 200 000 € par bénéficiaire et par an "
            "sur ce dispositif) ; le montant lui-même est fixé par la convention.",
            "Les contributions non financières ne sont pas des montants : elles figurent dans "
            "la convention.",
            "La liste des structures soutenues (objet, montant) est publiée dans le rapport "
            "annuel d'activité du CNM.",
            "Pas de critères d'appréciation écrits : la contribution aux missions du CNM, objet "
            "même du dispositif, est retenue.",
        ),
    )
)

# --- art. 43 ----------------------------------------------------------------------------------

ART43_CONVENTION = (
    "Le montant de l'aide territoriale est fixé selon les conditions générales d'attribution de "
    "la convention territoriale : l'article 43 ne fixe ni taux ni plafond."
)
ART43 = register(
    Programme(
        article="43",
        title="Action territoriale",
        section=SECTION,
        version=VERSION,
        valid_from=datetime.date(2023, 3, 15),
        deliberations=CREATED,
        objectives="Associer les collectivités territoriales et leurs groupements à l'exercice "
        f"des missions du CNM ({LOI}) : aides territoriales attribuées selon les conditions "
        "générales d'une convention annuelle ou pluriannuelle avec les collectivités "
        "territoriales, leurs groupements, les services déconcentrés de l'État et/ou les "
        "acteurs de la filière musicale.",
        beneficiaries="Les porteurs de projets définis par la convention territoriale applicable.",
        applicant_kinds=frozenset({PHYSIQUE, MORALE}),
        # The convention « ne peut déroger à la section 1 »: art. 1 (affiliation) applies.
        affiliation_required=True,
        criteria=(
            Criterion(
                "convention",
                "Conditions générales d'attribution de la convention territoriale applicable",
                "43",
            ),
            Criterion(
                "projet",
                "Projet concourant à la bonne exécution des missions du CNM",
                "43",
            ),
            Criterion(
                "autre_soutien",
                "Dépenses ne faisant pas l'objet d'un autre soutien du CNM",
                "43",
                no_other_cnm_support,
            ),
        ),
        figures=(AUTRE_SOUTIEN,),
        eligible_expenses="Toutes les dépenses directement liées à un projet concourant à la "
        "bonne exécution des missions du CNM ; elles ne peuvent faire l'objet d'un autre "
        "soutien du CNM.",
        steps=(
            RateOf(
                Decimal("1"),
                "depenses_eligibles",
                label="Dépenses éligibles (l'aide ne peut les dépasser)",
                article="43",
            ),
            Custom(
                _set_by_convention(ART43_CONVENTION),
                label="Montant fixé par la convention territoriale",
                article="43",
            ),
        ),
        payment=PaymentSplit(
            SPLIT_70_30.shares,
            text="La convention ne pouvant déroger à la section 1, l'article 5 s'applique : "
            "acompte après l'attribution, solde sur présentation du bilan, versement unique "
            "jusqu'à 5 000 €.",
        ),
        documents=(
            Document("presentation", "Présentation du projet et de son ancrage territorial"),
            Document("budget", "Budget prévisionnel du projet"),
        ),
        appreciation=(
            "Les critères de la convention territoriale applicable",
            "La contribution du projet à la bonne exécution des missions du CNM",
        ),
        bilan="Bilan de l'opération et justificatifs (art. 5 et 6), selon la convention.",
        notes=(
            "Aucun montant calculable : l'aide maximale affichée est celle des dépenses éligibles "
            "(ou le montant sollicité s'il est inférieur), le montant réel étant fixé selon la "
            "convention.",
            "La convention ne peut déroger à la section 1 : l'affiliation (art. 1) est exigée par "
            "le portail. La dérogation possible pour la Nouvelle-Calédonie dépend d'une "
            "convention qui la prévoie ; elle n'est pas présumée (dossier traité par "
            "l'instructeur selon cette convention).",
            "La contribution financière versée à une collectivité, un groupement ou un service "
            "déconcentré de l'État pour porter et gérer les aides territoriales n'est pas une aide "
            "au sens du RGA : elle ne fait pas l'objet d'un dossier.",
        ),
    )
)
