"""Section 2 of the RGA: programmes d'aide à destination des auteurs/autrices et/ou
compositeurs/compositrices (art. 12)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from aides.programmes import register
from aides.programmes.base import (
    DEMANDEUR,
    FINANCEMENT,
    ONE_PAYMENT,
    PHYSIQUE,
    ZERO,
    CapYearly,
    Criterion,
    Document,
    Flat,
    Programme,
    Section,
    StepRecord,
    amount,
    boolean,
    money_of,
)
from cnm_portal.money import format_euros, round_cents
from espace_pro.choices import LegalForm

SECTION = Section(
    2, "Programmes d'aide à destination des auteurs/autrices et/ou compositeurs/compositrices"
)

# --- art. 12 ----------------------------------------------------------------------------------

BOURSE = Decimal("5000")
REVENUS_MIN = Decimal("3000")
PART_MIN = Decimal("30")
YEARS = (1, 2, 3, 4, 5)  # N-1 … N-5: the five calendar years before the year of deposit


def revenus_name(offset: int) -> str:
    return f"revenus_artistiques_n{offset}"


def global_name(offset: int) -> str:
    return f"revenu_brut_global_n{offset}"


def art12_revenus(figures, applicant) -> str | None:
    """Art. 12 c: principal artistic income (excluding the CNM bourse and inherited author's
    rights) of 3 000 € or more gross excl. tax per year during three of the five calendar years
    before the year of deposit."""
    years = sum(money_of(figures, revenus_name(n)) >= REVENUS_MIN for n in YEARS)
    if years < 3:
        return (
            "Les revenus artistiques principaux doivent atteindre au moins 3 000 € bruts hors "
            f"taxes par an pendant trois des cinq dernières années civiles ({years} année(s) "
            "sur cinq)."
        )
    return None


def _share_reached(figures, offset: int) -> bool:
    """Artistic income ≥ 30 % of the author's gross global income of that year (compared
    exactly, without rounding the share)."""
    revenus = money_of(figures, revenus_name(offset))
    total = money_of(figures, global_name(offset))
    if total <= 0:
        return False
    return revenus * 100 >= PART_MIN * total


def art12_part(figures, applicant) -> str | None:
    """Art. 12 c: that income is 30 % or more of the author's gross global annual income in the
    calendar year before the deposit, or in three of the five calendar years before it."""
    for offset in YEARS:
        if money_of(figures, revenus_name(offset)) > money_of(figures, global_name(offset)):
            return (
                f"Année N-{offset} : les revenus artistiques ne peuvent pas dépasser le revenu "
                "brut global de l'année."
            )
    if _share_reached(figures, 1) or sum(_share_reached(figures, n) for n in YEARS) >= 3:
        return None
    return (
        "Les revenus artistiques doivent représenter au moins 30 % du revenu brut global l'année "
        "précédant le dépôt, ou pendant trois des cinq dernières années civiles."
    )


def art12_outils(figures, applicant) -> str | None:
    """Art. 12 d: for the acquisition of tools dedicated to creation, the expenses must not have
    been committed before the deposit of the dossier."""
    if figures.get("acquisition_outils") and figures.get("depenses_engagees"):
        return (
            "Pour l'acquisition d'outils dédiés à la création, les dépenses ne doivent pas avoir "
            "été engagées avant le dépôt du dossier."
        )
    return None


@dataclass(frozen=True)
class CapTwoYears(CapYearly):
    """Art. 12 e: 5 000 € per beneficiary over a period of two years, read as the calendar year
    of the deposit and the one before it: what is left once the bourses of both years
    (``deja_attribue_annee`` and ``previous``) are deducted. A :class:`CapYearly` so that the
    dossier reads ``deja_attribue_annee`` from the database like every yearly cap."""

    previous: str = "deja_attribue_annee_precedente"

    def run(self, current, ctx):
        value, _why = self.limit(ctx)
        already = ctx.money(self.already) + ctx.money(self.previous)
        left = round_cents(max(value - already, ZERO))
        after = left if current is None else min(current, left)
        detail = (
            f"plafond de {format_euros(value)} sur deux ans, déjà obtenu "
            f"{format_euros(already)} cette année et l'année précédente, reste "
            f"{format_euros(left)}"
        )
        if left == 0:
            ctx.errors.append(
                f"Le plafond de {format_euros(value)} par bénéficiaire sur deux ans est atteint "
                f"(art. {self.article})."
            )
        return after, StepRecord(self.label, self.article, current, after, detail)

    def describe(self):
        return (
            "5 000 € au plus par bénéficiaire sur deux ans (année civile du dépôt et année "
            "précédente)"
        )


def _income_figures():
    figures = []
    for offset in YEARS:
        when = "l'année précédant le dépôt" if offset == 1 else f"{offset} ans avant le dépôt"
        figures.append(
            amount(
                revenus_name(offset),
                f"Revenus artistiques principaux bruts HT — année N-{offset} ({when})",
                help=(
                    "Revenus tirés de l'activité d'artiste-auteur (art. L. 382-1 et suivants du "
                    "code de la sécurité sociale), hors bourse du CNM et droits perçus en tant "
                    "qu'héritier-ayant droit. 0 si aucun revenu."
                ),
                step=DEMANDEUR,
                required=False,
                article="12",
            )
        )
        figures.append(
            amount(
                global_name(offset),
                f"Revenu brut global — année N-{offset}",
                help="Totalité du revenu brut global annuel de l'artiste-auteur.",
                step=DEMANDEUR,
                required=False,
                article="12",
            )
        )
    return tuple(figures)


ART12 = register(
    Programme(
        article="12",
        title="Bourse aux auteurs/autrices et/ou compositeurs/compositrices",
        section=SECTION,
        version="2023/CA/04 du 15 mars 2023",
        valid_from=datetime.date(2023, 3, 20),
        deliberations=(
            "Modifié par délibération n° 2021A/CA/09 du 28 mai 2021, délibération n° 2021B/CA/04 "
            "du 17 décembre 2021, délibération n° 2022/CA/08 du 30 mars 2022, délibération "
            "n° 2023/CA/04 du 15 mars 2023"
        ),
        objectives=(
            "Soutenir les auteurs/autrices et/ou compositeurs/compositrices dans leur activité "
            "d'écriture et/ou de composition, y compris le temps de réflexion et de recherche. "
            "Cette aide peut également être destinée à l'acquisition d'outils dédiés à la "
            "création."
        ),
        beneficiaries=(
            "Directement les auteurs/autrices et/ou compositeurs/compositrices d'œuvres musicales."
        ),
        applicant_kinds=frozenset({PHYSIQUE}),
        legal_forms=frozenset({LegalForm.PERSONNE_PHYSIQUE}),
        uses_budget=False,
        criteria=(
            Criterion(
                "revenus_3000",
                "Revenus artistiques principaux bruts HT d'au moins 3 000 € par an pendant trois "
                "des cinq dernières années civiles précédant l'année de dépôt (hors bourse du CNM "
                "et droits perçus en tant qu'héritier-ayant droit)",
                "12",
                art12_revenus,
                scope=DEMANDEUR,
            ),
            Criterion(
                "revenus_30_pct",
                "Ces revenus représentent 30 % ou plus du revenu brut global l'année civile "
                "précédant le dépôt, ou par an pendant trois des cinq dernières années civiles",
                "12",
                art12_part,
                scope=DEMANDEUR,
            ),
            Criterion(
                "outils_non_engages",
                "Acquisition d'outils dédiés à la création : dépenses non engagées avant le dépôt "
                "du dossier",
                "12",
                art12_outils,
            ),
        ),
        figures=(
            *_income_figures(),
            boolean(
                "acquisition_outils",
                "La demande est destinée à l'acquisition d'outils dédiés à la création",
            ),
            amount(
                "depenses_outils",
                "Dépenses prévisionnelles d'acquisition d'outils (HT)",
                help="Seulement pour une demande d'acquisition d'outils dédiés à la création.",
                required=False,
            ),
            boolean(
                "depenses_engagees",
                "Ces dépenses ont déjà été engagées (commandées ou payées)",
            ),
            amount(
                "deja_attribue_annee_precedente",
                "Bourses déjà obtenues sur ce programme l'année civile précédente",
                help="Le plafond de 5 000 € s'apprécie sur deux ans.",
                step=FINANCEMENT,
                required=False,
                article="12",
            ),
        ),
        eligible_expenses=(
            "Aide forfaitaire versée sans contrepartie : elle finance le temps d'écriture, de "
            "composition, de réflexion et de recherche, ou l'acquisition d'outils dédiés à la "
            "création. Elle ne couvre pas la diffusion et l'exploitation commerciale."
        ),
        steps=(
            Flat(BOURSE, label="Bourse forfaitaire", article="12"),
            CapTwoYears(BOURSE, label="Plafond par bénéficiaire sur deux ans", article="12"),
        ),
        limits_text=(
            "5 000 € par bénéficiaire sur une période de deux ans.",
            "Le montant forfaitaire de 5 000 € peut être ajusté selon le budget disponible et le "
            "nombre de dossiers reçus ; la commission ne se prononce pas sur ce montant.",
        ),
        payment=ONE_PAYMENT,
        documents=(
            Document(
                "justificatifs_revenus",
                "Justificatifs des revenus artistiques et du revenu brut global des cinq "
                "dernières années (avis d'imposition, attestations des organismes de gestion "
                "collective ou de l'Urssaf artistes-auteurs)",
            ),
            Document(
                "cv",
                "Curriculum vitae artistique (œuvres, commandes, créations, prix, formation)",
            ),
            Document(
                "devis_outils",
                "Devis des outils dédiés à la création",
                required=False,
                help="Pour une demande d'acquisition d'outils.",
            ),
        ),
        appreciation=(
            "L'ancienneté dans la filière (année de première affiliation Agessa et/ou Urssaf du "
            "Limousin et/ou Raap, premier dépôt d'œuvre auprès d'un organisme de gestion "
            "collective, grade SACEM)",
            "Le nombre total d'œuvres, de commandes, de créations, de phonogrammes, d'œuvres "
            "graphiques ou audiovisuelles publiées et/ou réalisées dans les cinq dernières années "
            "précédant l'année de dépôt (œuvres déposées auprès d'un organisme de gestion "
            "collective, œuvres éditées, contrats de commande)",
            "Le nombre de créations et/ou de contrats de commande en cours",
            "Le nombre de prix et récompenses nationaux ou internationaux certifiés et/ou "
            "significatifs (Snep, Victoires de la musique, César, Grammy, Bafta, Prix SACEM, "
            "UNAC, UCMF, CSDEM…)",
            "La formation professionnelle, initiale et supérieure (diplômes ou certifications)",
            "Le professionnalisme de l'artiste-auteur (respect du Code de la propriété "
            "intellectuelle, rigueur et sérieux de la demande, sincérité des informations et "
            "documents)",
            "La lisibilité et la cohérence économique de la demande, notamment le lien entre les "
            "dépenses prévisionnelles présentées et la demande (acquisition d'outils)",
        ),
        bilan=(
            "Compte-rendu de restitution d'une page maximum, à transmettre dans les 18 mois qui "
            "suivent l'attribution de la bourse."
        ),
        bilan_months=18,
        notes=(
            "« 5 000 € par bénéficiaire sur une période de deux ans » : la période est l'année "
            "civile du dépôt et l'année civile précédente ; le plafond déduit les bourses "
            "obtenues sur ces deux années.",
            "Critère de 30 % : apprécié année par année, indépendamment des années retenues pour "
            "le seuil de 3 000 € ; la part est comparée exactement, sans arrondi.",
            "Versement unique : l'article ne prévoit qu'un versement sans contrepartie, et la "
            "bourse (5 000 € au plus) relève de l'art. 5.",
        ),
    )
)
