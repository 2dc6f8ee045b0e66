"""Section 6 of the RGA: art. 24, aide à l'activité de diffusion des lieux — the unit-rate
programme, computed line by line from the table of representations (a ``table`` figure, see
:mod:`aides.programmes.base`). Loaded by :mod:`aides.programmes.spectacle`."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from aides.programmes import register
from aides.programmes.base import (
    BUDGET,
    DEMANDEUR,
    MORALE,
    ONE_PAYMENT,
    ZERO,
    CapYearly,
    Context,
    Criterion,
    Custom,
    Document,
    Programme,
    UnitRate,
    amount,
    boolean,
    choice,
    date,
    format_share,
    integer,
    money_of,
    percent,
    table,
    text,
)
from aides.programmes.spectacle import SECTION
from cnm_portal.money import apply_rate, format_euros

# --- art. 24 --------------------------------------------------------------------------------

REGIONAL, NATIONAL = "regional", "national"
RATES_24 = {REGIONAL: Decimal("0.15"), NATIONAL: Decimal("0.10")}
TERRITORY_BONUS = Decimal("0.05")
PROJECT_LIMIT = Decimal("5000")
REPRESENTATION_LIMIT = Decimal("10000")
TEMPS_FORT = "temps_fort"


def artists_bonus(artists: int) -> Decimal:
    """Art. 24 e: + 5 % from four artists on stage, + 8 % from seven, + 10 % from ten."""
    for threshold, bonus in ((10, "0.10"), (7, "0.08"), (4, "0.05")):
        if artists >= threshold:
            return Decimal(bonus)
    return ZERO


def line_rate(row: Mapping, *, territorial: bool, temps_fort: bool) -> Decimal:
    """Art. 24 e: 15 % (« découverte » régional) or 10 % (national, international, or confirmed
    under 600 places), plus, outside a temps fort or hors-les-murs, 5 points for a small venue
    (under 100 places) or a rural / ultramarine / difficult territorial context, and the
    artists-on-stage bonus."""
    rate = RATES_24[row["categorie"]]
    if temps_fort or row.get("hors_les_murs"):
        return rate
    if row["jauge"] < 100 or territorial:
        rate += TERRITORY_BONUS
    return rate + artists_bonus(row["artistes_sur_scene"])


def diffusion_aid(
    rows: list[Mapping], *, territorial: bool, temps_fort: bool, year: int | None
) -> tuple[Decimal, list[str], list[str]]:
    """Art. 24 d and e, volet diffusion: ``(aid, detail lines, errors)``. Each row is one
    artistic project in one representation (rows with the same date and place form one
    representation); its costs count up to 5 000 €, a representation's up to 10 000 €, given to
    its best-rated projects first; each kept cost × its rate, rounded to the cent."""
    errors: list[str] = []
    groups: dict[tuple, list[tuple[int, Mapping]]] = {}
    for index, row in enumerate(rows, start=1):
        if year is not None and row["date"] < datetime.date(year, 1, 1):
            errors.append(
                f"Ligne {index} : seules les représentations à compter du 1er janvier {year} "
                "sont éligibles."
            )
            continue
        if not (temps_fort or row.get("hors_les_murs")) and row["jauge"] >= 600:
            errors.append(
                f"Ligne {index} : la jauge doit être inférieure à 600 places (hors temps fort "
                "et hors-les-murs)."
            )
            continue
        key = (row["date"], (row.get("lieu") or "").strip().lower())
        groups.setdefault(key, []).append((index, row))
    total = ZERO
    details: list[str] = []
    for (day, _place), lines in groups.items():
        room = REPRESENTATION_LIMIT
        rated = [
            (line_rate(row, territorial=territorial, temps_fort=temps_fort), i, row)
            for i, row in lines
        ]
        for rate, _index, row in sorted(rated, key=lambda item: (-item[0], item[1])):
            kept = min(row["cout_plateau"], PROJECT_LIMIT, room)
            room -= kept
            aid = apply_rate(kept, rate)
            total += aid
            details.append(
                f"{day:%d/%m/%Y} {row['artiste']} : {format_share(rate)} × {format_euros(kept)} "
                f"= {format_euros(aid)}"
            )
    return total, details, errors


def art24_diffusion_step(current: Decimal | None, ctx: Context) -> tuple[Decimal, str]:
    """Art. 24 e, volet diffusion, from the table of representations."""
    applicant = ctx.applicant
    year = applicant.on.year if applicant is not None and applicant.on is not None else None
    aid, details, errors = diffusion_aid(
        ctx.figures.get("representations") or [],
        territorial=ctx.flag("contexte_territorial"),
        temps_fort=ctx.figures.get("type_activite") == TEMPS_FORT,
        year=year,
    )
    ctx.errors.extend(errors)
    ctx.values["aide_diffusion"] = aid
    start = ZERO if current is None else current
    return start + aid, " ; ".join(details) or "aucune représentation"


def art24_previous_year(figures, applicant) -> str | None:
    """Art. 24 c: in the calendar year before the deposit, 70 % of the shows in the CNM's field,
    or failing that fifteen shows in a rural context."""
    if money_of(figures, "part_spectacles_champ_cnm") >= 70:
        return None
    if figures.get("contexte_rural") and figures["spectacles_champ_cnm"] >= 15:
        return None
    return (
        "L'année civile précédant le dépôt, au moins 70 % des spectacles doivent relever du champ "
        "du CNM (ou, à défaut, quinze spectacles dans un contexte rural)."
    )


def art24_dates(figures, applicant) -> str | None:
    """Art. 24 d: at least fifteen dates produced in the year, free shows counted up to 20 % of
    the programme."""
    total, free = figures["dates_produites"], figures["dates_gratuites"]
    if free > total:
        return "Les dates gratuites ne peuvent pas dépasser le nombre de dates produites."
    counted = total - free + min(free, total // 5)
    if counted < 15:
        return (
            "La programmation doit compter au moins quinze dates produites dans l'année (les "
            "spectacles gratuits comptent dans la limite de 20 % de la programmation)."
        )
    return None


def art24_temps_fort_budget(figures, applicant) -> str | None:
    """Art. 24 b: a temps fort may not represent more than a quarter of the structure's
    budget."""
    if figures.get("type_activite") != TEMPS_FORT:
        return None
    if figures.get("budget_structure") is None:
        return "Indiquez le budget annuel de la structure."
    if money_of(figures, "budget_total") * 4 > money_of(figures, "budget_structure"):
        return "Le temps fort ne peut pas représenter plus d'un quart du budget de la structure."
    return None


def art24_accompaniment(figures, applicant) -> str | None:
    """Art. 24 d and e: an accompaniment requires at least three dates in the venue after the
    work; a request has representations or an accompaniment."""
    if "representations" not in figures:
        return None  # the table is invalid: its own error says why
    days = figures.get("personnes_jours_accueil") or 0
    if not figures["representations"] and days == 0:
        return "Indiquez des représentations (volet diffusion) ou un accompagnement."
    if days and (figures.get("dates_apres_accompagnement") or 0) < 3:
        return (
            "L'accompagnement d'une équipe artistique doit être suivi d'au moins trois dates "
            "dans le lieu."
        )
    return None


REPRESENTATION_COLUMNS = (
    date("date", "Date de la représentation"),
    text("lieu", "Lieu ou séance", required=False, help="Pour distinguer deux séances du jour."),
    text("artiste", "Projet artistique (artiste ou groupe)"),
    choice(
        "categorie",
        "Catégorie de l'artiste",
        (
            (REGIONAL, "« Découverte » à rayonnement régional (15 %)"),
            (
                NATIONAL,
                "« Découverte » national ou international, ou confirmé à l'audience inférieure "
                "à 600 places (10 %)",
            ),
        ),
    ),
    amount(
        "cout_plateau",
        "Coûts plateau (artistes et techniciens) et frais d'approche",
        help="Cession ou coréalisation, salaires, accueil, transports, hébergement, repas.",
    ),
    integer("artistes_sur_scene", "Artistes sur scène", min_value=1),
    integer("jauge", "Jauge (places)", min_value=1),
    boolean("hors_les_murs", "Hors-les-murs ou temps fort"),
)

ART24 = register(
    Programme(
        article="24",
        title="Aide à l'activité de diffusion des lieux",
        section=SECTION,
        version="2023/CA/04 du 15 mars 2023",
        valid_from=datetime.date(2023, 3, 20),
        deliberations=(
            "Créé par délibération n° 2022/CA/08 du 30 mars 2022, modifié par délibération "
            "n° 2022/CA/13 du 5 juillet 2022, délibération n° 2022/CA/29 du 16 décembre 2022, "
            "délibération n° 2023/CA/04 du 15 mars 2023"
        ),
        objectives=(
            "Favoriser la diversité et l'émergence : permettre aux lieux de petite et moyenne "
            "capacité de programmer des artistes en développement ou des spectacles qui ne sont "
            "pas destinés à un large public ; soutenir, multiplier et enrichir les dates de "
            "diffusion ; accompagner les équipes artistiques (répétitions scéniques rémunérées)."
        ),
        beneficiaries=(
            "Les entreprises de spectacle titulaires des licences requises, ayant une activité "
            "de diffusion pérenne et régulière dans une salle ou sur leur territoire."
        ),
        applicant_kinds=frozenset({MORALE}),
        licence_required=True,
        criteria=(
            Criterion(
                "diffusion",
                "Activité de diffusion pérenne et régulière dans une salle ou sur son territoire ; "
                "organiser les spectacles et gérer la billetterie",
                "24",
                scope=DEMANDEUR,
            ),
            Criterion(
                "annee_precedente",
                "L'année civile précédente : 70 % de spectacles du champ du CNM, ou à défaut "
                "quinze spectacles en contexte rural",
                "24",
                art24_previous_year,
                scope=DEMANDEUR,
            ),
            Criterion(
                "dates",
                "Au moins quinze dates produites dans l'année (gratuites dans la limite de 20 %)",
                "24",
                art24_dates,
            ),
            Criterion(
                "temps_fort",
                "Un temps fort ne représente pas plus d'un quart du budget de la structure",
                "24",
                art24_temps_fort_budget,
            ),
            Criterion(
                "accompagnement",
                "Accompagnement suivi d'au moins trois dates dans le lieu",
                "24",
                art24_accompaniment,
            ),
            Criterion(
                "contrats",
                "Billetterie assumée par la salle ; contrats de cession, de coréalisation avec "
                "minimum garanti ou d'engagement direct (seul l'engagement direct pour "
                "l'accompagnement)",
                "24",
            ),
            Criterion(
                "cumul",
                "Dépenses sans autre soutien du CNM ; manifestation non soutenue par l'aide aux "
                "festivals",
                "24",
            ),
        ),
        figures=(
            percent(
                "part_spectacles_champ_cnm",
                "Part des spectacles relevant du champ du CNM l'année civile précédente (%)",
                step=DEMANDEUR,
            ),
            integer(
                "spectacles_champ_cnm",
                "Spectacles relevant du champ du CNM l'année civile précédente",
                step=DEMANDEUR,
            ),
            boolean("contexte_rural", "Lieu en contexte rural", step=DEMANDEUR),
            boolean(
                "plusieurs_etablissements",
                "La structure gère la diffusion de plusieurs établissements",
                step=DEMANDEUR,
            ),
            choice(
                "type_activite",
                "Activité présentée",
                (
                    ("programmation", "Programmation annuelle (y compris hors-les-murs)"),
                    (TEMPS_FORT, "Temps fort"),
                ),
            ),
            integer("dates_produites", "Dates produites dans l'année"),
            integer("dates_gratuites", "Dont spectacles gratuits"),
            boolean(
                "contexte_territorial",
                "Lieu en territoire rural ou ultramarin, ou dont le contexte territorial influe "
                "fortement sur l'économie de la salle",
            ),
            table(
                "representations",
                "Représentations (volet diffusion) : une ligne par projet artistique et par "
                "représentation",
                REPRESENTATION_COLUMNS,
            ),
            integer(
                "personnes_jours_accueil",
                "Volet accompagnement : journées d'accueil (personnes × jours, hors "
                "représentation)",
                required=False,
            ),
            integer(
                "dates_apres_accompagnement",
                "Dates dans le lieu à l'issue de l'accompagnement",
                required=False,
            ),
            amount(
                "depenses_eligibles",
                "Dépenses liées aux activités présentées (HT)",
                step=BUDGET,
                required=False,
            ),
            amount(
                "budget_structure",
                "Budget annuel de la structure (pour un temps fort)",
                step=BUDGET,
                required=False,
            ),
        ),
        eligible_expenses=(
            "Toutes les dépenses liées à ces activités, sans autre soutien du CNM. Volet "
            "diffusion : masse salariale artistique et technique (contrats d'engagement, de "
            "cession et de coréalisation), frais d'accueil, de transport, d'hébergement et de "
            "repas, dans la limite de 5 000 € par projet artistique et de 10 000 € par "
            "représentation. Volet accompagnement : contrats d'engagement direct des artistes et "
            "techniciens du plateau."
        ),
        steps=(
            Custom(
                art24_diffusion_step,
                label="Volet diffusion : prise en charge des coûts plateau",
                article="24",
                description=(
                    "Volet diffusion : 15 % (artistes « découverte » régionaux) ou 10 % "
                    "(nationaux, internationaux ou confirmés sous 600 places) des coûts plateau "
                    "et frais d'approche, retenus dans la limite de 5 000 € par projet artistique "
                    "et de 10 000 € par représentation ; hors temps fort et hors-les-murs, + 5 % "
                    "pour une jauge de moins de 100 places ou un contexte territorial difficile, "
                    "+ 5 %, + 8 % ou + 10 % à partir de 4, 7 ou 10 artistes sur scène."
                ),
            ),
            UnitRate(
                "personnes_jours_accueil",
                Decimal("120"),
                "journée(s) d'accueil (personne × jour)",
                label="Volet accompagnement : 120 € par personne et par jour d'accueil",
                article="24",
            ),
            CapYearly(
                Decimal("50000"),
                label="Plafond par structure et par an",
                article="24",
                raised=(
                    (
                        lambda ctx: ctx.flag("plusieurs_etablissements"),
                        Decimal("100000"),
                        "structure gérant la diffusion de plusieurs établissements",
                    ),
                ),
            ),
        ),
        payment=ONE_PAYMENT,
        documents=(
            Document("programmation", "Programmation de l'année (dates, artistes, jauges)"),
            Document(
                "contrats", "Contrats de cession, de coréalisation ou d'engagement des artistes"
            ),
            Document("licence", "Licence(s) d'entrepreneur de spectacles"),
            Document("programmation_precedente", "Programmation de l'année civile précédente"),
        ),
        appreciation=(
            "La rigueur et le sérieux de la demande, la sincérité des informations et documents",
            "Le respect des conventions collectives du spectacle vivant (emploi artistique et "
            "technique)",
            "Un prix moyen du billet en adéquation avec le niveau de développement de l'artiste",
            "Les dispositions prises en faveur de la place des femmes",
            "Le respect d'un cadre de bonne pratique professionnelle",
            "La gestion de l'impact environnemental du projet",
        ),
        bilan="Un bilan est exigé dans un délai de huit mois suivant l'attribution de l'aide.",
        bilan_months=8,
        limits_text=(
            "Une même manifestation ne peut être soutenue à la fois par ce programme et par "
            "l'aide aux festivals (art. 26).",
        ),
        notes=(
            "Les majorations (« + 5 % », « + 8 % », « + 10 % ») sont des points ajoutés au taux "
            "de prise en charge (15 % + 5 % = 20 %) ; la majoration de jauge ou de territoire "
            "(5 points) ne se cumule pas avec elle-même, elle se cumule avec celle du nombre "
            "d'artistes, qui se compte par projet artistique.",
            "Une ligne du tableau est un projet artistique dans une représentation : ses coûts "
            "sont retenus jusqu'à 5 000 €, ceux d'une représentation (même date et même lieu) "
            "jusqu'à 10 000 €, en commençant par les projets au taux le plus élevé.",
            "La condition « pas plus d'un quart du budget de la structure » vise le temps fort.",
        ),
    )
)
