"""Section 9 of the RGA: plan de soutien à la transition des lieux (art. 39 to 41). Art. 39 states
the plan's objectives; art. 40 (phase 1, diagnostics) and art. 41 (phase 2, investments) are the
two programmes.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from aides.programmes import register
from aides.programmes.base import (
    DEMANDEUR,
    FINANCEMENT,
    MORALE,
    SPLIT_50_50,
    SPLIT_70_30,
    CapEur,
    Criterion,
    Document,
    ExpenseCategory,
    PaymentSplit,
    Programme,
    RateOf,
    Section,
    amount,
    boolean,
    choice,
    date,
    integer,
    money_of,
    percent,
)
from aides.programmes.spectacle import seniority_check
from aides.programmes.spectacle_lieux import ASTP_FIGURE, not_astp

SECTION = Section(
    9,
    "Plan de soutien à la transition des lieux – investissements durables et de modernisation "
    "pour l'avenir de la diffusion du spectacle de musique et de variétés",
)

SALLE, FESTIVAL = "salle", "festival"

PLAN_OBJECTIVES = (
    "Fonds exceptionnel pluriannuel de soutien à l'investissement des lieux de diffusion, salles "
    "et festivals (art. 39) : financer les investissements nécessaires à la transition "
    "écologique, aux enjeux sanitaires et de sûreté, à une gestion sonore responsable, aux "
    "réalisations innovantes pour tous les publics et à l'amélioration de l'accueil des artistes, "
    "du public et du travail des équipes."
)


def plan_seniority(figures, applicant) -> str | None:
    """Art. 40 b and 41 b: the venue (or festival) « en activité depuis plus de trois ans à la
    date de dépôt du dossier » — strictly more than three years."""
    return seniority_check(
        figures["debut_activite_lieu"],
        applicant,
        years=3,
        strict=True,
        message="Le lieu doit être en activité depuis plus de trois ans à la date de dépôt.",
    )


def plan_duerp(figures, applicant) -> str | None:
    """Art. 40 c and 41 c: a DUERP (document unique d'évaluation des risques professionnels) is
    in place."""
    if not figures.get("duerp"):
        return "La structure doit justifier de la mise en œuvre d'un DUERP."
    return None


def art40_diffusion(figures, applicant) -> str | None:
    """Art. 40 c: at least 70 % of the diffusion in the CNM's field or, in a rural area, at least
    fifteen representations in the CNM's field."""
    if money_of(figures, "part_diffusion_champ_cnm") >= 70:
        return None
    if figures.get("contexte_rural") and figures["representations_champ_cnm"] >= 15:
        return None
    return (
        "L'activité de diffusion doit relever au moins à 70 % du champ du CNM (ou, en milieu "
        "rural, compter au moins quinze représentations du champ du CNM)."
    )


def art41_diffusion(figures, applicant) -> str | None:
    """Art. 41 c: venues, 70 % in the CNM's field or fifteen representations in a rural area;
    festivals, 70 % with no rural alternative."""
    if figures["type_lieu"] == SALLE:
        return art40_diffusion(figures, applicant)
    if money_of(figures, "part_diffusion_champ_cnm") >= 70:
        return None
    return "L'activité de diffusion du festival doit relever au moins à 70 % du champ du CNM."


COMMON_FIGURES = (
    choice(
        "type_lieu",
        "Objet de la demande",
        ((SALLE, "Salle de diffusion"), (FESTIVAL, "Festival")),
        step=DEMANDEUR,
    ),
    date(
        "debut_activite_lieu",
        "Date de début d'activité du lieu (première édition pour un festival)",
        step=DEMANDEUR,
    ),
    ASTP_FIGURE,
    percent(
        "part_diffusion_champ_cnm",
        "Part de l'activité de diffusion relevant du champ du CNM (%)",
        step=DEMANDEUR,
    ),
    boolean("contexte_rural", "Diffusion en milieu rural", step=DEMANDEUR),
    integer(
        "representations_champ_cnm",
        "Représentations relevant du champ du CNM (par an)",
        step=DEMANDEUR,
    ),
    boolean(
        "duerp",
        "La structure a mis en œuvre un DUERP (document unique d'évaluation des risques "
        "professionnels)",
        step=DEMANDEUR,
    ),
)


def common_criteria(article: str, diffusion_check, diffusion_label: str) -> tuple:
    return (
        Criterion(
            "anciennete",
            "Lieu ou festival en activité depuis plus de trois ans à la date de dépôt",
            article,
            plan_seniority,
            scope=DEMANDEUR,
        ),
        Criterion("astp", "Ne pas être adhérent de l'ASTP", article, not_astp, scope=DEMANDEUR),
        Criterion(
            "activite",
            "Activité de diffusion de spectacles dans le champ du CNM régulière et pérenne ; "
            "régularité vis-à-vis de la taxe sur le spectacle vivant le cas échéant",
            article,
            scope=DEMANDEUR,
        ),
        Criterion("diffusion", diffusion_label, article, diffusion_check, scope=DEMANDEUR),
        Criterion("duerp", "Mise en œuvre d'un DUERP", article, plan_duerp, scope=DEMANDEUR),
        Criterion(
            "licence_lieu",
            "Salles : licence 1 à jour attachée à la salle ; festivals : licence 3",
            article,
            scope=DEMANDEUR,
        ),
        Criterion("cumul", "Dépenses ne faisant pas l'objet d'un autre soutien du CNM", article),
    )


STRUCTURE_APPRECIATION = (
    "Respect des conventions collectives du spectacle vivant (emploi artistique et technique)",
    "Stabilité et identification financière et fonctionnelle du lieu",
    "Modèle économique reposant sur 80 % de financement public au plus",
    "Contribution aux enjeux de développement durable ; place des femmes ; bonnes pratiques "
    "professionnelles",
)

# --- art. 40 --------------------------------------------------------------------------------

ART40 = register(
    Programme(
        article="40",
        title="Plan de transition des lieux – phase 1 : aide aux diagnostics",
        section=SECTION,
        version="2023/CA/04 du 15 mars 2023",
        valid_from=datetime.date(2023, 3, 20),
        deliberations=(
            "Créé par délibération n° 2022/CA/28 du 16 décembre 2022, modifié par délibération "
            "n° 2023/CA/04 du 15 mars 2023"
        ),
        objectives=(
            "Accompagner le diagnostic multifactoriel de chaque lieu (expertises, chiffrages, plan "
            "d'action, mesure des impacts environnementaux, économiques et sociaux) pour définir, "
            "avec des éléments objectivables et mesurables, les priorités de sa stratégie de "
            "transition et de son plan d'investissements. " + PLAN_OBJECTIVES
        ),
        beneficiaries=(
            "Les propriétaires et/ou exploitants de salles de diffusion et les organisateurs de "
            "festivals, dans le champ du CNM ; le lieu est en activité depuis plus de trois ans à "
            "la date de dépôt."
        ),
        applicant_kinds=frozenset({MORALE}),
        licence_required=True,
        criteria=(
            *common_criteria(
                "40",
                art40_diffusion,
                "Diffusion à 70 % au moins dans le champ du CNM, ou au moins quinze "
                "représentations du champ du CNM en milieu rural",
            ),
            Criterion(
                "diagnostic",
                "Diagnostic en lien avec les objectifs du plan et les problématiques du lieu ; "
                "devis et chiffrages de l'ensemble des dépenses ; dépenses à partir du dépôt",
                "40",
            ),
        ),
        figures=COMMON_FIGURES,
        expense_categories=(
            ExpenseCategory("personnel", "Personnel affecté à la mission"),
            ExpenseCategory(
                "expertises",
                "Experts techniques, cabinets de conseil, bureaux d'étude, assistance à maîtrise "
                "d'ouvrage",
            ),
            ExpenseCategory(
                "etudes",
                "Études (nuisances sonores, acoustique, thermique, accessibilité, sols, "
                "programmes architecturaux, bilan carbone, autres)",
            ),
        ),
        eligible_expenses=(
            "Personnel affecté à la mission, experts techniques, cabinets de conseil ; "
            "expertises et études (nuisances sonores, acoustique, thermique, accessibilité, sols, "
            "bureaux d'étude, AMO, programmes architecturaux, bilan carbone…), obligatoires ou "
            "non. Dépenses réelles, réalisées directement par le porteur de projet à partir de la "
            "date de dépôt, sans autre soutien du CNM."
        ),
        steps=(
            RateOf(
                Decimal("0.80"),
                "depenses_eligibles",
                label="80 % des dépenses éligibles",
                article="40",
            ),
            CapEur(Decimal("30000"), label="Plafond de l'aide", article="40"),
        ),
        payment=PaymentSplit(
            (
                ("Acompte de 50 % à l'acceptation du dossier", Decimal("0.50"), "attribution"),
                SPLIT_50_50.shares[1],
            ),
            article="40",
        ),
        documents=(
            Document("devis", "Devis et chiffrages de l'ensemble des dépenses prévues"),
            Document("duerp", "Document unique d'évaluation des risques professionnels (DUERP)"),
            Document(
                "licence",
                "Licence d'entrepreneur de spectacles (1 pour une salle, 3 pour un festival)",
            ),
            Document(
                "activite", "Éléments sur l'activité de diffusion (programmation, représentations)"
            ),
        ),
        appreciation=(
            "Projet : contribution à l'émergence d'une stratégie de transition ; adéquation avec "
            "les objectifs de transformation, analyse systémique ; cohérence et lisibilité (points "
            "de départ, problématiques, expertises) ; mobilisation de plusieurs partenaires ; "
            "intégration du propriétaire des lieux ; rigueur et sincérité ; lisibilité "
            "budgétaire ; ressources propres et partenaires financiers",
            *STRUCTURE_APPRECIATION,
            "Modèle économique ne reposant pas sur une unique source de financement extérieure",
            "Capacité à mettre en œuvre les recommandations du diagnostic",
        ),
        bilan="Solde à la réception du bilan et des pièces justificatives.",
    )
)

# --- art. 41 --------------------------------------------------------------------------------

MINIMUM_INVESTMENT = Decimal("30000")


def art41_eligible_total(figures) -> Decimal:
    """The eligible investments of art. 41 (every category counts in full)."""
    return sum((money_of(figures, f"depenses_{c.code}") for c in ART41_CATEGORIES), Decimal("0.00"))


def art41_minimum_investment(figures, applicant) -> str | None:
    """Art. 41 d: « le montant minimum des investissements doit être de 30 000 € HT »."""
    if art41_eligible_total(figures) < MINIMUM_INVESTMENT:
        return "Les investissements doivent atteindre au moins 30 000 € HT."
    return None


def art41_own_funds(figures, applicant) -> str | None:
    """Art. 41 d: the financing plan includes 20 % of funds brought by the applicant (mécénat,
    capital, loans)."""
    if money_of(figures, "fonds_apportes") * 5 < money_of(figures, "budget_total"):
        return (
            "Le plan de financement doit comprendre au moins 20 % de fonds apportés par la "
            "structure (mécénat, capitaux, emprunts…)."
        )
    return None


def art41_occupancy(figures, applicant) -> str | None:
    """Art. 41 c: a titre d'occupation (ownership, lease, management contract, concession…)."""
    if not figures.get("titre_occupation"):
        return "La structure doit justifier d'un titre d'occupation du lieu."
    return None


def art41_diagnostic(figures, applicant) -> str | None:
    """Art. 41 d: investments come with a documented diagnostic; isolated investments without
    impact analysis are not taken into account."""
    if not figures.get("diagnostic_documente"):
        return (
            "Les investissements doivent être assortis d'un diagnostic documenté objectivant "
            "leurs impacts environnementaux, économiques et sociaux."
        )
    return None


ART41_CATEGORIES = (
    ExpenseCategory("equipements", "Investissements en équipement"),
    ExpenseCategory("structure_travaux", "Investissements en structure et travaux"),
)

ART41 = register(
    Programme(
        article="41",
        title="Plan de transition des lieux – phase 2 : aide aux investissements",
        section=SECTION,
        version="2023/CA/04 du 15 mars 2023",
        valid_from=datetime.date(2023, 3, 20),
        deliberations="Créé par délibération n° 2023/CA/04 du 15 mars 2023",
        objectives=(
            "Soutenir des investissements programmés dans une stratégie systémique de transition "
            "et de développement durable, contribuant à l'évolution du modèle économique et/ou à "
            "la modernisation des lieux de diffusion du spectacle vivant de musique et de "
            "variétés. " + PLAN_OBJECTIVES
        ),
        beneficiaries=(
            "Les propriétaires et/ou exploitants de salles de diffusion et les organisateurs de "
            "festivals, dans le champ du CNM ; la salle ou le festival est en activité depuis "
            "plus de trois ans à la date de dépôt."
        ),
        applicant_kinds=frozenset({MORALE}),
        licence_required=True,
        criteria=(
            *common_criteria(
                "41",
                art41_diffusion,
                "Salles : diffusion à 70 % au moins dans le champ du CNM, ou quinze "
                "représentations en milieu rural ; festivals : 70 % au moins",
            ),
            Criterion(
                "titre_occupation",
                "Justifier d'un titre d'occupation (propriété, bail, contrat de gérance, "
                "concession, mise à disposition…)",
                "41",
                art41_occupancy,
                scope=DEMANDEUR,
            ),
            Criterion(
                "diagnostic",
                "Investissements assortis d'un diagnostic documenté de leurs impacts",
                "41",
                art41_diagnostic,
            ),
            Criterion(
                "minimum",
                "Investissements d'au moins 30 000 € HT",
                "41",
                art41_minimum_investment,
            ),
            Criterion(
                "fonds_apportes",
                "Au moins 20 % de fonds apportés par la structure (mécénat, capitaux, emprunts…)",
                "41",
                art41_own_funds,
            ),
        ),
        figures=(
            *COMMON_FIGURES,
            boolean(
                "titre_occupation",
                "La structure dispose d'un titre d'occupation du lieu",
                step=DEMANDEUR,
            ),
            boolean(
                "diagnostic_documente",
                "Les investissements sont assortis d'un diagnostic documenté de leurs impacts",
            ),
            amount(
                "fonds_apportes",
                "Fonds apportés par la structure (mécénat, capitaux, emprunts…)",
                step=FINANCEMENT,
            ),
        ),
        expense_categories=ART41_CATEGORIES,
        eligible_expenses=(
            "Toutes les dépenses réelles de mise en œuvre du projet, réalisées directement par le "
            "porteur de projet à partir de la date de dépôt, avec justificatifs : investissements "
            "en équipement, en structure et travaux en lien avec les objectifs du plan, sans "
            "autre soutien du CNM."
        ),
        steps=(
            RateOf(
                Decimal("0.60"),
                "depenses_eligibles",
                label="60 % des dépenses éligibles",
                article="41",
            ),
            CapEur(Decimal("500000"), label="Plafond par personne morale", article="41"),
        ),
        payment=SPLIT_70_30,
        documents=(
            Document("diagnostic", "Diagnostic documenté des impacts des investissements"),
            Document("devis", "Devis des investissements"),
            Document("plan_financement", "Plan de financement"),
            Document("titre_occupation", "Titre d'occupation du lieu"),
            Document("duerp", "Document unique d'évaluation des risques professionnels (DUERP)"),
            Document(
                "licence",
                "Licence d'entrepreneur de spectacles (1 pour une salle, 3 pour un festival)",
            ),
        ),
        appreciation=(
            "Projet : contribution à une stratégie de transition ; analyse systémique ; "
            "cohérence et lisibilité (bilan de départ, projet, objectifs) ; mesure des impacts ; "
            "articulation avec le propriétaire ou le gestionnaire ; rigueur et sincérité ; "
            "lisibilité budgétaire ; ressources propres et partenaires financiers ; priorité aux "
            "investissements significatifs qui fragilisent la structure",
            *STRUCTURE_APPRECIATION,
            "Festivals : modèle économique ne reposant pas sur une unique source de financement "
            "extérieure",
        ),
        bilan=(
            "Solde de 30 % sur présentation du bilan de l'opération et des factures acquittées "
            "des investissements soutenus."
        ),
        limits_text=(
            "Une même personne morale ne peut déposer qu'un dossier à ce programme ; l'exploitant "
            "et le propriétaire d'un même lieu peuvent chacun déposer une demande, sur des "
            "dépenses différentes.",
            "Une collectivité territoriale peut compléter l'aide pour les lieux de son "
            "territoire, par convention avec le CNM.",
        ),
        notes=(
            "Le plafond de 500 000 € « par personne morale » s'applique au dossier unique que "
            "chaque personne morale peut déposer.",
            "Le minimum de 30 000 € HT porte sur les investissements éligibles ; les 20 % de "
            "fonds apportés sur le budget total du projet.",
        ),
    )
)
