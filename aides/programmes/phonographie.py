"""Section 4 of the RGA: programmes d'aide à la musique enregistrée.

Art. 15 and 16 (production phonographique) are defined here with their shared rules; art. 17
(musique en images) in :mod:`.phonographie_images`, imported at the end.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from aides.programmes import register
from aides.programmes.base import (
    DEMANDEUR,
    MORALE,
    CapEur,
    CapYearly,
    Criterion,
    Document,
    ExpenseCategory,
    Programme,
    RateOf,
    Section,
    amount,
    boolean,
    integer,
    money_of,
    percent,
)
from espace_pro.choices import LegalForm

SECTION = Section(4, "Programmes d'aide à la musique enregistrée")

COMMERCIALE_OU_ASSOCIATIVE = frozenset({LegalForm.SOCIETE_COMMERCIALE, LegalForm.ASSOCIATION})
# Art. 15 « personne morale »: an entrepreneur individuel is a natural person, not eligible.
PERSONNES_MORALES = frozenset(
    {
        LegalForm.SOCIETE_COMMERCIALE,
        LegalForm.ASSOCIATION,
        LegalForm.COLLECTIVITE_TERRITORIALE,
        LegalForm.ETABLISSEMENT_PUBLIC,
    }
)

# --- rules shared by art. 15 and 16 (same wording in both articles) ---------------------------


def _two_of_three_met(figures, last_year_min: Decimal) -> int:
    return sum(
        (
            int(figures.get("catalogue_references") or 0) >= 3,
            money_of(figures, "part_ca_phonographique") >= 50,
            money_of(figures, "investissements_annee_precedente") >= last_year_min
            or money_of(figures, "investissements_trois_ans") >= Decimal("50000"),
        )
    )


def _two_of_three_message(article: str, last_year_min: str) -> str:
    return (
        f"Le demandeur doit remplir au moins deux des trois critères de l'article {article} c "
        "(catalogue d'au moins trois références, 50 % du chiffre d'affaires issu de la production "
        f"phonographique, investissements d'au moins {last_year_min} l'an dernier ou 50 000 € "
        "sur trois ans)."
    )


def art16_two_of_three(figures, applicant) -> str | None:
    """Art. 16 c: at least two of: a catalogue of ≥ 3 references; ≥ 50 % of turnover from
    phonographic production; investments ≥ 25 000 € last calendar year or ≥ 50 000 € over the
    three previous calendar years."""
    if _two_of_three_met(figures, Decimal("25000")) < 2:
        return _two_of_three_message("16", "25 000 €")
    return None


def art15_two_of_three(figures, applicant) -> str | None:
    """Art. 15 c: at least two of: a catalogue of ≥ 3 references; ≥ 50 % of turnover from
    phonographic production; investments ≥ 30 000 € last calendar year or ≥ 50 000 € over the
    three previous calendar years."""
    if _two_of_three_met(figures, Decimal("30000")) < 2:
        return _two_of_three_message("15", "30 000 €")
    return None


def unreleased_masters(figures, applicant) -> str | None:
    """Art. 15 d and 16 d: at least 50 % of works whose master is not yet released (live albums
    excepted)."""
    if figures.get("album_live"):
        return None
    if money_of(figures, "part_inedits") < 50:
        return "Au moins 50 % des œuvres doivent avoir un master non encore commercialisé."
    return None


def tracks(figures, applicant) -> str | None:
    """Art. 15 d and 16 d: at least five tracks (recordings) and/or more than 20 minutes in
    all."""
    if int(figures.get("nombre_titres") or 0) >= 5 or int(figures.get("duree_minutes") or 0) > 20:
        return None
    return "Le projet doit compter au moins cinq titres ou durer plus de 20 minutes au total."


def previous_album(figures, applicant) -> str | None:
    """Art. 15 d and 16 d: the artist's previous album (if any) sold no more than 50 000
    copies."""
    if int(figures.get("ventes_album_precedent") or 0) > 50000:
        return (
            "Le précédent album de l'artiste ne doit pas s'être vendu à plus de 50 000 "
            "exemplaires (ou équivalent stream)."
        )
    return None


def own_funds(figures, applicant) -> str | None:
    """Art. 15 d, 16 d and 17 d: the project is financed at more than 50 % by own funds."""
    if money_of(figures, "part_fonds_propres") <= 50:
        return "Le projet doit être financé à plus de 50 % sur fonds propres."
    return None


def art16_not_compilation(figures, applicant) -> str | None:
    """Art. 16 d: not a compilation."""
    return "Un projet de compilation n'est pas éligible." if figures.get("compilation") else None


def not_released(figures, applicant) -> str | None:
    """Art. 15 d and 16 d: not released before the deposit date (the 2023 derogation ended with
    the first deposit deadline of 2023)."""
    if figures.get("deja_commercialise"):
        return "Le projet ne doit pas être commercialisé avant la date de dépôt du dossier."
    return None


def phono_expense_categories(article: str) -> tuple[ExpenseCategory, ...]:
    """Art. 15 e and 16 e: the same eligible expenses, 30 % of promotion / marketing."""
    return (
        ExpenseCategory("remunerations_artistiques", "Rémunérations artistiques"),
        ExpenseCategory(
            "autres_remunerations",
            "Autres rémunérations liées à la production (directeur artistique, réalisateur…)",
        ),
        ExpenseCategory(
            "enregistrement", "Charges d'enregistrement (studio, location de matériel…)"
        ),
        ExpenseCategory("annexes", "Dépenses annexes (hébergement, transport…)"),
        ExpenseCategory("post_production", "Post-production (montage, codage, mastering, visuels)"),
        ExpenseCategory(
            "contenus_digitaux",
            "Contenus digitaux promotionnels « standards » (EPK, teaser, visualizer…)",
        ),
        ExpenseCategory(
            "promotion", "Promotion / marketing communication", Decimal("0.30"), article
        ),
    )


ART16 = register(
    Programme(
        article="16",
        title="Aide à la production phonographique – musiques actuelles",
        section=SECTION,
        version="2023/CA/04 du 15 mars 2023",
        valid_from=datetime.date(2023, 3, 20),
        deliberations=(
            "Modifié par délibération n° 2021B/CA/04 du 17 décembre 2021, délibération "
            "n° 2023/CA/04 du 15 mars 2023"
        ),
        objectives=(
            "Soutenir les projets phonographiques dans le domaine des musiques actuelles, du jazz, "
            "de musique world / traditionnelle et jeune public : favoriser l'émergence de nouveaux "
            "talents, soutenir la création, faciliter la prise de risque des producteurs et les "
            "encourager à investir sur le long terme dans le développement de carrière des "
            "artistes."
        ),
        beneficiaries=(
            "Le producteur phonographique, porteur du projet et détenteur des droits sur les "
            "enregistrements."
        ),
        applicant_kinds=frozenset({MORALE}),
        legal_forms=COMMERCIALE_OU_ASSOCIATIVE,
        criteria=(
            Criterion("employeur", "Être l'employeur des artistes", "16", scope=DEMANDEUR),
            Criterion(
                "master_owner",
                "Détenir les droits sur les enregistrements (master owner)",
                "16",
                scope=DEMANDEUR,
            ),
            Criterion(
                "deux_criteres",
                "Remplir au moins deux des trois critères : catalogue d'au moins trois références ; "
                "50 % du chiffre d'affaires issu de la production phonographique ; investissements "
                "≥ 25 000 € l'année civile précédente ou ≥ 50 000 € sur les trois années civiles "
                "précédentes",
                "16",
                art16_two_of_three,
                scope=DEMANDEUR,
            ),
            Criterion("compilation", "Pas un projet de compilation", "16", art16_not_compilation),
            Criterion(
                "album_precedent",
                "Précédent album vendu à 50 000 exemplaires au plus (ou équivalent stream)",
                "16",
                previous_album,
            ),
            Criterion(
                "inedits",
                "Au moins 50 % d'œuvres dont le master n'est pas encore commercialisé (sauf album "
                "enregistré en public)",
                "16",
                unreleased_masters,
            ),
            Criterion("titres", "Au moins cinq titres ou plus de 20 minutes", "16", tracks),
            Criterion(
                "distribution",
                "Distribution commerciale physique (nationale) ou numérique, contrat co-signé ; "
                "pas de distribution numérique en prestation de service",
                "16",
            ),
            Criterion(
                "non_commercialise",
                "Projet non commercialisé avant la date de dépôt",
                "16",
                not_released,
            ),
            Criterion(
                "fonds_propres",
                "Projet financé à plus de 50 % sur fonds propres",
                "16",
                own_funds,
            ),
            Criterion(
                "fonds_relance",
                "Projet non soutenu par le fonds de relance des investissements de la production "
                "phonographique ; pas d'autre aide du CNM sur les mêmes dépenses",
                "16",
            ),
        ),
        figures=(
            integer(
                "catalogue_references",
                "Nombre de références du catalogue (chacune d'au moins 5 titres ou 20 minutes)",
                step=DEMANDEUR,
            ),
            percent(
                "part_ca_phonographique",
                "Part du chiffre d'affaires issue de la production phonographique (%)",
                step=DEMANDEUR,
            ),
            amount(
                "investissements_annee_precedente",
                "Investissements en production phonographique l'année civile précédente",
                step=DEMANDEUR,
            ),
            amount(
                "investissements_trois_ans",
                "Investissements en production phonographique sur les trois années civiles "
                "précédentes",
                step=DEMANDEUR,
            ),
            integer("nombre_titres", "Nombre de titres du projet"),
            integer("duree_minutes", "Durée totale des enregistrements (minutes)"),
            percent("part_inedits", "Part des œuvres dont le master n'est pas commercialisé (%)"),
            boolean("album_live", "Album enregistré en public"),
            boolean("compilation", "Projet de compilation"),
            boolean("deja_commercialise", "Projet déjà commercialisé"),
            integer(
                "ventes_album_precedent",
                "Ventes du précédent album de l'artiste (exemplaires ou équivalent stream ; 0 "
                "pour un premier album)",
                required=False,
            ),
            percent("part_fonds_propres", "Part du financement sur fonds propres (%)"),
        ),
        expense_categories=phono_expense_categories("16"),
        eligible_expenses=(
            "Rémunérations artistiques et autres rémunérations liées à la production, charges "
            "d'enregistrement, dépenses annexes, post-production, contenus digitaux "
            "promotionnels « standards », quote-part de 30 % du poste promotion / marketing. "
            "Dépenses réalisées en France ou dans un État de l'Espace économique européen."
        ),
        steps=(
            RateOf(
                Decimal("0.40"),
                "depenses_eligibles",
                label="40 % des dépenses éligibles",
                article="16",
            ),
            CapEur(Decimal("15000"), label="Plafond par projet", article="16"),
            CapYearly(Decimal("135000"), label="Plafond par bénéficiaire et par an", article="16"),
        ),
        documents=(
            Document("devis", "Budget détaillé et devis du projet"),
            Document("contrat_distribution", "Contrat de distribution co-signé"),
            Document(
                "contrat_coproduction",
                "Contrat de coproduction (répartition de la subvention)",
                required=False,
            ),
            Document("contrats_artistes", "Contrats d'engagement des artistes"),
        ),
        appreciation=(
            "La lisibilité et la cohérence économique du projet (besoins de financement, plan de "
            "financement au regard du crédit d'impôt, frais de structure, normes salariales, "
            "engagement financier du producteur)",
            "La lisibilité et la cohérence de la stratégie du projet (nouveaux talents, "
            "environnement digital, stade de développement de l'artiste)",
            "Le professionnalisme du porteur de projet",
            "Les dispositions prises en termes d'égalité femmes-hommes",
            "Les dispositions prises en termes de gestion de l'impact environnemental",
        ),
        bilan="Solde sur présentation du bilan de l'opération et des justificatifs nécessaires.",
        rse_grid=True,
        notes=(
            "Le solde n'est pas chiffré par l'article : 30 % par déduction de l'acompte de 70 %.",
        ),
    )
)

# --- art. 15 ----------------------------------------------------------------------------------


def art15_not_compilation(figures, applicant) -> str | None:
    """Art. 15 d: not a compilation, except a monograph around a composer."""
    if figures.get("compilation") and not figures.get("monographie"):
        return (
            "Un projet de compilation n'est pas éligible, sauf monographie autour d'une "
            "compositrice ou d'un compositeur."
        )
    return None


ART15 = register(
    Programme(
        article="15",
        title="Aide à la production phonographique – musiques classique et contemporaine",
        section=SECTION,
        version="2023/CA/04 du 15 mars 2023",
        valid_from=datetime.date(2023, 3, 20),
        deliberations=(
            "Modifié par délibération n° 2021A/CA/09 du 28 mai 2021, délibération n° 2021B/CA/04 "
            "du 17 décembre 2021, délibération n° 2023/CA/04 du 15 mars 2023"
        ),
        objectives=(
            "Soutenir les projets de production phonographique dans le domaine de la musique "
            "classique et de la musique contemporaine : favoriser l'émergence de nouveaux "
            "talents, soutenir la création, faciliter la prise de risque des producteurs et les "
            "encourager à investir sur le long terme dans le développement de carrière des "
            "artistes."
        ),
        beneficiaries=(
            "Le producteur phonographique, porteur du projet et détenteur des droits sur les "
            "enregistrements."
        ),
        applicant_kinds=frozenset({MORALE}),
        legal_forms=PERSONNES_MORALES,
        criteria=(
            Criterion("employeur", "Être l'employeur des artistes", "15", scope=DEMANDEUR),
            Criterion(
                "master_owner",
                "Détenir les droits sur les enregistrements (master owner)",
                "15",
                scope=DEMANDEUR,
            ),
            Criterion(
                "deux_criteres",
                "Remplir au moins deux des trois critères : catalogue d'au moins trois références ; "
                "50 % du chiffre d'affaires issu de la production phonographique ; investissements "
                "≥ 30 000 € l'année civile précédente ou ≥ 50 000 € sur les trois années civiles "
                "précédentes",
                "15",
                art15_two_of_three,
                scope=DEMANDEUR,
            ),
            Criterion(
                "compilation",
                "Pas un projet de compilation, sauf monographie autour d'une compositrice ou d'un "
                "compositeur",
                "15",
                art15_not_compilation,
            ),
            Criterion(
                "album_precedent",
                "Précédent album vendu à 50 000 exemplaires au plus (ou équivalent stream)",
                "15",
                previous_album,
            ),
            Criterion(
                "inedits",
                "Au moins 50 % d'œuvres dont le master n'est pas encore commercialisé (sauf album "
                "enregistré en public)",
                "15",
                unreleased_masters,
            ),
            Criterion(
                "titres", "Au moins cinq enregistrements ou plus de 20 minutes", "15", tracks
            ),
            Criterion(
                "distribution",
                "Distribution commerciale physique (nationale) ou numérique, contrat co-signé ; "
                "pas de distribution numérique en prestation de service",
                "15",
            ),
            Criterion(
                "non_commercialise",
                "Projet non commercialisé avant la date de dépôt",
                "15",
                not_released,
            ),
            Criterion(
                "fonds_propres",
                "Projet financé à plus de 50 % sur fonds propres",
                "15",
                own_funds,
            ),
            Criterion(
                "fonds_relance",
                "Projet non soutenu par le fonds de relance des investissements de la production "
                "phonographique ; pas d'autre aide du CNM sur les mêmes dépenses",
                "15",
            ),
        ),
        figures=(
            integer(
                "catalogue_references",
                "Nombre de références du catalogue (chacune d'au moins 5 titres ou 20 minutes)",
                step=DEMANDEUR,
            ),
            percent(
                "part_ca_phonographique",
                "Part du chiffre d'affaires issue de la production phonographique (%)",
                step=DEMANDEUR,
            ),
            amount(
                "investissements_annee_precedente",
                "Investissements en production phonographique l'année civile précédente",
                step=DEMANDEUR,
            ),
            amount(
                "investissements_trois_ans",
                "Investissements en production phonographique sur les trois années civiles "
                "précédentes",
                step=DEMANDEUR,
            ),
            integer("nombre_titres", "Nombre d'enregistrements du projet"),
            integer("duree_minutes", "Durée cumulée des enregistrements (minutes)"),
            percent("part_inedits", "Part des œuvres dont le master n'est pas commercialisé (%)"),
            boolean("album_live", "Album enregistré en public"),
            boolean("compilation", "Projet de compilation"),
            boolean("monographie", "Monographie autour d'une compositrice ou d'un compositeur"),
            boolean("deja_commercialise", "Projet déjà commercialisé"),
            integer(
                "ventes_album_precedent",
                "Ventes du précédent album de l'artiste (exemplaires ou équivalent stream ; 0 "
                "pour un premier album)",
                required=False,
            ),
            percent("part_fonds_propres", "Part du financement sur fonds propres (%)"),
        ),
        expense_categories=phono_expense_categories("15"),
        eligible_expenses=(
            "Rémunérations artistiques et autres rémunérations liées à la production, charges "
            "d'enregistrement, dépenses annexes, post-production, contenus digitaux "
            "promotionnels « standards », quote-part de 30 % du poste promotion / marketing. "
            "Dépenses réalisées en France ou dans un État de l'Espace économique européen."
        ),
        steps=(
            RateOf(
                Decimal("0.40"),
                "depenses_eligibles",
                label="40 % des dépenses éligibles",
                article="15",
            ),
            CapEur(Decimal("20000"), label="Plafond par projet", article="15"),
            CapYearly(Decimal("135000"), label="Plafond par bénéficiaire et par an", article="15"),
        ),
        documents=(
            Document("devis", "Budget détaillé et devis du projet"),
            Document("contrat_distribution", "Contrat de distribution co-signé"),
            Document(
                "contrat_coproduction",
                "Contrat de coproduction (répartition de la subvention)",
                required=False,
            ),
            Document("contrats_artistes", "Contrats d'engagement des artistes"),
        ),
        appreciation=(
            "La lisibilité et la cohérence économique du projet (besoins de financement, plan de "
            "financement au regard du crédit d'impôt et des autres financements hors CNM, frais "
            "de structure, normes salariales, engagement financier du producteur et des "
            "coproducteurs, niveau de subventions publiques annuelles reçues)",
            "La lisibilité et la cohérence de la stratégie du projet (nouveaux talents, artistes "
            "émergents ou en développement, complexité du projet, prise de risque et densité du "
            "plateau artistique, environnement digital, stade de développement de l'entité "
            "artistique)",
            "Le professionnalisme du porteur de projet (structuration et entourage de l'artiste, "
            "rigueur et sérieux de la demande, sincérité des informations, bonnes pratiques, "
            "adhésion à un organisme de gestion collective)",
            "Les dispositions prises en termes d'égalité femmes-hommes",
            "Les dispositions prises en termes de gestion de l'impact environnemental",
        ),
        bilan="Solde sur présentation du bilan de l'opération et des justificatifs nécessaires.",
        rse_grid=True,
        notes=(
            "Le solde n'est pas chiffré par l'article : 30 % par déduction de l'acompte de 70 %.",
            "« Être une personne morale » : les entrepreneurs individuels ne sont pas éligibles.",
            "Le plafond annuel de 135 000 € est propre à ce programme (l'art. 16 a le sien).",
            "La dérogation de 2023 (projet commercialisé après le 20 mars 2023) a pris fin à la "
            "première date limite de dépôt de 2023 : un projet déjà commercialisé est refusé.",
        ),
    )
)

# Art. 17 is in its own module, imported here so that the registry loads the whole section.
from aides.programmes import phonographie_images  # noqa: E402, F401
