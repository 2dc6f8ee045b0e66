"""Section 6 of the RGA: art. 25 (programme « Résidences ») and art. 26 (aide aux festivals).
Loaded by :mod:`aides.programmes.spectacle`."""

from __future__ import annotations

import datetime
from decimal import Decimal

from aides.programmes import register
from aides.programmes.base import (
    BUDGET,
    DEMANDEUR,
    MORALE,
    ONE_PAYMENT,
    CapEur,
    CapYearly,
    Criterion,
    Document,
    Programme,
    RateOf,
    Unverified,
    amount,
    boolean,
    date,
    integer,
    money_of,
)
from aides.programmes.spectacle import SECTION
from espace_pro.choices import LegalForm

# --- art. 25 --------------------------------------------------------------------------------


def art25_partner_declared(figures, applicant) -> str | None:
    """Art. 25 c: the partner producer (or the venue, if it produces) holds the récépissé of its
    déclaration d'entrepreneur de spectacles."""
    if not figures.get("recepisse_producteur"):
        return (
            "Le producteur partenaire (ou la salle, si elle produit la résidence) doit détenir le "
            "récépissé de sa déclaration d'entrepreneur de spectacles."
        )
    return None


def art25_cultural_actions(figures, applicant) -> str | None:
    """Art. 25 a: residences « doivent être accompagnées d'actions culturelles en direction des
    populations »."""
    if figures["heures_actions_culturelles"] <= 0:
        return "La résidence doit comporter des actions culturelles en direction des populations."
    return None


def art25_after_session(figures, applicant) -> str | None:
    """Art. 25 c: « la date du début de la résidence doit être postérieure à la date de la
    commission » — the commission sits after the session's deposit deadline, so a residence
    starting on or before that deadline (else the deposit date) is refused; the commission date
    itself is the instructor's check."""
    reference = None
    if applicant is not None:
        reference = applicant.session_deadline or applicant.on
    if reference is None:
        return Unverified(
            "À vérifier : la résidence doit commencer après la commission qui examine la demande."
        )
    if figures["date_debut_residence"] <= reference:
        return "La résidence doit commencer après la commission qui examine la demande."
    return None


def art25_creation_days(figures, applicant) -> str | None:
    """Art. 25 f: « de manière générale, il ne peut être inférieur à 8 jours de travail de
    création en dehors des temps d'actions culturelles » (a warning: « de manière générale »)."""
    if figures["jours_creation"] < 8:
        return (
            "La résidence compte moins de 8 jours de travail de création hors actions "
            "culturelles : à justifier auprès de la commission."
        )
    return None


ART25 = register(
    Programme(
        article="25",
        title="Programme « Résidences »",
        section=SECTION,
        version="2022/CA/08 du 30 mars 2022",
        valid_from=datetime.date(2022, 3, 30),
        deliberations="Modifié par délibération n° 2022/CA/08 du 30 mars 2022",
        objectives=(
            "Sélectionner et soutenir des projets de résidences de création d'artistes de "
            "musiques actuelles (chanson et variétés, jazz et musiques improvisées, musiques "
            "actuelles amplifiées, musiques traditionnelles et du monde) dans tous les lieux de "
            "diffusion, accompagnées d'actions culturelles en direction des populations : "
            "création d'un nouveau spectacle, diversité, temps de travail longs, lieux en milieu "
            "rural ou en contexte territorial difficile, projets collaboratifs, place des femmes."
        ),
        beneficiaries="L'exploitant du lieu accueillant la résidence.",
        applicant_kinds=frozenset({MORALE}),
        criteria=(
            Criterion(
                "lieu",
                "Être un lieu de diffusion régulier de musiques actuelles",
                "25",
                scope=DEMANDEUR,
            ),
            Criterion(
                "recepisse",
                "Producteur partenaire (ou salle productrice) titulaire du récépissé de "
                "déclaration d'entrepreneur de spectacles",
                "25",
                art25_partner_declared,
                scope=DEMANDEUR,
            ),
            Criterion(
                "debut",
                "Début de la résidence postérieur à la date de la commission qui examine la "
                "demande",
                "25",
                art25_after_session,
            ),
            Criterion(
                "delai",
                "Dossier complet au CNM six semaines au plus tard avant la commission",
                "25",
            ),
            Criterion(
                "actions_culturelles",
                "Actions culturelles en direction des populations",
                "25",
                art25_cultural_actions,
            ),
            Criterion(
                "duree",
                "En général au moins 8 jours de travail de création hors actions culturelles",
                "25",
                art25_creation_days,
                blocking=False,
            ),
            Criterion("champ", "Champ des musiques actuelles", "25"),
        ),
        figures=(
            boolean(
                "recepisse_producteur",
                "Le producteur de la résidence détient le récépissé de déclaration d'entrepreneur "
                "de spectacles",
                step=DEMANDEUR,
            ),
            date("date_debut_residence", "Date de début de la résidence"),
            integer("jours_creation", "Jours de travail de création (hors actions culturelles)"),
            integer("heures_actions_culturelles", "Heures d'actions culturelles"),
        ),
        eligible_expenses="Les coûts directement liés au projet de résidence.",
        steps=(
            RateOf(
                Decimal("0.50"),
                "depenses_eligibles",
                label="50 % des coûts directement liés au projet",
                article="25",
            ),
            CapYearly(
                Decimal("22500"),
                label="Plafond par structure et par an, quel que soit le nombre de projets",
                article="25",
            ),
        ),
        documents=(
            Document("intention", "Lettre d'intention artistique de l'artiste"),
            Document(
                "argumentaire",
                "Argumentaire général du projet (résidence, partenaires, budget…)",
            ),
            Document(
                "actions_culturelles",
                "Tableau des actions culturelles (durée, objectif, lieu, public, partenaires)",
            ),
            Document(
                "extraits",
                "Deux extraits musicaux commentés en lien avec le projet",
                help="Un document avec le commentaire et les liens d'écoute.",
            ),
            Document("convention", "Projet de convention entre les parties"),
        ),
        appreciation=(
            "Déterminants : la démarche de création (recherche, originalité) et l'implication de "
            "l'artiste dans la résidence et les actions en direction des populations",
            "Pilier économique : présence d'un producteur et cohérence des moyens du ou des lieux "
            "et de la production ; diffusion future du spectacle ; environnement professionnel "
            "mobilisé ; conventions collectives",
            "Pilier social/sociétal : formalisation et rigueur du montage, sérieux des "
            "partenariats ; originalité du propos ; qualité de l'accueil ; nombre de jours de "
            "résidence ; heures, intérêt et diversité des actions culturelles ; place des femmes",
            "Pilier environnemental : gestion de l'impact environnemental du projet",
        ),
        bilan="Solde sur présentation du bilan de l'opération et des justificatifs (art. 5).",
        notes=(
            "L'article ne fixe pas les versements : règle générale de l'art. 5 (acompte de 70 % "
            "et solde sur bilan, comme les autres programmes ; versement unique jusqu'à 5 000 €).",
            "Le calcul refuse une résidence commençant au plus tard à la date limite de dépôt de "
            "la session (la commission siège après) ; la date exacte de la commission et le délai "
            "de six semaines sont vérifiés par l'instructeur.",
            "Les 8 jours de création sont « de manière générale » : un avertissement, pas un refus.",
        ),
    )
)

# --- art. 26 --------------------------------------------------------------------------------

FESTIVAL_LEGAL_FORMS = frozenset(LegalForm) - {
    LegalForm.COLLECTIVITE_TERRITORIALE,
    LegalForm.PERSONNE_PHYSIQUE,
}


def art26_ticketing(figures, applicant) -> str | None:
    """Art. 26 c: the applicant is responsible for all or part of the ticketing."""
    if not figures.get("responsable_billetterie"):
        return "Le demandeur doit être responsable de tout ou partie de la billetterie."
    return None


def art26_programme(figures, applicant) -> str | None:
    """Art. 26 d: at least two thirds of the artistic proposals in the field of the tax, at
    least ten artistic formations of music and variety."""
    total, in_field = figures["propositions_artistiques"], figures["propositions_champ_taxe"]
    if in_field > total:
        return "Les propositions du champ de la taxe ne peuvent pas dépasser le total."
    if 3 * in_field < 2 * total or total == 0:
        return (
            "Au moins deux tiers des propositions artistiques doivent relever du champ de la taxe "
            "sur les spectacles de variétés."
        )
    if figures["formations_artistiques"] < 10:
        return "L'édition doit proposer au moins dix formations artistiques."
    return None


def art26_edition(figures, applicant) -> str | None:
    """Art. 26 d: two days at least, a second edition at least."""
    if figures["jours_festival"] < 2:
        return "Le festival doit se dérouler sur deux jours au moins."
    if figures["numero_edition"] < 2:
        return "Le festival doit en être à sa deuxième édition au moins."
    return None


def art26_budget(figures, applicant) -> str | None:
    """Art. 26 d: total budget ≥ 100 000 € (hors valorisation), artistic and technical budget
    ≥ 50 % of it, and ≥ 25 % of the structure's diffusion budget when a venue carries it."""
    total = money_of(figures, "budget_total")
    if total < Decimal("100000"):
        return "Le budget total du festival doit être d'au moins 100 000 € (hors valorisation)."
    if money_of(figures, "budget_artistique_technique") * 2 < total:
        return "Le budget artistique et technique doit représenter au moins 50 % du budget total."
    if figures.get("porte_par_lieu") and figures.get("budget_diffusion_lieu") is None:
        return "Indiquez le budget de l'activité de diffusion du lieu qui porte le festival."
    if figures.get("porte_par_lieu") and total * 4 < money_of(figures, "budget_diffusion_lieu"):
        return (
            "Porté par un lieu de diffusion, le festival doit représenter au moins 25 % du budget "
            "de l'activité de diffusion de la structure."
        )
    return None


def art26_not_art24(figures, applicant) -> str | None:
    """Art. 26 d: the same event cannot be supported by art. 24 and art. 26."""
    if figures.get("soutenu_diffusion_lieux"):
        return (
            "Une même manifestation ne peut être soutenue à la fois par l'aide à l'activité de "
            "diffusion des lieux et par l'aide aux festivals."
        )
    return None


def art26_before_festival(figures, applicant) -> str | None:
    """Art. 26 e: deposited « au plus tard à la dernière date de dépôt de dossiers précédant
    l'exploitation » — the session's deposit deadline (else the deposit date) is before the
    festival starts; January festivals may ask retroactively in their year."""
    reference = None
    if applicant is not None:
        reference = applicant.session_deadline or applicant.on
    if reference is None:
        return Unverified("À vérifier à la date de dépôt : le festival doit lui être postérieur.")
    start = figures["date_debut_festival"]
    if start > reference or (start.month == 1 and start.year == reference.year):
        return None
    return (
        "La demande doit être déposée avant le festival, au plus tard à la dernière date limite "
        "de dépôt qui le précède."
    )


ART26 = register(
    Programme(
        article="26",
        title="Aide aux festivals",
        section=SECTION,
        version="2022/CA/29 du 16 décembre 2022",
        valid_from=datetime.date(2022, 12, 16),
        deliberations=(
            "Créé par délibération n° 2021B/CA/04 du 17 décembre 2021, modifié par délibération "
            "n° 2022/CA/13 du 5 juillet 2022, délibération n° 2022/CA/29 du 16 décembre 2022"
        ),
        objectives=(
            "Aider les festivals évoluant dans un cadre professionnel, contribuant à l'intérêt "
            "général de la profession et présentant une prise de risque artistique et "
            "économique ; soutenir les festivals de musique et de variétés dans leur structuration."
        ),
        beneficiaries=(
            "Les organisateurs de festivals portant la responsabilité de l'événement et relevant "
            "majoritairement du champ de la taxe sur les spectacles de variétés. Un festival porté "
            "par une collectivité territoriale n'est pas éligible."
        ),
        applicant_kinds=frozenset({MORALE}),
        legal_forms=FESTIVAL_LEGAL_FORMS,
        licence_required=True,
        criteria=(
            Criterion(
                "taxe",
                "Être en situation de régularité vis-à-vis de la taxe sur les spectacles",
                "26",
                scope=DEMANDEUR,
            ),
            Criterion(
                "billetterie",
                "Être responsable en tout ou partie de la billetterie",
                "26",
                art26_ticketing,
                scope=DEMANDEUR,
            ),
            Criterion(
                "programmation",
                "Deux tiers au moins des propositions artistiques dans le champ de la taxe ; dix "
                "formations artistiques au moins",
                "26",
                art26_programme,
            ),
            Criterion(
                "edition",
                "Deux jours au moins ; deuxième édition au moins (en public physique)",
                "26",
                art26_edition,
            ),
            Criterion(
                "budget",
                "Budget total d'au moins 100 000 € (hors valorisation), dont au moins 50 % de "
                "budget artistique et technique ; porté par un lieu, au moins 25 % du budget de sa "
                "diffusion",
                "26",
                art26_budget,
            ),
            Criterion(
                "cumul_art24",
                "Manifestation non soutenue par l'aide à l'activité de diffusion des lieux",
                "26",
                art26_not_art24,
            ),
            Criterion(
                "delai",
                "Demande déposée avant le festival (festival de janvier : demande rétroactive sur "
                "la première date de dépôt de l'année)",
                "26",
                art26_before_festival,
            ),
        ),
        figures=(
            boolean(
                "responsable_billetterie",
                "Le demandeur est responsable de tout ou partie de la billetterie",
                step=DEMANDEUR,
            ),
            date("date_debut_festival", "Date de début du festival"),
            integer("jours_festival", "Nombre de jours du festival"),
            integer("numero_edition", "Numéro de l'édition (éditions en public physique)"),
            integer("propositions_artistiques", "Nombre de propositions artistiques"),
            integer(
                "propositions_champ_taxe",
                "Dont propositions relevant du champ de la taxe sur les spectacles de variétés",
            ),
            integer(
                "formations_artistiques",
                "Formations artistiques dans le champ de la musique et des variétés",
            ),
            amount(
                "budget_artistique_technique",
                "Budget artistique et technique (logistique, technique, sécurité)",
                step=BUDGET,
            ),
            boolean("porte_par_lieu", "Le festival est porté par un lieu de diffusion"),
            amount(
                "budget_diffusion_lieu",
                "Budget total de l'activité de diffusion de la structure (si porté par un lieu)",
                step=BUDGET,
                required=False,
            ),
            boolean(
                "soutenu_diffusion_lieux",
                "La manifestation est soutenue par l'aide à l'activité de diffusion des lieux",
            ),
            amount(
                "depenses_eligibles",
                "Dépenses du festival (HT)",
                help="L'aide se calcule sur le budget prévisionnel total.",
                step=BUDGET,
                required=False,
            ),
        ),
        eligible_expenses="L'aide est calculée sur le budget prévisionnel total du festival.",
        steps=(
            RateOf(
                Decimal("0.10"),
                "budget_total",
                label="10 % du budget prévisionnel",
                article="26",
            ),
            CapEur(Decimal("200000"), label="Plafond de l'aide", article="26"),
        ),
        payment=ONE_PAYMENT,
        documents=(
            Document("budget", "Budget prévisionnel du festival (hors valorisation)"),
            Document("programmation", "Programmation de l'édition"),
            Document("licence", "Licence d'entrepreneur de spectacles (catégorie 3)"),
            Document("bilan_precedent", "Bilan de l'édition précédente"),
        ),
        appreciation=(
            "Le respect du cadre professionnel : rigueur et sincérité ; conventions collectives ; "
            "pratiques professionnelles vertueuses ; frais de structure cohérents ; ligne "
            "éditoriale ; budget lisible ; inscription dans le territoire et les réseaux",
            "La prise de risque artistique : artistes émergents, création, esthétiques peu "
            "accompagnées ; nombre de propositions favorisant l'emploi artistique ; programmation "
            "concentrée avec plusieurs représentations par jour",
            "La prise de risque économique : majorité de spectateurs payants ; billetterie "
            "supérieure à 15 % du budget ; contexte territorial ou temporel ; 30 jours au plus ; "
            "davantage qu'un temps fort d'une structure de diffusion ; pas de source unique de "
            "financement ; 50 % de financement public au plus (hors OGC)",
            "L'intérêt général de la profession : dispositifs pour les professionnels, place des "
            "femmes, gestion de l'impact environnemental",
        ),
        bilan=(
            "Un bilan composé des documents obligatoires, dans les six mois suivant la "
            "manifestation."
        ),
        limits_text=(
            "Une même manifestation ne peut être soutenue à la fois par l'aide à l'activité de "
            "diffusion des lieux (art. 24) et par l'aide aux festivals.",
            "Convention pluriannuelle possible sur deux ou trois ans (structure d'au moins trois "
            "ans, trois éditions tenues, pas de majorité de financement public et d'OGC, budget "
            "d'au plus 1,5 million d'euros) ; un dossier reste à déposer chaque année.",
        ),
        notes=(
            "« Le montant demandé ne peut excéder 10 % du budget prévisionnel » : l'aide maximale "
            "est 10 % du budget total déclaré, plafonnée à 200 000 €, et jamais plus que le "
            "montant sollicité.",
            "Le délai de six mois du bilan court à compter de la manifestation, pas de "
            "l'attribution.",
        ),
    )
)
