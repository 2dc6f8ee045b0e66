"""The closed « Fonds exceptionnel de soutien à l'édition musicale – Musiques actuelles »
(seed 003): a programme whose amount is computed, not only capped.

The formula is implemented literally, once, in :func:`fonds_edition_aid`; the programme's
pipeline calls it, so the dossier, the simulator and the kept calculator agree:

- MBE (marge brute éditoriale) of a year = 100 % of the SACEM rights for French domestic works +
  25 % of the rights for sub-published international works (January-October répartitions);
- perte SACEM of 2021 / 2022 = average MBE of 2019-2020 − MBE of the year;
- PE (perte éligible) = perte neutralised of the losses not due to Covid-19, increased by 25 %;
- TPE = PE / average MBE 2019-2020;
- CI = 0 under 10 %; (1.3 × TPE + 64) % from 10 % to 62.31 %; 145 % from 62.31 %;
- CT = the year's MBE weighted by slices (100 % up to 100 000 €, 98 %, 94 %, 86 %, 70 %, 50 %
  above 1 600 000 €), divided by the MBE: a coefficient, the average rate of the slices;
- aid = 45 % × CI × CT × PE for 2021 + the same for 2022, minus the amounts received from the
  fonds de solidarité 2021-2022 and the previous fund, capped at 150 000 €, never negative.

Amounts are kept exact (``Decimal``) until each year's term, rounded half up to the cent, so
that the terms shown add up to the total. Thresholds are compared without division.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext

from aides.programmes import register
from aides.programmes.base import (
    DATE,
    DEMANDEUR,
    FINANCEMENT,
    MORALE,
    ONE_PAYMENT,
    PROJET,
    CapEur,
    Criterion,
    Custom,
    Document,
    Figure,
    Programme,
    Section,
    StepRecord,
    amount,
    boolean,
    money_of,
    percent,
)
from cnm_portal.money import Amount, format_euros, format_percentage, round_cents, to_decimal

D = Decimal
ZERO = D("0.00")
REFERENCE_YEARS = (2019, 2020)
AID_YEARS = (2021, 2022)
INTERNATIONAL_SHARE = D("0.25")
PE_INCREASE = D("1.25")
AID_RATE = D("0.45")
CI_LOW, CI_HIGH = D("0.10"), D("0.6231")
CI_SLOPE, CI_BASE, CI_MAX = D("1.3"), D("0.64"), D("1.45")
CT_SLICES = (  # (upper bound of the slice, share of the MBE kept)
    (D("100000"), D("1.00")),
    (D("200000"), D("0.98")),
    (D("400000"), D("0.94")),
    (D("800000"), D("0.86")),
    (D("1600000"), D("0.70")),
    (None, D("0.50")),
)
CAP = D("150000")
ARTICLE = "fonds-edition"
CAP_LABEL = "Plafond par bénéficiaire (150\u202f000\xa0€)"
PRECISION = 50  # digits for the two divisions (TPE, CT); the result is rounded to the cent


# --- the formula, step by step ------------------------------------------------------------


def mbe(domestic: Decimal, international: Decimal) -> Decimal:
    """Seed 003, calcul: MBE = 100 % of domestic French rights + 25 % of sub-published
    international rights (exact)."""
    return domestic + international * INTERNATIONAL_SHARE


def perte_sacem(reference: Decimal, year_mbe: Decimal) -> Decimal:
    """Seed 003, calcul: perte SACEM = average MBE 2019-2020 − MBE of the year (negative when
    the MBE grew)."""
    return reference - year_mbe


def perte_eligible(perte: Decimal, non_covid: Decimal) -> Decimal:
    """Seed 003, calcul: PE = perte SACEM neutralised of the non-Covid losses, + 25 % (never
    negative)."""
    return max(perte - non_covid, ZERO) * PE_INCREASE


def tpe(pe: Decimal, reference: Decimal) -> Decimal:
    """Seed 003, calcul: TPE = PE / average MBE 2019-2020 (0 without a reference MBE)."""
    if reference <= 0:
        return D("0")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return pe / reference


def ci(pe: Decimal, reference: Decimal) -> Decimal:
    """Seed 003, calcul: CI = 0 for a TPE under 10 %, (1.3 × TPE + 64) % from 10 % up to
    62.31 %, 145 % for a TPE of 62.31 % or more (bounds compared exactly)."""
    if reference <= 0 or pe * 10 < reference:  # TPE < 10 %
        return D("0")
    if pe >= reference * CI_HIGH:  # TPE ≥ 62.31 %
        return CI_MAX
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return CI_SLOPE * pe / reference + CI_BASE


def ct_weighted(year_mbe: Decimal) -> Decimal:
    """Seed 003, calcul: the MBE weighted by slices (100 % of the part up to 100 000 €, 98 % to
    200 000 €, 94 % to 400 000 €, 86 % to 800 000 €, 70 % to 1 600 000 €, 50 % above)."""
    total, floor = D("0"), D("0")
    for ceiling, share in CT_SLICES:
        if year_mbe <= floor:
            break
        top = year_mbe if ceiling is None else min(year_mbe, ceiling)
        total += (top - floor) * share
        floor = ceiling if ceiling is not None else floor
    return total


def ct(year_mbe: Decimal) -> Decimal:
    """Seed 003, calcul: CT = weighted MBE / MBE, the average rate of the slices (100 % for an
    MBE of 100 000 € or less, including 0)."""
    if year_mbe <= CT_SLICES[0][0]:
        return D("1")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return ct_weighted(year_mbe) / year_mbe


def year_aid(ci_value: Decimal, ct_value: Decimal, pe: Decimal) -> Decimal:
    """Seed 003, calcul: 45 % × CI × CT × PE for one year, rounded half up to the cent."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return round_cents(AID_RATE * ci_value * ct_value * pe)


# --- the result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class YearComputation:
    year: int
    mbe: Decimal
    perte: Decimal
    non_covid: Decimal
    pe: Decimal
    tpe: Decimal
    ci: Decimal
    ct: Decimal
    aid: Decimal

    @property
    def eligible_loss(self) -> bool:
        """Seed 003, critères: « une perte éligible supérieure à 10 % » (strictly)."""
        return self.tpe > CI_LOW


@dataclass
class FondsEditionResult:
    amount: Decimal
    steps: list[StepRecord]
    reference: Decimal  # average MBE 2019-2020
    mbe: dict[int, Decimal]
    years: dict[int, YearComputation]
    gross: Decimal  # sum of the years' terms, before deductions and cap
    deductions: Decimal

    @property
    def eligible_loss(self) -> bool:
        return any(y.eligible_loss for y in self.years.values())


def _money(value: Amount | None, what: str) -> Decimal:
    result = to_decimal(0 if value is None else value)
    if result < 0:
        raise ValueError(f"{what} : un montant négatif n'est pas accepté.")
    return result


def _pct(rate: Decimal) -> str:
    return format_percentage(round_cents(rate * 100) / 100)


def fonds_edition_aid(
    *,
    years: Mapping[int, tuple[Amount, Amount]],
    non_covid: Mapping[int, Amount] | None = None,
    deductions: Amount = 0,
) -> FondsEditionResult:
    """Seed 003, calcul et plafonnement de l'aide: ``years`` maps 2019 and 2020 (required), 2021
    and/or 2022 to ``(domestic rights, international rights)``; ``non_covid`` the losses not due
    to Covid-19 per year; ``deductions`` the fonds de solidarité 2021-2022 and previous fund
    received. ``ValueError`` for a missing reference year or a negative amount; floats are
    refused (``TypeError``)."""
    for year in REFERENCE_YEARS:
        if year not in years:
            raise ValueError(f"Les droits de l'année {year} sont nécessaires au calcul.")
    unknown = set(years) - set(REFERENCE_YEARS) - set(AID_YEARS)
    if unknown:
        raise ValueError(f"Années hors du fonds : {sorted(unknown)}.")
    non_covid = dict(non_covid or {})
    if set(non_covid) - set(AID_YEARS):
        raise ValueError("Les pertes non liées à la Covid-19 portent sur 2021 ou 2022.")
    steps: list[StepRecord] = []
    mbes: dict[int, Decimal] = {}
    for year in sorted(years):
        domestic, international = years[year]
        domestic = _money(domestic, f"Droits domestiques {year}")
        international = _money(international, f"Droits internationaux {year}")
        mbes[year] = mbe(domestic, international)
        steps.append(
            StepRecord(
                f"MBE {year}",
                ARTICLE,
                None,
                round_cents(mbes[year]),
                f"100 % × {format_euros(domestic)} + 25 % × {format_euros(international)}",
            )
        )
    reference = (mbes[2019] + mbes[2020]) / 2
    steps.append(
        StepRecord(
            "MBE moyenne 2019-2020",
            ARTICLE,
            None,
            round_cents(reference),
            f"({format_euros(mbes[2019])} + {format_euros(mbes[2020])}) / 2",
        )
    )
    computed: dict[int, YearComputation] = {}
    total = ZERO
    for year in AID_YEARS:
        if year not in mbes:
            continue
        neutral = _money(non_covid.get(year), f"Pertes non liées à la Covid-19 {year}")
        loss = perte_sacem(reference, mbes[year])
        pe = perte_eligible(loss, neutral)
        result = YearComputation(
            year=year,
            mbe=mbes[year],
            perte=loss,
            non_covid=neutral,
            pe=pe,
            tpe=tpe(pe, reference),
            ci=ci(pe, reference),
            ct=ct(mbes[year]),
            aid=ZERO,
        )
        aid = year_aid(result.ci, result.ct, pe)
        computed[year] = result = replace(result, aid=aid)
        before = total
        total += aid
        steps.append(
            StepRecord(
                f"Aide {year} : 45 % × CI × CT × PE",
                ARTICLE,
                before,
                total,
                f"perte SACEM {format_euros(loss)} ; PE ({format_euros(loss)} − "
                f"{format_euros(neutral)} non liées à la Covid-19) × 125 % = {format_euros(pe)} ; "
                f"TPE {_pct(result.tpe)} ; CI {_pct(result.ci)} ; CT {_pct(result.ct)} ; "
                f"45 % × CI × CT × PE = {format_euros(aid)}",
            )
        )
    gross = total
    deducted = _money(deductions, "Montants à déduire")
    after = max(total - deducted, ZERO)
    steps.append(
        StepRecord(
            "Montants déjà perçus (fonds de solidarité 2021-2022, précédent fonds)",
            ARTICLE,
            total,
            after,
            f"− {format_euros(deducted)}",
        )
    )
    final = min(after, CAP)
    steps.append(StepRecord(CAP_LABEL, ARTICLE, after, final, f"plafond de {format_euros(CAP)}"))
    return FondsEditionResult(
        amount=final,
        steps=steps,
        reference=reference,
        mbe=mbes,
        years=computed,
        gross=gross,
        deductions=deducted,
    )


# --- the programme (closed: shown in the catalogue, its calculator kept) ---------------------

ALL_YEARS = REFERENCE_YEARS + AID_YEARS


def _rights_figures(year: int) -> tuple[Figure, Figure]:
    required = year in REFERENCE_YEARS
    help_ = "Quatre répartitions SACEM de janvier à octobre."
    return (
        amount(
            f"droits_domestiques_{year}",
            f"Droits SACEM {year} perçus au titre des œuvres domestiques françaises",
            help=help_,
            required=required,
        ),
        amount(
            f"droits_internationaux_{year}",
            f"Droits SACEM {year} perçus au titre des œuvres internationales sous-éditées",
            help=help_,
            required=required,
        ),
    )


def _inputs(figures: Mapping[str, object]) -> dict:
    """The arguments of :func:`fonds_edition_aid` read from a dossier's typed figures: a year
    2021 or 2022 counts when one of its two amounts is given."""
    years = {}
    for year in ALL_YEARS:
        domestic = figures.get(f"droits_domestiques_{year}")
        international = figures.get(f"droits_internationaux_{year}")
        if year in REFERENCE_YEARS or domestic is not None or international is not None:
            years[year] = (domestic or ZERO, international or ZERO)
    return {
        "years": years,
        "non_covid": {y: money_of(figures, f"pertes_non_covid_{y}") for y in AID_YEARS},
        "deductions": money_of(figures, "montants_deduits"),
    }


def _result(figures: Mapping[str, object]) -> FondsEditionResult | None:
    try:
        return fonds_edition_aid(**_inputs(figures))
    except (ValueError, TypeError):  # a figure is invalid: reported as a field error
        return None


def _reference_step(current, ctx):
    """Seed 003, calcul: the MBE of each year and their 2019-2020 average."""
    result = _result(ctx.figures)
    if result is None:
        return current, "données incomplètes"
    ctx.values["mbe_reference"] = round_cents(result.reference)
    parts = [f"MBE {y} : {format_euros(result.mbe[y])}" for y in sorted(result.mbe)]
    return current, " ; ".join(parts) + f" ; moyenne 2019-2020 : {format_euros(result.reference)}"


def _year_step(year: int):
    def run(current, ctx):
        """Seed 003, calcul: 45 % × CI × CT × PE for the year, added to the aid."""
        result = _result(ctx.figures)
        if result is None or year not in result.years:
            return current, f"pas de répartitions {year} déclarées"
        computed = result.years[year]
        ctx.values[f"perte_eligible_{year}"] = round_cents(computed.pe)
        ctx.values[f"aide_{year}"] = computed.aid
        step = next(s for s in result.steps if s.label.startswith(f"Aide {year}"))
        return (computed.aid if current is None else current + computed.aid), step.detail

    return run


def _deductions_step(current, ctx):
    """Seed 003, calcul: minus the fonds de solidarité 2021-2022 and the previous fund."""
    deducted = money_of(ctx.figures, "montants_deduits")
    if current is None:
        return current, "aucune aide calculée"
    return max(current - deducted, ZERO), f"− {format_euros(deducted)}"


def fonds_edition_loss(figures, applicant) -> str | None:
    """Seed 003, critères du demandeur: a perte éligible above 10 % of the 2019-2020 average
    in 2021 and/or 2022."""
    result = _result(figures)
    if result is None:
        return "Les droits SACEM des années 2019 et 2020 sont nécessaires au calcul."
    if not result.years:
        return "Déclarez les répartitions SACEM de 2021 et/ou de 2022."
    if not result.eligible_loss:
        return (
            "La perte éligible doit être supérieure à 10 % de la MBE moyenne 2019-2020 en 2021 "
            "et/ou en 2022."
        )
    return None


def fonds_edition_created_before_2019(figures, applicant) -> str | None:
    """Seed 003, critères du demandeur: created before 1 January 2019."""
    created = figures.get("date_creation")
    if created is None or created >= datetime.date(2019, 1, 1):
        return "L'éditeur doit avoir été créé avant le 1er janvier 2019."
    return None


def fonds_edition_rights(figures, applicant) -> str | None:
    """Seed 003, critères du demandeur: at least 4 000 € of author's rights as original
    publisher in 2020, or at least 10 000 € over the last three financial years."""
    if money_of(figures, "droits_editeur_original_2020") >= D("4000"):
        return None
    if money_of(figures, "droits_editeur_original_trois_exercices") >= D("10000"):
        return None
    return (
        "L'éditeur doit avoir perçu au moins 4 000 € de droits d'auteur comme éditeur original en "
        "2020, ou au moins 10 000 € sur les trois derniers exercices."
    )


def fonds_edition_publisher(figures, applicant) -> str | None:
    """Seed 003, critères du demandeur: at least 50 % of the 2020 turnover in music
    publishing."""
    if money_of(figures, "part_ca_edition_2020") < 50:
        return "Au moins 50 % du chiffre d'affaires 2020 doit relever de l'édition musicale."
    return None


def fonds_edition_code(figures, applicant) -> str | None:
    """Seed 003, critères du demandeur: signatory of the Code des usages et des bonnes
    pratiques de l'édition musicale."""
    if not figures.get("signataire_code_usages"):
        return "L'éditeur doit être signataire du Code des usages et des bonnes pratiques."
    return None


FONDS_EDITION = register(
    Programme(
        article=ARTICLE,
        title="Fonds exceptionnel de soutien à l'édition musicale – Musiques actuelles",
        section=Section(12, "Dispositifs clos"),
        version="Commissions 2022 (dépôt jusqu'au 14/11/2022)",
        valid_from=datetime.date(2022, 1, 1),
        closed=True,
        uses_budget=False,
        objectives=(
            "En réponse à la crise sanitaire et en complément des mesures transversales de "
            "l'État, soutenir les éditeurs musicaux de musiques actuelles et de librairie "
            "musicale dont la marge brute éditoriale a connu une baisse significative entre la "
            "moyenne des années 2019 et 2020 et les années 2021 et/ou 2022."
        ),
        beneficiaries="Les éditeurs musicaux.",
        applicant_kinds=frozenset({MORALE}),
        criteria=(
            Criterion(
                "creation",
                "Avoir été créé avant le 1er janvier 2019",
                ARTICLE,
                fonds_edition_created_before_2019,
                scope=DEMANDEUR,
            ),
            Criterion(
                "droits",
                "Au moins 4 000 € de droits d'auteur comme éditeur original en 2020, ou 10 000 € "
                "sur les trois derniers exercices",
                ARTICLE,
                fonds_edition_rights,
                scope=DEMANDEUR,
            ),
            Criterion(
                "editeur",
                "Au moins 50 % du chiffre d'affaires 2020 dans l'édition musicale",
                ARTICLE,
                fonds_edition_publisher,
                scope=DEMANDEUR,
            ),
            Criterion(
                "perte",
                "Perte éligible supérieure à 10 % de la MBE moyenne 2019-2020, en 2021 et/ou 2022",
                ARTICLE,
                fonds_edition_loss,
                scope=DEMANDEUR,
            ),
            Criterion(
                "code_usages",
                "Être signataire et respecter le Code des usages et des bonnes pratiques de "
                "l'édition musicale",
                ARTICLE,
                fonds_edition_code,
                scope=DEMANDEUR,
            ),
            Criterion(
                "pertes_non_covid",
                "Pertes non liées à la Covid-19 correctement neutralisées",
                ARTICLE,
            ),
        ),
        figures=(
            Figure("date_creation", "Date de création de la structure", DATE, step=DEMANDEUR),
            amount(
                "droits_editeur_original_2020",
                "Droits d'auteur perçus en 2020 comme éditeur original",
                step=DEMANDEUR,
            ),
            amount(
                "droits_editeur_original_trois_exercices",
                "Droits d'auteur perçus comme éditeur original sur les trois derniers exercices",
                step=DEMANDEUR,
                required=False,
            ),
            percent(
                "part_ca_edition_2020",
                "Part du chiffre d'affaires 2020 dans l'édition musicale (%)",
                step=DEMANDEUR,
            ),
            boolean(
                "signataire_code_usages",
                "Signataire du Code des usages et des bonnes pratiques de l'édition musicale",
                step=DEMANDEUR,
            ),
            *(f for year in ALL_YEARS for f in _rights_figures(year)),
            *(
                amount(
                    f"pertes_non_covid_{year}",
                    f"Pertes {year} non liées à la Covid-19",
                    required=False,
                    step=PROJET,
                )
                for year in AID_YEARS
            ),
            amount(
                "montants_deduits",
                "Montants perçus du fonds de solidarité 2021 et 2022 et du précédent fonds de "
                "soutien à l'édition musicale du CNM",
                required=False,
                step=FINANCEMENT,
            ),
        ),
        steps=(
            Custom(
                _reference_step,
                label="MBE moyenne 2019-2020",
                article=ARTICLE,
                description="Marge brute éditoriale (MBE) : 100 % des droits SACEM des œuvres "
                "domestiques françaises et 25 % de ceux des œuvres internationales sous-éditées "
                "(répartitions de janvier à octobre) ; moyenne de 2019 et 2020.",
            ),
            *(
                Custom(
                    _year_step(year),
                    label=f"Aide {year} : 45 % × CI × CT × PE",
                    article=ARTICLE,
                    description=(
                        f"{year} : perte éligible (PE) = (MBE moyenne 2019-2020 − MBE {year} − "
                        "pertes non liées à la Covid-19) × 125 % ; TPE = PE / MBE moyenne ; CI = 0 "
                        "sous 10 %, (1,3 × TPE + 64) % jusqu'à 62,31 %, 145 % au-delà ; CT par "
                        "tranches de la MBE (100 %, 98 %, 94 %, 86 %, 70 %, 50 %) ; aide = 45 % × "
                        "CI × CT × PE."
                    ),
                )
                for year in AID_YEARS
            ),
            Custom(
                _deductions_step,
                label="Montants déjà perçus (fonds de solidarité 2021-2022, précédent fonds)",
                article=ARTICLE,
                description="Le montant est retraité des aides du fonds de solidarité 2021 et "
                "2022 et du précédent fonds de soutien à l'édition musicale du CNM.",
            ),
            CapEur(CAP, label=CAP_LABEL, article=ARTICLE),
        ),
        limits_text=(
            "Si le total des aides calculées dépasse le budget disponible du fonds, elles "
            "connaissent un abattement proportionnel (appliqué par le CNM sur l'ensemble des "
            "dossiers).",
        ),
        payment=ONE_PAYMENT,
        documents=(
            Document(
                "repartitions_sacem",
                "Les quatre feuillets de répartition SACEM de janvier à octobre pour 2019, 2020, "
                "2021 et/ou 2022",
                help="Aucun dossier n'est recevable sans eux.",
            ),
            Document(
                "fonds_solidarite",
                "Justificatifs des aides du fonds de solidarité 2021 et 2022",
                required=False,
            ),
        ),
        appreciation=(
            "Tous les dossiers éligibles sont transmis à la commission avec une recommandation "
            "sur l'attribution et le montant de l'aide.",
        ),
        notes=(
            "CT est lu comme un coefficient : la MBE de l'année pondérée par tranches, divisée "
            "par cette MBE (taux moyen des tranches) ; appliqué comme montant, 45 % × CI × CT × "
            "PE serait le produit de deux montants.",
            "Seuil d'éligibilité « perte éligible supérieure à 10 % » (strict) ; CI vaut déjà "
            "77 % à 10 % exactement : un TPE de 10,00 % donne un montant calculé mais un dossier "
            "inéligible.",
            "Entre 62,30 % et 62,31 %, (1,3 × TPE + 64) % dépasse légèrement 145 % : la formule "
            "est appliquée telle quelle jusqu'à 62,31 % exclu.",
            "Les montants restent exacts jusqu'à l'aide de chaque année, arrondie au centime "
            "(au demi supérieur) ; la somme des deux années est ensuite retraitée et plafonnée.",
            "Aucune date de délibération : version « commissions 2022 ». Versement unique : le "
            "fonds compense une perte constatée, sans opération ni bilan.",
        ),
    )
)
