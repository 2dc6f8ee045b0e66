"""Section 6 of the RGA, the venues: art. 22 (création de salles) and 23 (équipement et mise en
conformité des salles). Loaded by :mod:`aides.programmes.spectacle`."""

from __future__ import annotations

import datetime
from decimal import Decimal

from aides.programmes import register
from aides.programmes.base import (
    DEMANDEUR,
    MORALE,
    SPLIT_60_40,
    ZERO,
    CapEur,
    Context,
    Criterion,
    Custom,
    Document,
    ExpenseCategory,
    Programme,
    RateOf,
    boolean,
    format_share,
    integer,
)
from aides.programmes.spectacle import SECTION
from cnm_portal.money import apply_rate, format_euros

ASTP_MESSAGE = (
    "Les adhérents de l'Association pour le soutien du théâtre privé ne sont pas éligibles."
)


def not_astp(figures, applicant) -> str | None:
    """Art. 22 c, 23 c, 40 c, 41 c: not a member of the Association pour le soutien du théâtre
    privé."""
    return ASTP_MESSAGE if figures.get("adherent_astp") else None


ASTP_FIGURE = boolean(
    "adherent_astp",
    "La structure est adhérente de l'Association pour le soutien du théâtre privé (ASTP)",
    step=DEMANDEUR,
)


def venue_appreciation(shows: str) -> tuple[str, ...]:
    return (
        "Pilier économique : lisibilité budgétaire ; volume prévisionnel et type d'activités au "
        f"regard du contexte territorial ({shows}) ; identification financière et fonctionnelle "
        "du lieu ; ressources propres et partenaires financiers ; rigueur et sincérité",
        "Pilier social/sociétal : conventions collectives ; salle accessible aux entrepreneurs de "
        "spectacles (sauf exploitation de type cabaret) ; contexte territorial ; place des "
        "femmes ; bonnes pratiques professionnelles ; actions à l'année, réseaux",
    )


# --- art. 22 --------------------------------------------------------------------------------


def art22_capacity(figures, applicant) -> str | None:
    """Art. 22 c: an ERP « de jauge ne dépassant pas 2 000 places »."""
    if figures["jauge"] > 2000:
        return "La jauge de la salle ne peut pas dépasser 2 000 places."
    return None


ART22 = register(
    Programme(
        article="22",
        title="Aide à la création de salles de spectacle",
        section=SECTION,
        version="2023/CA/04 du 15 mars 2023",
        valid_from=datetime.date(2023, 3, 20),
        deliberations=(
            "Modifié par délibération n° 2021B/CA/04 du 17 décembre 2021, délibération "
            "n° 2022/CA/29 du 16 décembre 2022, délibération n° 2023/CA/04 du 15 mars 2023"
        ),
        objectives=(
            "Soutenir le développement du parc des salles de musique et de variétés de petite et "
            "moyenne jauge."
        ),
        beneficiaries="Le propriétaire ou le futur exploitant de la salle.",
        applicant_kinds=frozenset({MORALE}),
        criteria=(
            Criterion("astp", "Ne pas être adhérent de l'ASTP", "22", not_astp, scope=DEMANDEUR),
            Criterion("jauge", "ERP de jauge ne dépassant pas 2 000 places", "22", art22_capacity),
            Criterion(
                "activite",
                "Projet d'activité de diffusion de spectacles dans le champ du CNM, régulière et "
                "pérenne ; financement des équipements scéniques et techniques",
                "22",
            ),
            Criterion(
                "suivi",
                "CNM informé à chaque stade (faisabilité, programme, concours, APS, APD, CCTP)",
                "22",
            ),
            Criterion("cumul", "Dépenses ne faisant pas l'objet d'un autre soutien du CNM", "22"),
        ),
        figures=(ASTP_FIGURE, integer("jauge", "Jauge de la future salle (places)")),
        expense_categories=(
            ExpenseCategory(
                "etudes",
                "Études préalables, honoraires de maîtrise d'œuvre, d'acoustique et de "
                "scénographie",
            ),
            ExpenseCategory(
                "equipements", "Équipements scéniques et techniques, mobilier et assises"
            ),
        ),
        eligible_expenses=(
            "Études préalables, honoraires de maîtrise d'œuvre, d'acoustique et de scénographie ; "
            "équipements scéniques et techniques, mobilier et assises. Ces dépenses ne peuvent "
            "faire l'objet d'un autre soutien du CNM."
        ),
        steps=(
            RateOf(
                Decimal("0.30"),
                "depenses_eligibles",
                label="30 % des postes éligibles",
                article="22",
            ),
            CapEur(Decimal("200000"), label="Plafond par projet", article="22"),
        ),
        payment=SPLIT_60_40,
        documents=(
            Document("budget", "Budget et plan de financement du projet"),
            Document("faisabilite", "Étude de faisabilité ou de définition"),
            Document(
                "programme", "Programme architectural, technique et fonctionnel", required=False
            ),
            Document("avant_projet", "Avant-projet sommaire ou définitif", required=False),
            Document("cctp", "CCTP et description des équipements scéniques", required=False),
        ),
        appreciation=(
            *venue_appreciation("au moins dix spectacles du champ du CNM en milieu rural"),
            "Projet architectural et scénographique adapté aux spectacles accueillis ; "
            "dimensionnement des espaces ; au moins 60 % de spectacles de musique et de variétés "
            "au programme prévisionnel ; prise de risque et talents émergents",
            "Pilier environnemental : tendre vers un bâtiment à énergie positive",
        ),
        bilan=(
            "Solde de 40 % sur présentation du bilan de l'opération, des factures acquittées des "
            "investissements soutenus et de l'arrêté de la licence de spectacle de la salle."
        ),
        limits_text=("Une convention peut être établie entre le demandeur et le CNM.",),
    )
)

# --- art. 23 --------------------------------------------------------------------------------

RESTRICTED_23 = ("transition_numerique", "transition_ecologique")
SMALL_INVESTMENT = Decimal("50000")


def art23_rate(current: Decimal | None, ctx: Context) -> tuple[Decimal, str]:
    """Art. 23 d and e: the digital and ecological transition items count only for venues of
    less than 2 000 places or labelled « Zénith »; 30 % of the eligible items, 50 % when the
    total investment is under 50 000 € HT."""
    base = ctx.money("depenses_eligibles")
    notes = []
    if not (ctx.figures.get("jauge", 0) < 2000 or ctx.flag("label_zenith")):
        removed = sum((ctx.money(f"depenses_{code}") for code in RESTRICTED_23), ZERO)
        if removed:
            base -= removed
            ctx.values["depenses_eligibles"] = base
            ctx.warnings.append(
                "Les investissements de transition numérique et écologique ne sont retenus que "
                "pour les salles de moins de 2 000 places ou labellisées « Zénith »."
            )
            notes.append(f"{format_euros(removed)} de transition numérique/écologique exclus")
    rate = Decimal("0.50") if ctx.money("budget_total") < SMALL_INVESTMENT else Decimal("0.30")
    value = apply_rate(base, rate)
    notes.append(f"{format_share(rate)} × {format_euros(base)} = {format_euros(value)}")
    return value, " ; ".join(notes)


ART23 = register(
    Programme(
        article="23",
        title="Aide à l'équipement et à la mise en conformité des salles de spectacle en activité",
        section=SECTION,
        version="2023/CA/04 du 15 mars 2023",
        valid_from=datetime.date(2023, 3, 20),
        deliberations=(
            "Modifié par délibération n° 2021B/CA/04 du 17 décembre 2021, délibération "
            "n° 2022/CA/29 du 16 décembre 2022, délibération n° 2023/CA/04 du 15 mars 2023"
        ),
        objectives=(
            "Améliorer le parc des salles de spectacles de musiques et variétés et les adapter "
            "aux législations et protocoles d'accueil du public et des artistes (accessibilité, "
            "sécurité incendie, sûreté, législation sonore, normes sanitaires…), avec une "
            "attention particulière aux salles de petite et moyenne jauge."
        ),
        beneficiaries="Le propriétaire ou l'exploitant de la salle.",
        applicant_kinds=frozenset({MORALE}),
        licence_required=True,
        criteria=(
            Criterion("astp", "Ne pas être adhérent de l'ASTP", "23", not_astp, scope=DEMANDEUR),
            Criterion(
                "licence_salle", "Licence 1 à jour attachée à la salle", "23", scope=DEMANDEUR
            ),
            Criterion(
                "activite",
                "Activité de diffusion professionnelle, régulière et pérenne",
                "23",
                scope=DEMANDEUR,
            ),
            Criterion(
                "anterieurs",
                "Pas d'investissement antérieur au dépôt, sauf acquisition urgente (sécurité des "
                "lieux, de l'équipe et du public, panne de matériel)",
                "23",
            ),
            Criterion("cumul", "Dépenses ne faisant pas l'objet d'un autre soutien du CNM", "23"),
        ),
        figures=(
            ASTP_FIGURE,
            integer("jauge", "Jauge de la salle (places)"),
            boolean("label_zenith", "Salle labellisée « Zénith »"),
        ),
        expense_categories=(
            ExpenseCategory(
                "accueil",
                "Aménagement, rénovation, améliorations de l'accueil des spectacles et du public "
                "(gradins, assises, circulations, traitement d'air…)",
            ),
            ExpenseCategory("accessibilite", "Accessibilité universelle"),
            ExpenseCategory("surete", "Sûreté des bâtiments (flux, vidéosurveillance…)"),
            ExpenseCategory("acoustique", "Insonorisation, traitement acoustique"),
            ExpenseCategory(
                "gestion_sonore", "Matériel de respect de la législation et de gestion sonore"
            ),
            ExpenseCategory("leds", "Passage aux sources LED pour les éclairages scéniques"),
            ExpenseCategory(
                "transition_numerique",
                "Travaux et équipements scéniques et techniques de transition numérique (salles "
                "de moins de 2 000 places ou « Zénith »)",
            ),
            ExpenseCategory(
                "transition_ecologique",
                "Travaux et équipements de transition écologique (salles de moins de 2 000 "
                "places ou « Zénith »)",
            ),
        ),
        eligible_expenses=(
            "Pour toutes les jauges : aménagements et équipements pour l'accueil du public et "
            "des spectacles, accessibilité, sûreté, acoustique, gestion sonore, sources LED. Pour "
            "les salles de moins de 2 000 places et les « Zénith » : aussi les investissements de "
            "transition numérique et écologique. Les investissements antérieurs au dépôt ne sont "
            "pas éligibles, sauf acquisitions urgentes."
        ),
        steps=(
            Custom(
                art23_rate,
                label="30 % des postes éligibles (50 % sous 50 000 € HT d'investissement)",
                article="23",
            ),
            CapEur(Decimal("200000"), label="Plafond de l'aide", article="23"),
        ),
        payment=SPLIT_60_40,
        documents=(
            Document("budget", "Budget et plan de financement des investissements"),
            Document("devis", "Devis des investissements"),
            Document("licence", "Licence 1 attachée à la salle"),
            Document("programmation", "Programmation de l'année civile précédente"),
        ),
        appreciation=(
            *venue_appreciation("au moins quinze spectacles du champ du CNM en milieu rural"),
            "Au moins 70 % de spectacles du champ du CNM l'année civile précédant le dépôt, ou "
            "à défaut quinze spectacles en contexte rural",
            "Pilier environnemental : gestion de l'impact environnemental",
        ),
        bilan=(
            "Solde de 40 % sur présentation du bilan de l'opération, des factures acquittées des "
            "investissements soutenus et de l'arrêté de la licence n° 1 attachée à la salle."
        ),
        notes=(
            "« Jusqu'à 50 % d'un total d'investissement inférieur à 50 000 € HT » : le total est "
            "le budget total HT du projet (strictement moins de 50 000 €) ; l'aide maximale est "
            "calculée au taux de 50 %.",
            "Le plafond de 200 000 € s'applique à chaque demande.",
        ),
    )
)
