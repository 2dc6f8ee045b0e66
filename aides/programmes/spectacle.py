"""Section 6 of the RGA: programmes d'aide au spectacle vivant musical et de variétés.

Art. 20 (création, production, diffusion) and 21 (promoteurs-diffuseurs) are defined here, with
the section and the date helpers; art. 22 and 23 (salles) in :mod:`.spectacle_lieux`, art. 24
(diffusion des lieux, the unit-rate programme) in :mod:`.spectacle_diffusion`, art. 25 and 26
(résidences, festivals) in :mod:`.spectacle_festivals`, all imported at the end so that the
registry's ``spectacle`` entry loads the whole section.

Rules on the deposit date (seniority, a project or festival after the deposit) compare with
``Applicant.on``; in the simulator (no deposit date) they answer :class:`Unverified`.
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from aides.programmes import register
from aides.programmes.base import (
    BUDGET,
    DEMANDEUR,
    FINANCEMENT,
    MORALE,
    CapEur,
    CapPublicShare,
    CapYearly,
    Criterion,
    Document,
    Programme,
    Section,
    Unverified,
    amount,
    boolean,
    date,
    integer,
    money_of,
)

SECTION = Section(6, "Programmes d'aide au spectacle vivant musical et de variétés")

# --- dates ----------------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` + ``months`` calendar months, on the last day of the month when it is shorter
    (31 August + 18 months = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def seniority_check(start: datetime.date, applicant, *, years: int, strict: bool, message: str):
    """Art. 20, 21 (« une année d'activité minimum »: start + 1 year ≤ deposit date) and art. 40,
    41 (« en activité depuis plus de trois ans à la date de dépôt »: start + 3 years < deposit
    date): ``message`` when not met, :class:`Unverified` without a deposit date."""
    on = applicant.on if applicant is not None else None
    if on is None:
        return Unverified(f"À vérifier à la date de dépôt : {message[0].lower()}{message[1:]}")
    anniversary = add_months(start, 12 * years)
    met = anniversary < on if strict else anniversary <= on
    return None if met else message


COMMON_APPRECIATION_END = (
    "Les dispositions prises par le porteur du projet en termes d'égalité femmes-hommes",
    "Les dispositions prises par le porteur du projet en termes de gestion de l'impact "
    "environnemental",
)

# --- art. 20 --------------------------------------------------------------------------------


def art20_one_year(figures, applicant) -> str | None:
    """Art. 20 c: « pouvoir justifier d'une année d'activité minimum » on the deposit date."""
    return seniority_check(
        figures["debut_activite"],
        applicant,
        years=1,
        strict=False,
        message="Le demandeur doit justifier d'une année d'activité au moins à la date de dépôt.",
    )


def art20_representations(figures, applicant) -> str | None:
    """Art. 20 d: at least eight firmly confirmed representations (five in classical and
    contemporary music) over eighteen months at most."""
    minimum = 5 if figures.get("musiques_classique_contemporaine") else 8
    if figures["representations_confirmees"] < minimum:
        return (
            f"Le projet doit compter au moins {minimum} représentations fermement confirmées "
            "(huit, cinq en musiques classique et contemporaine)."
        )
    first, last = figures["date_premiere_representation"], figures["date_derniere_representation"]
    if last < first:
        return "La dernière représentation ne peut pas précéder la première."
    if last > add_months(first, 18):
        return "Les représentations doivent se dérouler sur une période de dix-huit mois au plus."
    return None


def art20_thirds(figures, applicant) -> str | None:
    """Art. 20 d: at most a third of the representations in the six months before the deposit
    deadline, and at most a third without ticketing."""
    total = figures["representations_confirmees"]
    if 3 * figures["representations_six_mois_avant"] > total:
        return (
            "Au plus un tiers des représentations peut avoir eu lieu dans les six mois précédant "
            "la date limite de dépôt."
        )
    if 3 * figures["representations_sans_billetterie"] > total:
        return "Au plus un tiers des représentations peut être non soumis à billetterie."
    return None


def art20_border_dates(figures, applicant) -> str | None:
    """Art. 20 d: at most three dates in French-speaking border territories."""
    if figures["dates_territoires_frontaliers"] > 3:
        return (
            "Au plus trois dates peuvent se dérouler sur des territoires frontaliers francophones."
        )
    return None


def art20_overheads(figures, applicant) -> str | None:
    """Art. 20 d: at most 15 % of frais de structure in the project's budget."""
    if money_of(figures, "frais_structure") * 100 > money_of(figures, "budget_total") * 15:
        return "Les frais de structure ne peuvent pas dépasser 15 % du budget du projet."
    return None


def art20_own_funds(figures, applicant) -> str | None:
    """Art. 20 d: « une proportion minimale d'apport en fonds propres » — the RGA gives no figure,
    so only a project without any cash contribution of the structure is refused."""
    if money_of(figures, "apport_fonds_propres") <= 0:
        return "Le projet doit comporter un apport en fonds propres (numéraire) de la structure."
    return None


def art20_expenses_before(figures, applicant) -> str | None:
    """Art. 20 e: at most 50 % of the eligible expenses made in the six months before the
    deposit date."""
    if money_of(figures, "depenses_avant_depot") * 2 > money_of(figures, "depenses_eligibles"):
        return (
            "Au plus 50 % des dépenses éligibles peuvent avoir été effectuées dans les six mois "
            "précédant le dépôt du dossier."
        )
    return None


ART20 = register(
    Programme(
        article="20",
        title="Aide à la création, à la production et à la diffusion de spectacle vivant",
        section=SECTION,
        version="2022/CA/29 du 16 décembre 2022",
        valid_from=datetime.date(2022, 12, 16),
        deliberations=(
            "Modifié par délibération n° 2021A/CA/09 du 28 mai 2021, délibération n° 2021A/CA/18 "
            "du 6 juillet 2021, délibération n° 2021B/CA/04 du 17 décembre 2021, délibération "
            "n° 2022/CA/29 du 16 décembre 2022"
        ),
        objectives=(
            "Soutenir les projets artistiques de création de spectacles (résidences, "
            "préproductions, répétitions), préalables à une exploitation du spectacle, et les "
            "projets de production et de diffusion de spectacles de musique ou de variétés."
        ),
        beneficiaries=(
            "Le producteur générateur, c'est-à-dire l'employeur du plateau artistique du projet de "
            "création, de production ou de diffusion."
        ),
        applicant_kinds=frozenset({MORALE}),
        licence_required=True,
        criteria=(
            Criterion(
                "producteur",
                "Être un producteur de spectacle vivant dans le champ de la musique et des "
                "variétés, titulaire de la licence 2",
                "20",
                scope=DEMANDEUR,
            ),
            Criterion(
                "taxe",
                "Dans le champ de perception du CNM : avoir déjà payé et/ou déclaré la taxe sur "
                "les spectacles de variétés, et être en situation de régularité",
                "20",
                scope=DEMANDEUR,
            ),
            Criterion(
                "anciennete",
                "Justifier d'une année d'activité minimum",
                "20",
                art20_one_year,
                scope=DEMANDEUR,
            ),
            Criterion(
                "plateau", "Justifier de l'emploi du plateau artistique", "20", scope=DEMANDEUR
            ),
            Criterion("champ", "Relever du champ du CNM : musique et variétés", "20"),
            Criterion(
                "representations",
                "Au moins huit représentations fermement confirmées (cinq en musiques classique "
                "et contemporaine) sur dix-huit mois au plus",
                "20",
                art20_representations,
            ),
            Criterion(
                "tiers",
                "Au plus un tiers des représentations dans les six mois précédant la date limite "
                "de dépôt, au plus un tiers non soumises à billetterie",
                "20",
                art20_thirds,
            ),
            Criterion(
                "territoires",
                "En France métropolitaine et ultramarine ou sur les territoires francophones "
                "européens, au plus trois dates sur des territoires frontaliers francophones",
                "20",
                art20_border_dates,
            ),
            Criterion(
                "frais_structure", "Au plus 15 % de frais de structure", "20", art20_overheads
            ),
            Criterion(
                "minimas",
                "Respect des minima salariaux des conventions collectives (CCNSVP / CCNEAC)",
                "20",
            ),
            Criterion(
                "fonds_propres",
                "Une proportion minimale d'apport en fonds propres (numéraire, hors subventions, "
                "apports en industrie et mécénat)",
                "20",
                art20_own_funds,
            ),
            Criterion(
                "depenses_anterieures",
                "Au plus 50 % des dépenses éligibles effectuées dans les six mois précédant le "
                "dépôt ; dépenses engagées au plus tard douze mois après la date limite de dépôt",
                "20",
                art20_expenses_before,
            ),
        ),
        figures=(
            date("debut_activite", "Date de début d'activité de la structure", step=DEMANDEUR),
            boolean(
                "musiques_classique_contemporaine",
                "Projet relevant des musiques classique et contemporaine",
            ),
            integer("representations_confirmees", "Nombre de représentations fermement confirmées"),
            date("date_premiere_representation", "Date de la première représentation"),
            date("date_derniere_representation", "Date de la dernière représentation"),
            integer(
                "representations_six_mois_avant",
                "Représentations ayant lieu dans les six mois précédant la date limite de dépôt",
            ),
            integer(
                "representations_sans_billetterie", "Représentations non soumises à billetterie"
            ),
            integer(
                "dates_territoires_frontaliers",
                "Dates sur des territoires frontaliers francophones",
            ),
            amount(
                "frais_structure",
                "Frais de structure du projet (y compris CDD - CDDU administratifs)",
                step=BUDGET,
            ),
            amount(
                "depenses_avant_depot",
                "Dépenses éligibles effectuées dans les six mois précédant le dépôt",
                step=BUDGET,
            ),
            amount(
                "apport_fonds_propres",
                "Apport en fonds propres de la structure (numéraire)",
                step=FINANCEMENT,
            ),
        ),
        eligible_expenses=(
            "Tous les coûts directement liés au projet, engagés au plus tard douze mois après la "
            "date limite de dépôt ; au plus 50 % des dépenses éligibles effectuées dans les six "
            "mois précédant la date de dépôt."
        ),
        steps=(
            CapPublicShare(
                Decimal("0.50"),
                label="Financement public limité à 50 % du budget du projet (aide du CNM incluse)",
                article="20",
            ),
            CapEur(Decimal("75000"), label="Plafond par projet", article="20"),
            CapYearly(Decimal("300000"), label="Plafond par bénéficiaire et par an", article="20"),
        ),
        documents=(
            Document("budget", "Budget prévisionnel détaillé du projet"),
            Document(
                "planning",
                "Planning des représentations, avec les informations de billetterie de chaque date",
            ),
            Document(
                "confirmations",
                "Justificatifs des représentations fermement confirmées (contrats de cession, de "
                "coréalisation…)",
            ),
            Document("licence", "Licence d'entrepreneur de spectacles (catégorie 2)"),
        ),
        appreciation=(
            "La lisibilité et la cohérence économique du projet : besoins de financement, normes "
            "salariales, proportion de dépenses artistiques et techniques, moyens de communication "
            "et de promotion, coût plateau cohérent avec le contrat de cession moyen et le niveau "
            "de développement, proportion de recettes propres, part de financement public",
            "La lisibilité et la cohérence de la stratégie : diffusion, nombre de dates et densité "
            "du planning, durée de création au regard de la diffusion, prise de risque, niveau de "
            "développement, actualité de l'artiste, nouveaux talents et artistes émergents",
            "Le professionnalisme du porteur de projet (rigueur, sincérité, bonnes pratiques)",
            *COMMON_APPRECIATION_END,
        ),
        bilan=(
            "Solde sur présentation du bilan de l'opération au plus tard six mois après la date "
            "de fin du projet."
        ),
        notes=(
            "Le solde n'est pas chiffré par l'article : 30 % par déduction de l'acompte de 70 %.",
            "La part de financement public (50 %) se calcule sur le budget total du projet : "
            "l'aide maximale est 50 % du budget moins les autres aides publiques déclarées.",
            "La « proportion minimale » de fonds propres n'est pas chiffrée : seul un apport nul "
            "est bloquant, le niveau relève de l'appréciation de la commission.",
        ),
    )
)

# --- art. 21 --------------------------------------------------------------------------------


def art21_one_year(figures, applicant) -> str | None:
    """Art. 21 c: one year of activity at least on the deposit date."""
    return seniority_check(
        figures["debut_activite"],
        applicant,
        years=1,
        strict=False,
        message="Le demandeur doit justifier d'une année d'activité au moins à la date de dépôt.",
    )


def art21_not_producer(figures, applicant) -> str | None:
    """Art. 21 c: the applicant is not the producteur générateur of the show."""
    if figures.get("producteur_generateur"):
        return "Le demandeur ne doit pas être le producteur générateur du spectacle."
    return None


def art21_public_funding(figures, applicant) -> str | None:
    """Art. 21 c: public funding other than the CNM's aids, in the previous calendar year, does
    not exceed 10 % of the applicant's total budget."""
    public = money_of(figures, "financements_publics_annee_precedente")
    if public * 100 > money_of(figures, "budget_structure_annee_precedente") * 10:
        return (
            "Les financements publics (hors aides du CNM) de l'année civile précédente ne "
            "peuvent excéder 10 % du budget total du demandeur."
        )
    return None


def art21_after_deposit(figures, applicant) -> str | None:
    """Art. 21 d: « le projet présenté doit être postérieur à la date de dépôt du dossier »."""
    on = applicant.on if applicant is not None else None
    if on is None:
        return Unverified("À vérifier à la date de dépôt : le projet doit lui être postérieur.")
    if figures["date_debut_projet"] <= on:
        return "Le projet doit commencer après la date de dépôt du dossier."
    return None


def art21_capacity(figures, applicant) -> str | None:
    """Art. 21 d: shows in venues of less than 800 places."""
    if figures["jauge_max"] >= 800:
        return "Les spectacles doivent être diffusés dans des salles de moins de 800 places."
    return None


ART21 = register(
    Programme(
        article="21",
        title="Aide aux promoteurs-diffuseurs",
        section=SECTION,
        version="2022/CA/08 du 30 mars 2022",
        valid_from=datetime.date(2022, 3, 30),
        deliberations=(
            "Modifié par délibération n° 2021A/CA/21 du 18 octobre 2021, délibération "
            "n° 2022/CA/08 du 30 mars 2022"
        ),
        objectives=(
            "Soutenir la prise de risque des diffuseurs dans des projets de promotion et de "
            "diffusion d'artistes émergents ou en développement, de nouveaux talents ou de "
            "spectacles des esthétiques les moins exposées ; favoriser la continuité de carrière "
            "et le retour sur scène. Une ou plusieurs opérations : diffusion d'un artiste ou de "
            "plateaux d'artistes en développement, série de spectacles dans une salle, exposition "
            "d'un artiste sur un territoire en différents lieux."
        ),
        beneficiaries="Le diffuseur du spectacle, titulaire a minima d'une licence 3.",
        applicant_kinds=frozenset({MORALE}),
        licence_required=True,
        criteria=(
            Criterion(
                "anciennete",
                "Justifier d'une année d'activité minimum lors du dépôt",
                "21",
                art21_one_year,
                scope=DEMANDEUR,
            ),
            Criterion(
                "pas_producteur",
                "Ne pas être le producteur générateur du spectacle",
                "21",
                art21_not_producer,
                scope=DEMANDEUR,
            ),
            Criterion(
                "financements_publics",
                "Financements publics hors CNM de l'année civile précédente ≤ 10 % du budget "
                "total du demandeur",
                "21",
                art21_public_funding,
                scope=DEMANDEUR,
            ),
            Criterion("champ", "Relever du champ du CNM : musique et variétés", "21"),
            Criterion(
                "posterieur",
                "Projet postérieur à la date de dépôt du dossier",
                "21",
                art21_after_deposit,
            ),
            Criterion("jauge", "Salles de jauge inférieure à 800 places", "21", art21_capacity),
        ),
        figures=(
            date("debut_activite", "Date de début d'activité de la structure", step=DEMANDEUR),
            boolean("producteur_generateur", "Le demandeur est le producteur générateur"),
            amount(
                "financements_publics_annee_precedente",
                "Financements publics reçus l'année civile précédente, hors aides du CNM",
                step=DEMANDEUR,
            ),
            amount(
                "budget_structure_annee_precedente",
                "Budget total de la structure l'année civile précédente (toutes activités)",
                step=DEMANDEUR,
            ),
            date("date_debut_projet", "Date de la première opération du projet"),
            integer("jauge_max", "Jauge de la plus grande salle du projet (places)"),
        ),
        eligible_expenses="Tous les coûts directement liés au projet.",
        steps=(
            CapPublicShare(
                Decimal("0.50"),
                label="Financement public limité à 50 % du budget du projet (aide du CNM incluse)",
                article="21",
            ),
            CapYearly(Decimal("25000"), label="Plafond par structure et par an", article="21"),
        ),
        documents=(
            Document("budget", "Budget prévisionnel détaillé du projet"),
            Document("licence", "Licence d'entrepreneur de spectacles (catégorie 3 au moins)"),
            Document(
                "comptes", "Comptes de l'année civile précédente (financements publics reçus)"
            ),
            Document("planning", "Planning des opérations (lieux, jauges, dates)"),
        ),
        appreciation=(
            "Pilier économique : lisibilité budgétaire ; l'année précédente, au moins 20 "
            "représentations organisées et la billetterie d'au moins 8 spectacles de musique et "
            "de variétés ; frais de structure et recettes propres cohérents ; prise de risque au "
            "regard des financements de l'État et des collectivités",
            "Pilier social/sociétal : rigueur et sincérité ; conventions collectives ; conditions "
            "d'emploi et d'accueil ; prix moyen du billet adapté au niveau de développement de "
            "l'artiste ; normes salariales ; contexte territorial et temporel ; place des femmes ; "
            "bonnes pratiques professionnelles",
            "Pilier environnemental : gestion de l'impact environnemental du projet",
        ),
        bilan=(
            "Solde sur présentation du bilan de l'opération au plus tard six mois après la date "
            "de fin du projet."
        ),
        notes=(
            "Le solde n'est pas chiffré par l'article : 30 % par déduction de l'acompte de 70 %.",
            "Les 20 représentations et 8 billetteries de l'année précédente figurent parmi les "
            "critères d'appréciation, non d'éligibilité : elles ne bloquent pas le dépôt.",
        ),
    )
)


# The other modules of the section import SECTION and the helpers above.
from aides.programmes import (  # noqa: E402,F401
    spectacle_diffusion,
    spectacle_festivals,
    spectacle_lieux,
)
