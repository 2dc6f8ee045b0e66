"""Section 4 of the RGA, art. 17: aide à la production de musique en images (vidéomusique), with
its yearly cap raised after five projects. Loaded by :mod:`.phonographie`."""

from __future__ import annotations

import datetime
from decimal import Decimal

from aides.programmes import register
from aides.programmes.base import (
    DEMANDEUR,
    FINANCEMENT,
    MORALE,
    CapYearly,
    Criterion,
    Document,
    Programme,
    RateOf,
    boolean,
    integer,
    money_of,
    percent,
)
from aides.programmes.phonographie import COMMERCIALE_OU_ASSOCIATIVE, SECTION, own_funds

# --- art. 17 ----------------------------------------------------------------------------------

CINQ_PROJETS = 5


def art17_majorite_frais(figures, applicant) -> str | None:
    """Art. 17 b: the applicant bears the majority of the audiovisual production costs."""
    if money_of(figures, "part_frais_production_audiovisuelle") <= 50:
        return "Le demandeur doit prendre à sa charge la majorité des frais de production audiovisuelle."
    return None


def art17_actualite(figures, applicant) -> str | None:
    """Art. 17 d: linked to a recording release of at least five tracks and/or at least 20
    minutes."""
    titles = int(figures.get("actualite_nombre_titres") or 0)
    minutes = int(figures.get("actualite_duree_minutes") or 0)
    if titles >= 5 or minutes >= 20:
        return None
    return (
        "La vidéomusique doit être liée à une actualité discographique d'au moins cinq titres "
        "ou d'une durée d'au moins 20 minutes."
    )


def art17_titre(figures, applicant) -> str | None:
    """Art. 17 d: the track is not from a compilation or a multi-artist album, and the project
    is not a whole concert recording."""
    if figures.get("titre_compilation"):
        return "Le titre ne doit pas être issu d'une compilation ou d'un album multi-artistes."
    if figures.get("captation_integrale"):
        return "Le projet ne doit pas porter sur l'intégralité d'une captation de concert."
    return None


def art17_not_broadcast(figures, applicant) -> str | None:
    """Art. 17 d: not broadcast before the deposit date."""
    if figures.get("deja_diffuse"):
        return "Le projet ne doit pas être diffusé avant la date de dépôt du dossier."
    return None


def art17_five_projects(ctx) -> bool:
    """Art. 17 f: the yearly cap is raised by 60 000 € for applicants who already obtained aids
    for five projects in the same year (the portal's count for a dossier, the figure in the
    simulator)."""
    applicant = ctx.applicant
    if applicant is not None and applicant.aids_this_year is not None:
        return applicant.aids_this_year >= CINQ_PROJETS
    return int(ctx.figures.get("projets_aides_annee") or 0) >= CINQ_PROJETS


ART17 = register(
    Programme(
        article="17",
        title="Aide à la production de musique en images",
        section=SECTION,
        version="2022/CA/29 du 16 décembre 2022",
        valid_from=datetime.date(2022, 12, 16),
        deliberations=(
            "Modifié par délibération n° 2021B/CA/04 du 17 décembre 2021, délibération "
            "n° 2022/CA/29 du 16 décembre 2022"
        ),
        objectives=(
            "Soutenir les projets de production d'une vidéomusique, toutes esthétiques musicales "
            "confondues, en lien avec une actualité phonographique."
        ),
        beneficiaries=(
            "Le producteur phonographique, l'éditeur ou le licencié qui prend à sa charge la "
            "majorité des frais de production audiovisuelle."
        ),
        applicant_kinds=frozenset({MORALE}),
        legal_forms=COMMERCIALE_OU_ASSOCIATIVE,
        criteria=(
            Criterion("employeur", "Être l'employeur des artistes", "17", scope=DEMANDEUR),
            Criterion(
                "majorite_frais",
                "Prendre à sa charge la majorité des frais de production audiovisuelle",
                "17",
                art17_majorite_frais,
            ),
            Criterion(
                "actualite",
                "Lien avec une actualité discographique d'au moins cinq titres et/ou 20 minutes",
                "17",
                art17_actualite,
            ),
            Criterion(
                "distribution",
                "Actualité distribuée commercialement, physique (nationale) et/ou numérique, "
                "contrat co-signé ; pas de distribution numérique en prestation de service",
                "17",
            ),
            Criterion(
                "titre",
                "Titre non issu d'une compilation ou d'un album multi-artistes ; pas "
                "l'intégralité d'une captation de concert",
                "17",
                art17_titre,
            ),
            Criterion(
                "fonds_propres",
                "Projet financé à plus de 50 % par les fonds propres, hors apports en industrie",
                "17",
                own_funds,
            ),
            Criterion(
                "non_diffuse",
                "Projet non diffusé avant la date de dépôt",
                "17",
                art17_not_broadcast,
            ),
            Criterion(
                "fonds_relance",
                "Projet non soutenu par le fonds de relance des investissements de la production "
                "phonographique",
                "17",
            ),
        ),
        figures=(
            percent(
                "part_frais_production_audiovisuelle",
                "Part des frais de production audiovisuelle pris en charge par le demandeur (%)",
            ),
            integer(
                "actualite_nombre_titres", "Nombre de titres de l'actualité discographique liée"
            ),
            integer(
                "actualite_duree_minutes",
                "Durée enregistrée de l'actualité discographique liée (minutes)",
            ),
            boolean(
                "titre_compilation",
                "Le titre est issu d'une compilation ou d'un album multi-artistes",
            ),
            boolean(
                "captation_integrale", "Le projet est l'intégralité d'une captation de concert"
            ),
            percent(
                "part_fonds_propres",
                "Part du financement sur fonds propres, hors apports en industrie (%)",
            ),
            boolean("deja_diffuse", "La vidéomusique a déjà été diffusée"),
            integer(
                "projets_aides_annee",
                "Nombre de projets déjà aidés sur ce programme cette année civile",
                help="Calculé par le portail pour un vrai dossier ; à saisir dans le simulateur.",
                required=False,
                step=FINANCEMENT,
                article="17",
            ),
        ),
        eligible_expenses="L'ensemble des dépenses de production de la vidéomusique.",
        steps=(
            RateOf(
                Decimal("0.30"),
                "depenses_eligibles",
                label="30 % des dépenses éligibles",
                article="17",
            ),
            CapYearly(
                Decimal("75000"),
                label="Plafond par bénéficiaire et par an",
                article="17",
                raised=(
                    (
                        art17_five_projects,
                        Decimal("135000"),
                        "cinq projets déjà aidés cette année : plafond relevé de 60 000 €",
                    ),
                ),
            ),
        ),
        documents=(
            Document("devis", "Budget détaillé et devis de production"),
            Document(
                "note_intention",
                "Note d'intention (réalisation, lieu de tournage, propositions audiovisuelles)",
            ),
            Document(
                "contrat_distribution",
                "Contrat de distribution co-signé de l'actualité discographique",
            ),
            Document(
                "contrat_coproduction",
                "Contrat de coproduction (répartition de la subvention)",
                required=False,
            ),
        ),
        appreciation=(
            "La lisibilité et la cohérence économique du projet (besoins de financement, frais "
            "de structure, normes salariales, engagement financier du producteur et des "
            "coproducteurs)",
            "La lisibilité et la cohérence de la stratégie du projet (nouveaux talents, artistes "
            "émergents ou en développement, propositions audiovisuelles novatrices, originales, "
            "inédites, pertinence géographique du lieu de tournage)",
            "Le professionnalisme du porteur de projet (structuration et entourage de l'artiste, "
            "stade de développement de l'entité artistique, rigueur et sérieux de la demande, "
            "sincérité des informations, bonnes pratiques professionnelles)",
            "Les dispositions prises en termes d'égalité femmes-hommes",
            "Les dispositions prises en termes de gestion de l'impact environnemental",
        ),
        bilan="Solde sur présentation du bilan de l'opération et des justificatifs nécessaires.",
        notes=(
            "Le solde n'est pas chiffré par l'article : 30 % par déduction de l'acompte de 70 %.",
            "Plafond relevé : « ayant déjà obtenu des aides dans le cadre de cinq projets sur la "
            "même année » se lit au moins cinq projets aidés sur ce programme dans l'année "
            "civile du dépôt ; le plafond passe alors de 75 000 € à 135 000 €.",
            "Actualité discographique : « durée minimum de 20 minutes » (20 minutes suffisent, "
            "alors que les art. 15 et 16 exigent plus de 20 minutes).",
        ),
    )
)
