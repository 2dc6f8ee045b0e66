"""Section 5 of the RGA: programmes d'aide aux disquaires (art. 18 and 19)."""

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
    Custom,
    Document,
    ExpenseCategory,
    PaymentSplit,
    Programme,
    RateOf,
    Section,
    Unverified,
    amount,
    boolean,
    choice,
    date,
    integer,
    money_of,
    percent,
)
from aides.programmes.edition import SECTION_REGIME, add_years, cap_less_already
from cnm_portal.money import apply_rate, format_euros
from espace_pro.choices import LegalForm

SECTION = Section(5, "Programmes d'aide aux disquaires")

# « Personne morale répondant aux caractéristiques des TPE ; à titre dérogatoire, une demande
# déposée par une entreprise individuelle peut être recevable » (art. 18 b, 19 b).
DISQUAIRES = frozenset(
    {LegalForm.SOCIETE_COMMERCIALE, LegalForm.ASSOCIATION, LegalForm.ENTREPRENEUR_INDIVIDUEL}
)

# Décret n° 2008-1354, art. 3: microentreprises occupy fewer than 10 persons and have an annual
# turnover or a balance-sheet total not exceeding 2 million euros.
TPE_EFFECTIF_MAX = 10
TPE_SEUIL = Decimal("2000000")


def split_disquaires(article: str) -> PaymentSplit:
    """Art. 18 f and 19 f: 70 % after the decision, 30 % on the paid invoices."""
    return PaymentSplit(
        (
            ("70 % après la décision d'attribution", Decimal("0.70"), "attribution"),
            (
                "30 % sur factures acquittées ou justificatifs des investissements",
                Decimal("0.30"),
                "bilan",
            ),
        ),
        article=article,
    )


def activite_principale(figures, applicant) -> str | None:
    """Art. 18 b and 19 b: main activity (more than 50 % of the sales floor and more than 50 % of
    the stock) or a majority of turnover from the sale of recorded media."""
    surface = money_of(figures, "part_surface_vente")
    stock = money_of(figures, "part_stock")
    turnover = money_of(figures, "part_ca_supports_enregistres")
    if (surface > 50 and stock > 50) or turnover > 50:
        return None
    return (
        "La vente de supports enregistrés doit être l'activité principale (plus de 50 % de la "
        "surface de vente et plus de 50 % du stock) ou représenter la majorité du chiffre "
        "d'affaires."
    )


def tpe(figures, applicant) -> str | None:
    """Art. 18 b and 19 b: a TPE (microentreprise, décret n° 2008-1354): fewer than 10 persons
    and a turnover or a balance-sheet total of 2 000 000 € at most."""
    if int(figures.get("effectif") or 0) >= TPE_EFFECTIF_MAX:
        return "Le demandeur doit être une TPE : moins de 10 personnes employées."
    if (
        money_of(figures, "chiffre_affaires") > TPE_SEUIL
        and money_of(figures, "total_bilan") > TPE_SEUIL
    ):
        return (
            "Le demandeur doit être une TPE : chiffre d'affaires annuel ou total de bilan "
            "n'excédant pas 2 000 000 €."
        )
    return None


def entreprise_individuelle(figures, applicant) -> str | None:
    """Art. 18 b and 19 b: an entreprise individuelle is admissible by derogation only (the CNM
    decides): a warning, not a refusal."""
    if applicant is not None and applicant.legal_form == LegalForm.ENTREPRENEUR_INDIVIDUEL:
        return (
            "Demande d'une entreprise individuelle : recevable à titre dérogatoire seulement, "
            "sur appréciation du CNM."
        )
    return None


def _applicant_criteria(article: str) -> tuple[Criterion, ...]:
    return (
        Criterion(
            "activite_principale",
            "Activité principale de disquaire (plus de 50 % de la surface de vente et du stock) "
            "ou majorité du chiffre d'affaires issue de la vente de supports enregistrés",
            article,
            activite_principale,
            scope=DEMANDEUR,
        ),
        Criterion(
            "tpe",
            "Personne morale répondant aux caractéristiques des TPE (moins de 10 personnes, "
            "chiffre d'affaires ou total de bilan ≤ 2 000 000 €)",
            article,
            tpe,
            scope=DEMANDEUR,
        ),
        Criterion(
            "entreprise_individuelle",
            "Entreprise individuelle : recevable à titre dérogatoire",
            article,
            entreprise_individuelle,
            blocking=False,
            scope=DEMANDEUR,
        ),
    )


APPLICANT_FIGURES = (
    percent(
        "part_surface_vente",
        "Part de la surface de vente au sol consacrée aux supports enregistrés (%)",
        step=DEMANDEUR,
    ),
    percent("part_stock", "Part du stock en supports enregistrés (%)", step=DEMANDEUR),
    percent(
        "part_ca_supports_enregistres",
        "Part du chiffre d'affaires issue de la vente de supports enregistrés (%)",
        step=DEMANDEUR,
    ),
    integer("effectif", "Effectif (personnes employées)", step=DEMANDEUR),
    amount("chiffre_affaires", "Chiffre d'affaires annuel (dernier exercice)", step=DEMANDEUR),
    amount("total_bilan", "Total du bilan (dernier exercice)", step=DEMANDEUR),
)

APPRECIATION = (
    "Projet d'activité et prévisionnels réalistes",
    "Surface et, le cas échéant, proportion d'activité de disquaire en lien avec d'autres "
    "activités",
    "Proportion de la vente de supports enregistrés de nouvelles productions",
    "L'augmentation du nombre de fournisseurs",
    "La lisibilité et la cohérence économique du projet",
    "Le professionnalisme du porteur de projet (rigueur et sérieux de la demande, sincérité des "
    "informations et documents, respect des bonnes pratiques professionnelles)",
    "Le respect des obligations sociales, fiscales et professionnelles du porteur de projet",
    "Les dispositions prises en termes d'égalité femmes-hommes",
    "Les dispositions prises en termes de gestion de l'impact environnemental",
)

COMMON_NOTES = (
    SECTION_REGIME,
    "TPE : définition des microentreprises du décret n° 2008-1354 (moins de 10 personnes ; "
    "chiffre d'affaires annuel ou total de bilan n'excédant pas 2 000 000 €).",
    "Sociétés commerciales et associations ; entrepreneurs individuels admis avec un "
    "avertissement (« à titre dérogatoire »), collectivités et établissements publics exclus.",
    "Non-cumul des art. 18 et 19 : apprécié pour le même projet (même enseigne, mêmes "
    "dépenses), sur la déclaration du demandeur.",
)

# --- art. 18 ----------------------------------------------------------------------------------

OPERATIONS_18 = (
    ("creation", "Création"),
    ("extension", "Extension"),
    ("demenagement", "Déménagement"),
    ("reprise", "Reprise"),
    ("transmission", "Transmission"),
)


def art18_avant_ouverture(figures, applicant) -> str | None:
    """Art. 18 c: the aid is requested before the opening or the takeover of the shop (the
    deposit date strictly before it; « à vérifier » while the deposit date is unknown)."""
    opening = figures.get("date_ouverture")
    if opening is None:
        raise KeyError("date_ouverture")
    on = applicant.on if applicant is not None else None
    if on is None:
        return Unverified(
            "À vérifier au dépôt : la demande doit intervenir avant l'ouverture ou la reprise."
        )
    if on >= opening:
        return "La demande d'aide doit intervenir avant l'ouverture ou la reprise de l'enseigne."
    return None


def art18_reprise_trois_ans(figures, applicant) -> str | None:
    """Art. 18 d: on a takeover, one shop cannot receive more than one aid over three years
    (allowed again from the third anniversary of the previous aid)."""
    previous = figures.get("date_derniere_aide_enseigne")
    if figures.get("operation") != "reprise" or previous is None:
        return None
    on = applicant.on if applicant is not None else None
    if on is None:
        return Unverified(
            "À vérifier au dépôt : une même enseigne reprise ne peut bénéficier de plus d'une "
            "aide sur trois ans."
        )
    if on < add_years(previous, 3):
        return (
            "En cas de reprise, une même enseigne ne peut bénéficier de plus d'une aide sur une "
            f"période de trois ans (nouvelle aide possible à partir du "
            f"{add_years(previous, 3):%d/%m/%Y})."
        )
    return None


def art18_non_cumul(figures, applicant) -> str | None:
    """Art. 18 b: not cumulative with the aid of art. 19."""
    if figures.get("aide_art19_meme_projet"):
        return (
            "L'aide n'est pas cumulable avec l'aide à la modernisation et au développement des "
            "disquaires indépendants (art. 19)."
        )
    return None


ART18 = register(
    Programme(
        article="18",
        title="Aide à la création ou à la reprise d'activité de disquaire indépendant",
        section=SECTION,
        version="2022/CA/29 du 16 décembre 2022",
        valid_from=datetime.date(2022, 12, 16),
        deliberations=(
            "Modifié par délibération n° 2021B/CA/04 du 17 décembre 2021, délibération "
            "n° 2022/CA/13 du 5 juillet 2022, délibération n° 2022/CA/29 du 16 décembre 2022"
        ),
        objectives=(
            "Accompagner la création, l'extension, le déménagement, la reprise ou la "
            "transmission d'une enseigne de disquaire indépendant."
        ),
        beneficiaries=(
            "Les disquaires indépendants : personnes morales répondant aux caractéristiques des "
            "TPE ; à titre dérogatoire, les entreprises individuelles."
        ),
        applicant_kinds=frozenset({MORALE}),
        legal_forms=DISQUAIRES,
        criteria=(
            *_applicant_criteria("18"),
            Criterion(
                "avant_ouverture",
                "Demande présentée avant l'ouverture ou la reprise de l'enseigne",
                "18",
                art18_avant_ouverture,
            ),
            Criterion(
                "reprise_trois_ans",
                "En cas de reprise, une seule aide par enseigne sur trois ans",
                "18",
                art18_reprise_trois_ans,
            ),
            Criterion(
                "stock_neuf",
                "Stock de références composé en majorité de supports enregistrés neufs",
                "18",
            ),
            Criterion(
                "non_cumul",
                "Pas de cumul avec l'aide à la modernisation et au développement (art. 19)",
                "18",
                art18_non_cumul,
            ),
        ),
        figures=(
            *APPLICANT_FIGURES,
            choice("operation", "Nature de l'opération", OPERATIONS_18),
            date("date_ouverture", "Date d'ouverture ou de reprise de l'enseigne (prévue)"),
            date(
                "date_derniere_aide_enseigne",
                "Reprise : date de la dernière aide du CNM obtenue pour cette enseigne",
                help="À laisser vide si l'enseigne n'a jamais été aidée.",
                required=False,
                min_value=datetime.date(1990, 1, 1),
            ),
            boolean(
                "aide_art19_meme_projet",
                "Une aide à la modernisation (art. 19) est demandée ou obtenue pour ce projet",
                step=FINANCEMENT,
            ),
            amount(
                "deja_attribue_enseigne",
                "Aides déjà obtenues sur ce programme pour cette enseigne",
                help="Le plafond de 50 000 € s'apprécie par enseigne.",
                required=False,
                step=FINANCEMENT,
                article="18",
            ),
        ),
        expense_categories=(
            ExpenseCategory(
                "acquisition",
                "Acquisition d'un droit au bail, d'un fonds de commerce, d'actions ou de parts "
                "sociales de sociétés d'exploitation (droits de mutation compris)",
            ),
            ExpenseCategory(
                "investissements_ouverture",
                "Investissements d'ouverture (travaux d'aménagement, mobilier, équipements, "
                "honoraires)",
            ),
            ExpenseCategory(
                "stock",
                "Constitution d'un stock de références (majorité de supports enregistrés neufs)",
            ),
        ),
        eligible_expenses=(
            "L'acquisition d'un droit au bail, d'un fonds de commerce, d'actions ou de parts "
            "sociales de sociétés d'exploitation, droits de mutation compris ; les investissements "
            "d'ouverture (travaux d'aménagement, mobilier, équipements, honoraires) ; la "
            "constitution d'un stock de références (majorité de supports enregistrés neufs). "
            "Montants hors taxes."
        ),
        steps=(
            RateOf(
                Decimal("0.50"),
                "depenses_eligibles",
                label="50 % des dépenses éligibles HT",
                article="18",
            ),
            cap_less_already(
                Decimal("50000"),
                "deja_attribue_enseigne",
                label="Plafond par enseigne",
                article="18",
                what="par enseigne",
                description="50 000 € au plus par enseigne (aides déjà obtenues pour l'enseigne "
                "déduites)",
            ),
        ),
        limits_text=(
            "En cas de reprise, une même enseigne ne peut bénéficier de plus d'une aide sur une "
            "période de trois ans.",
        ),
        payment=split_disquaires("18"),
        documents=(
            Document(
                "projet_activite",
                "Projet d'activité et comptes prévisionnels",
            ),
            Document("devis", "Devis des investissements et de la constitution du stock"),
            Document(
                "acte_acquisition",
                "Bail, promesse ou compromis de cession du fonds ou des parts",
                required=False,
            ),
            Document("comptes", "Derniers bilan et compte de résultat", required=False),
        ),
        appreciation=APPRECIATION,
        bilan=(
            "Solde de 30 % après la fourniture des factures acquittées ou des justificatifs des "
            "investissements."
        ),
        notes=(
            *COMMON_NOTES,
            "« 50 000 € par enseigne » : cumul des aides de ce programme pour la même enseigne "
            "(création puis extension, par exemple).",
            "Reprise : une nouvelle aide est possible à partir du troisième anniversaire de la "
            "précédente (29 février : 28 février).",
            "« Avant l'ouverture » : la date de dépôt doit précéder strictement la date "
            "d'ouverture ou de reprise.",
        ),
    )
)

# --- art. 19 ----------------------------------------------------------------------------------

INVESTISSEMENTS_19 = ("travaux", "equipements")
CHARGES_19 = ("stock", "ressources", "evenements")
RATE_INVESTISSEMENTS = Decimal("0.70")
RATE_CHARGES = Decimal("0.50")


def art19_rates(current, ctx):
    """Art. 19 d: at most 70 % of the investment expenses and 50 % of the running costs
    retained (works and equipment are investments; stock, resources, studies, communication and
    events are running costs)."""
    investments = sum((ctx.money(f"depenses_{code}") for code in INVESTISSEMENTS_19), Decimal(0))
    charges = sum((ctx.money(f"depenses_{code}") for code in CHARGES_19), Decimal(0))
    part_investments = apply_rate(investments, RATE_INVESTISSEMENTS)
    part_charges = apply_rate(charges, RATE_CHARGES)
    limit = part_investments + part_charges
    after = limit if current is None else min(current, limit)
    detail = (
        f"70 % × {format_euros(investments)} d'investissements = {format_euros(part_investments)}"
        f" ; 50 % × {format_euros(charges)} de charges courantes = {format_euros(part_charges)}"
    )
    return after, detail


def art19_non_engagees(figures, applicant) -> str | None:
    """Art. 19 c: eligible expenses must not have been committed before the deposit."""
    if figures.get("depenses_engagees"):
        return "Les dépenses éligibles ne doivent pas avoir été engagées avant le dépôt du dossier."
    return None


def art19_non_cumul(figures, applicant) -> str | None:
    """Art. 19 b: not cumulative with the aid of art. 18."""
    if figures.get("aide_art18_meme_projet"):
        return (
            "L'aide n'est pas cumulable avec l'aide à la création ou à la reprise d'activité de "
            "disquaire indépendant (art. 18)."
        )
    return None


ART19 = register(
    Programme(
        article="19",
        title="Aide à la modernisation et au développement des disquaires indépendants",
        section=SECTION,
        version="2022/CA/29 du 16 décembre 2022",
        valid_from=datetime.date(2022, 12, 16),
        deliberations=(
            "Créé par délibération n° 2021B/CA/04 du 17 décembre 2021 ; modifié par délibération "
            "n° 2022/CA/13 du 5 juillet 2022, délibération n° 2022/CA/29 du 16 décembre 2022"
        ),
        objectives=(
            "Permettre aux disquaires d'accélérer leurs investissements de modernisation, "
            "notamment pour améliorer leurs conditions d'accueil du public, la gestion des stocks "
            "et les outils de vente ; encourager l'élargissement du stock et des références, la "
            "mise en valeur de la diversité et l'organisation d'événements."
        ),
        beneficiaries=(
            "Les disquaires indépendants : personnes morales répondant aux caractéristiques des "
            "TPE ; à titre dérogatoire, les entreprises individuelles."
        ),
        applicant_kinds=frozenset({MORALE}),
        legal_forms=DISQUAIRES,
        criteria=(
            *_applicant_criteria("19"),
            Criterion(
                "non_engagees",
                "Dépenses non engagées avant le dépôt du dossier",
                "19",
                art19_non_engagees,
            ),
            Criterion(
                "non_cumul",
                "Pas de cumul avec l'aide à la création ou à la reprise (art. 18)",
                "19",
                art19_non_cumul,
            ),
        ),
        figures=(
            *APPLICANT_FIGURES,
            boolean(
                "depenses_engagees",
                "Des dépenses présentées ont déjà été engagées (commandées ou payées)",
            ),
            boolean(
                "aide_art18_meme_projet",
                "Une aide à la création ou à la reprise (art. 18) est demandée ou obtenue pour ce "
                "projet",
                step=FINANCEMENT,
            ),
        ),
        expense_categories=(
            ExpenseCategory(
                "travaux",
                "Investissements : travaux de rénovation ou d'aménagement (honoraires compris)",
            ),
            ExpenseCategory(
                "equipements",
                "Investissements : mobiliers, matériels, équipements et outils informatiques",
            ),
            ExpenseCategory(
                "stock",
                "Charges courantes : élargissement ou charges du stock de supports enregistrés "
                "neufs",
            ),
            ExpenseCategory(
                "ressources",
                "Charges courantes : besoin ponctuel de ressources, études, diagnostics ou "
                "charges de communication",
            ),
            ExpenseCategory(
                "evenements",
                "Charges courantes : organisation d'événements (accueil d'artistes rémunérés…)",
            ),
        ),
        eligible_expenses=(
            "Investissements : travaux de rénovation ou d'aménagement (honoraires compris), "
            "acquisition de mobiliers, matériels, équipements et outils informatiques. Charges "
            "courantes : élargissement ou charges du stock de références de supports enregistrés "
            "neufs, besoin ponctuel de ressources, études, diagnostics ou charges de "
            "communication, organisation d'événements (notamment l'accueil d'artistes rémunérés). "
            "Dépenses non engagées avant le dépôt du dossier."
        ),
        steps=(
            Custom(
                art19_rates,
                label="70 % des investissements et 50 % des charges courantes",
                article="19",
            ),
            CapYearly(Decimal("50000"), label="Plafond par enseigne et par an", article="19"),
        ),
        payment=split_disquaires("19"),
        documents=(
            Document("projet", "Présentation du projet de modernisation et de développement"),
            Document("devis", "Devis des dépenses présentées"),
            Document("comptes", "Derniers bilan et compte de résultat"),
        ),
        appreciation=APPRECIATION,
        bilan=(
            "Solde de 30 % après la fourniture des factures acquittées ou des justificatifs des "
            "investissements."
        ),
        notes=(
            *COMMON_NOTES,
            "Investissements (70 %) : travaux et équipements ; charges courantes (50 %) : stock, "
            "ressources, études, diagnostics, communication et événements (le stock est une "
            "charge, non une immobilisation).",
            "« 50 000 € par enseigne et par an » : compté sur les aides de ce programme obtenues "
            "par le bénéficiaire dans l'année civile (un disquaire TPE a en règle générale une "
            "seule enseigne ; l'instructeur ajuste pour un bénéficiaire qui en a plusieurs).",
        ),
    )
)
