"""Section 3 of the RGA: programmes d'aide à l'édition musicale.

Art. 13 and 14 are defined here with the section's helpers; art. 14-1 (catalogue for music
schools, the unit-rate programme) in :mod:`.edition_enseignement`, imported at the end.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from aides.programmes import register
from aides.programmes.base import (
    DEMANDEUR,
    FINANCEMENT,
    MORALE,
    ZERO,
    CapYearly,
    Criterion,
    Custom,
    Document,
    ExpenseCategory,
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
from cnm_portal.dates import add_months
from cnm_portal.money import format_euros, round_cents

SECTION = Section(3, "Programmes d'aide à l'édition musicale")

SECTION_REGIME = (
    "Dispositif pris en application du régime d'aide exempté n° SA.42681 (aides en faveur de la "
    "culture et de la conservation du patrimoine, règlement général d'exemption par catégorie "
    "n° 651/2014)."
)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (earlier if negative); 29 February gives 28 February."""
    return add_months(day, 12 * years)


def cap_less_already(
    value: Decimal, already: str, *, label: str, article: str, what: str, description: str
) -> Custom:
    """A cap in euros shared by several aids (art. 13: 25 000 € per project, two aids a year
    possible): what is left of ``value`` once the amount figure ``already`` is deducted."""

    def run(current, ctx):
        got = ctx.money(already)
        left = round_cents(max(value - got, ZERO))
        after = left if current is None else min(current, left)
        if left == 0:
            ctx.errors.append(
                f"Le plafond de {format_euros(value)} {what} est atteint (art. {article})."
            )
        detail = (
            f"plafond de {format_euros(value)} {what}, déjà obtenu {format_euros(got)}, "
            f"reste {format_euros(left)}"
        )
        return after, detail

    return Custom(run, label=label, article=article, description=description)


def signataire_code_usages(figures, applicant) -> str | None:
    """Art. 14 c and 14-1 c: be a signatory of the Code des usages et des bonnes pratiques de
    l'édition musicale."""
    if not figures.get("signataire_code_usages"):
        return (
            "Le demandeur doit être signataire du Code des usages et des bonnes pratiques de "
            "l'édition musicale."
        )
    return None


SIGNATAIRE = boolean(
    "signataire_code_usages",
    "Le demandeur est signataire du Code des usages et des bonnes pratiques de l'édition "
    "musicale et le respecte",
    step=DEMANDEUR,
)

APPRECIATION_COMMUNE = (
    "Les dispositions prises par le porteur du projet en termes d'égalité femmes-hommes",
    "Les dispositions prises par le porteur du projet en termes de gestion de l'impact "
    "environnemental",
)

# --- art. 13 ----------------------------------------------------------------------------------


def art13_droits(figures, applicant) -> str | None:
    """Art. 13 c: at least 4 000 € of author's rights as original publisher over the 12 months
    before the commission date and/or 10 000 € over the last three financial years."""
    if money_of(figures, "droits_auteur_douze_mois") >= Decimal("4000"):
        return None
    if money_of(figures, "droits_auteur_trois_exercices") >= Decimal("10000"):
        return None
    return (
        "Le demandeur doit percevoir au moins 4 000 € de droits d'auteur en tant qu'éditeur "
        "original sur les 12 derniers mois, ou 10 000 € sur les trois derniers exercices."
    )


def art13_activite(figures, applicant) -> str | None:
    """Art. 13 c: the total publishing activity (management fees included) is more than 50 % of
    the company's turnover."""
    if money_of(figures, "part_activite_editoriale") <= 50:
        return (
            "L'activité éditoriale totale doit représenter plus de 50 % du chiffre d'affaires "
            "de la société."
        )
    return None


def art13_sous_edition(figures, applicant) -> str | None:
    """Art. 13 d: sub-publishing projects are not eligible."""
    return (
        "Les projets en sous-édition ne sont pas éligibles."
        if figures.get("sous_edition")
        else None
    )


def art13_24_mois(figures, applicant) -> str | None:
    """Art. 13 e: incurred investments are eligible only over the 24 months before the
    commission date."""
    if figures.get("depenses_plus_24_mois"):
        return (
            "Les investissements réalisés plus de 24 mois avant la date de commission ne sont "
            "pas éligibles : retirez-les du budget."
        )
    return None


def art13_exclusif(figures, applicant) -> str | None:
    """Art. 13 e: on the same eligible expenses, the CNM aid excludes any other public support
    and any support of a collective management organisation."""
    if figures.get("autre_soutien_memes_depenses"):
        return (
            "Sur les mêmes dépenses, l'aide du CNM est exclusive de tout autre soutien public ou "
            "d'un organisme de gestion collective."
        )
    return None


def art13_deux_aides(figures, applicant) -> str | None:
    """Art. 13 f: two aids a year at most for the same project."""
    if int(figures.get("aides_projet_annee") or 0) >= 2:
        return "Un même projet ne peut pas recevoir plus de deux aides par an sur ce programme."
    return None


ART13 = register(
    Programme(
        article="13",
        title="Aide au développement éditorial",
        section=SECTION,
        version="2021B/CA/04 du 17 décembre 2021",
        valid_from=datetime.date(2021, 12, 17),
        deliberations="Modifié par délibération n° 2021B/CA/04 du 17 décembre 2021",
        objectives=(
            "Soutenir les projets de développement éditorial autour d'un auteur ou d'un "
            "compositeur : favoriser l'émergence de nouveaux talents, soutenir la création, "
            "faciliter la prise de risque de l'éditeur et l'encourager à investir sur le long "
            "terme dans les projets de développement de carrière."
        ),
        beneficiaries=(
            "Les structures éditoriales dont l'activité principale est l'édition musicale. En cas "
            "de coédition, la demande doit émaner de l'éditeur qui investit majoritairement."
        ),
        applicant_kinds=frozenset({MORALE}),
        criteria=(
            Criterion(
                "droits_auteur",
                "Percevoir au moins 4 000 € de droits d'auteur issus de l'exploitation des œuvres "
                "dont il est l'éditeur original sur les 12 derniers mois précédant la date de "
                "commission et/ou 10 000 € sur les trois derniers exercices",
                "13",
                art13_droits,
                scope=DEMANDEUR,
            ),
            Criterion(
                "activite_editoriale",
                "Activité éditoriale totale (y compris les commissions de gestion) supérieure à "
                "50 % du chiffre d'affaires",
                "13",
                art13_activite,
                scope=DEMANDEUR,
            ),
            Criterion(
                "initiative",
                "Être à l'initiative directe du projet ; en cas de coédition, être l'éditeur qui "
                "investit majoritairement",
                "13",
                scope=DEMANDEUR,
            ),
            Criterion(
                "contrat_preference",
                "Projet concernant un ou plusieurs auteurs compositeurs liés au demandeur par un "
                "contrat de préférence éditoriale en cours de validité",
                "13",
            ),
            Criterion("sous_edition", "Pas un projet en sous-édition", "13", art13_sous_edition),
            Criterion(
                "depenses_24_mois",
                "Investissements réalisés sur les 24 derniers mois précédant la date de "
                "commission, ou prévisionnels",
                "13",
                art13_24_mois,
            ),
            Criterion(
                "exclusivite",
                "Pas d'autre soutien public ou d'organisme de gestion collective sur les mêmes "
                "dépenses",
                "13",
                art13_exclusif,
            ),
            Criterion(
                "deux_aides_projet",
                "Au plus deux aides par an pour un même projet",
                "13",
                art13_deux_aides,
            ),
        ),
        figures=(
            amount(
                "droits_auteur_douze_mois",
                "Droits d'auteur perçus comme éditeur original sur les 12 derniers mois précédant "
                "la date de commission",
                help="Droits SACEM et SEAM, droits directs de l'étranger, synchronisations, "
                "droits graphiques…",
                step=DEMANDEUR,
            ),
            amount(
                "droits_auteur_trois_exercices",
                "Droits d'auteur perçus comme éditeur original sur les trois derniers exercices",
                step=DEMANDEUR,
                required=False,
            ),
            percent(
                "part_activite_editoriale",
                "Part de l'activité éditoriale totale (commissions de gestion comprises) dans le "
                "chiffre d'affaires (%)",
                step=DEMANDEUR,
            ),
            boolean("sous_edition", "Projet en sous-édition"),
            boolean(
                "depenses_plus_24_mois",
                "Le budget comprend des investissements réalisés plus de 24 mois avant la date "
                "de commission",
            ),
            boolean(
                "autre_soutien_memes_depenses",
                "Un autre soutien public ou d'un organisme de gestion collective porte sur les "
                "mêmes dépenses",
                step=FINANCEMENT,
            ),
            integer(
                "aides_projet_annee",
                "Nombre d'aides déjà obtenues cette année sur ce programme pour ce même projet",
                required=False,
                step=FINANCEMENT,
            ),
            amount(
                "deja_attribue_projet",
                "Aides déjà obtenues sur ce programme pour ce même projet",
                help="Le plafond de 25 000 € s'apprécie par projet.",
                required=False,
                step=FINANCEMENT,
                article="13",
            ),
        ),
        expense_categories=(
            ExpenseCategory(
                "investissements_realises",
                "Investissements liés au projet réalisés sur les 24 derniers mois précédant la "
                "date de commission",
            ),
            ExpenseCategory(
                "investissements_previsionnels", "Investissements prévisionnels liés au projet"
            ),
        ),
        eligible_expenses=(
            "Les investissements directement liés au projet, réalisés sur les 24 derniers mois "
            "précédant la date de commission, et les investissements prévisionnels liés au "
            "projet. Sur les mêmes dépenses, l'aide du CNM est exclusive de tout autre soutien "
            "public et/ou d'un organisme de gestion collective."
        ),
        coefficient=Decimal("2.5"),
        steps=(
            RateOf(Decimal("0.30"), "cadre", label="30 % du cadre subventionnable", article="13"),
            cap_less_already(
                Decimal("25000"),
                "deja_attribue_projet",
                label="Plafond par projet",
                article="13",
                what="par projet",
                description="25 000 € au plus par projet (aides de l'année sur ce même projet "
                "comprises)",
            ),
            CapYearly(Decimal("125000"), label="Plafond par bénéficiaire et par an", article="13"),
        ),
        limits_text=("Deux aides par an possibles pour un même projet.",),
        documents=(
            Document("budget", "Budget détaillé du projet et justificatifs des investissements"),
            Document(
                "contrat_preference",
                "Contrat(s) de préférence éditoriale en cours de validité avec l'auteur ou le "
                "compositeur",
            ),
            Document(
                "releves_droits",
                "Relevés de droits d'auteur (SACEM, SEAM…) des 12 derniers mois ou des trois "
                "derniers exercices",
            ),
            Document("contrat_coedition", "Contrat de coédition", required=False),
        ),
        appreciation=(
            "La lisibilité et la cohérence économique du projet, notamment le lien entre les "
            "dépenses présentées et l'activité d'éditeur",
            "La lisibilité et la cohérence stratégique du projet, notamment sa capacité à "
            "favoriser l'émergence de nouveaux talents",
            "La structuration et l'entourage professionnel de l'auteur, du compositeur",
            "Le professionnalisme du porteur de projet (signature et respect du Code des usages "
            "et des bonnes pratiques de l'édition musicale, rigueur et sérieux de la demande, "
            "sincérité des informations et documents, respect des bonnes pratiques "
            "professionnelles)",
            *APPRECIATION_COMMUNE,
        ),
        bilan="Solde de 30 % sur présentation du bilan de l'opération et des justificatifs.",
        notes=(
            SECTION_REGIME,
            "Le plafond de 25 000 € « par projet » est cumulé sur les aides obtenues pour le "
            "même projet (deux aides par an possibles) ; le plafond de 30 % s'applique au cadre "
            "subventionnable du dossier.",
            "Coédition : « l'éditeur qui investit majoritairement » est apprécié par "
            "l'instructeur (part relative la plus forte), pas par un seuil de 50 %.",
        ),
    )
)

# --- art. 14 ----------------------------------------------------------------------------------

DOMAINES_14 = (
    ("opera", "Opéra"),
    ("lyrique", "Autre œuvre lyrique"),
    ("symphonique", "Œuvre symphonique"),
    ("chambre", "Musique de chambre"),
    ("jazz_creation", "Jazz de création"),
    ("autre", "Autre"),
)


def art14_domaine(figures, applicant) -> str | None:
    """Art. 14 d: works of contemporary music (lyric, symphonic, chamber music) or jazz de
    création."""
    if figures.get("domaine") == "autre":
        return (
            "Le projet doit porter sur des œuvres de musique contemporaine (lyriques, "
            "symphoniques, musique de chambre) ou sur du jazz de création."
        )
    return None


def art14_compositeur(figures, applicant) -> str | None:
    """Art. 14 d: unpublished works of living composers or composers who died less than 10 years
    before the deposit date (« à vérifier » while the deposit date is unknown)."""
    death = figures.get("date_deces_compositeur")
    if death is None:
        return None
    on = applicant.on if applicant is not None else None
    if on is None:
        return Unverified(
            "À vérifier au dépôt : le compositeur doit être disparu depuis moins de 10 ans."
        )
    if on >= add_years(death, 10):
        return (
            "Le compositeur doit être vivant ou disparu depuis moins de 10 ans à la date du dépôt."
        )
    return None


def art14_exploitation(figures, applicant) -> str | None:
    """Art. 14 d: works with a guaranteed public performance or a commercially distributed
    phonographic production."""
    if not figures.get("exploitation_garantie"):
        return (
            "Les œuvres doivent faire l'objet d'une interprétation publique garantie ou d'une "
            "production phonographique distribuée commercialement."
        )
    return None


def art14_gravure(figures, applicant) -> str | None:
    """Art. 14 d: the engraving work started at the earliest two years before the date the work
    is performed or released, at the latest one year after it."""
    start = figures.get("date_debut_gravure")
    release = figures.get("date_exploitation")
    if start is None or release is None:
        raise KeyError("date_debut_gravure")
    if add_years(release, -2) <= start <= add_years(release, 1):
        return None
    return (
        "Le travail de gravure doit avoir été entrepris au plus tôt deux ans avant la date "
        "d'exploitation de l'œuvre, au plus tard un an après."
    )


def is_opera(ctx) -> bool:
    """Art. 14 f: the yearly cap is raised to 90 000 € for an opera."""
    return ctx.figures.get("domaine") == "opera"


ART14 = register(
    Programme(
        article="14",
        title="Aide à l'édition de musique contemporaine",
        section=SECTION,
        version="2021B/CA/04 du 17 décembre 2021",
        valid_from=datetime.date(2021, 12, 17),
        deliberations="Modifié par délibération n° 2021B/CA/04 du 17 décembre 2021",
        objectives=(
            "Accompagner les éditeurs dans leurs efforts de développement d'un catalogue "
            "éditorial d'œuvres nouvelles dans le domaine de la musique contemporaine et du jazz "
            "de création ; soutenir des projets d'édition d'œuvres présentant un caractère de "
            "risque en raison de la complexité du travail éditorial."
        ),
        beneficiaries=(
            "Les éditeurs musicaux, pour une œuvre faisant l'objet d'une exploitation publique "
            "(phonographique, scénique, diffusion alternative / streaming…)."
        ),
        applicant_kinds=frozenset({MORALE}),
        criteria=(
            Criterion(
                "code_usages",
                "Être signataire et respecter le Code des usages et des bonnes pratiques de "
                "l'édition musicale",
                "14",
                signataire_code_usages,
                scope=DEMANDEUR,
            ),
            Criterion(
                "domaine",
                "Œuvres de musique contemporaine (lyriques, symphoniques, musique de chambre) ou "
                "jazz de création",
                "14",
                art14_domaine,
            ),
            Criterion(
                "compositeur",
                "Œuvres de compositeurs vivants ou disparus depuis moins de 10 ans",
                "14",
                art14_compositeur,
            ),
            Criterion("inedites", "Œuvres inédites", "14"),
            Criterion(
                "exploitation",
                "Interprétation publique garantie ou production phonographique distribuée "
                "commercialement",
                "14",
                art14_exploitation,
            ),
            Criterion(
                "gravure",
                "Gravure entreprise au plus tôt deux ans avant la date d'exploitation de l'œuvre, "
                "au plus tard un an après",
                "14",
                art14_gravure,
            ),
            Criterion(
                "commandes",
                "Commandes d'État, d'orchestre ou d'opéra, de festivals, de conservatoires et "
                "initiatives directes des éditeurs : éligibles sous réserve des critères "
                "ci-dessus",
                "14",
            ),
        ),
        figures=(
            SIGNATAIRE,
            choice("domaine", "Domaine des œuvres", DOMAINES_14),
            date(
                "date_deces_compositeur",
                "Date du décès du compositeur",
                help="À laisser vide si le compositeur est vivant.",
                required=False,
                min_value=datetime.date(1900, 1, 1),
            ),
            boolean(
                "exploitation_garantie",
                "L'œuvre fait l'objet d'une interprétation publique garantie ou d'une production "
                "phonographique distribuée commercialement",
            ),
            date("date_exploitation", "Date d'exploitation de l'œuvre (création, sortie)"),
            date("date_debut_gravure", "Date de début du travail de gravure"),
        ),
        expense_categories=(
            ExpenseCategory(
                "investissements_editoriaux",
                "Investissements liés au projet éditorial (gravure, copie, correction, "
                "impression…)",
            ),
            ExpenseCategory(
                "communication",
                "Charges de communication liées à la promotion et à la diffusion de l'œuvre",
            ),
        ),
        eligible_expenses=(
            "Les investissements liés au projet éditorial, auxquels peuvent s'ajouter les charges "
            "de communication liées à la promotion et à la diffusion de l'œuvre."
        ),
        coefficient=Decimal("1.5"),
        steps=(
            RateOf(Decimal("0.40"), "cadre", label="40 % du cadre subventionnable", article="14"),
            CapYearly(
                Decimal("40000"),
                label="Plafond par bénéficiaire et par an",
                article="14",
                raised=((is_opera, Decimal("90000"), "opéra : budget supplémentaire de 50 000 €"),),
            ),
        ),
        documents=(
            Document("budget", "Budget détaillé du projet éditorial et devis"),
            Document(
                "justificatif_exploitation",
                "Justificatif de l'interprétation publique garantie (contrat, programme) ou "
                "contrat de distribution de la production phonographique",
            ),
            Document("partition", "Extrait de la partition ou de l'œuvre"),
        ),
        appreciation=(
            "La lisibilité et la cohérence économique du projet, notamment le lien entre les "
            "dépenses présentées et l'activité d'éditeur",
            "La lisibilité et la cohérence stratégique du projet : capacité à favoriser "
            "l'émergence de nouveaux talents ; priorité aux œuvres qui, par leur durée, leur "
            "complexité ou le nombre de musiciens impliqués, supposent un travail d'édition "
            "important ou difficile",
            "Le professionnalisme du porteur de projet (rigueur et sérieux de la demande, "
            "sincérité des informations et documents, respect des bonnes pratiques "
            "professionnelles)",
            *APPRECIATION_COMMUNE,
        ),
        bilan=(
            "Solde de 30 % sur présentation du bilan de l'opération et des justificatifs "
            "nécessaires."
        ),
        notes=(
            SECTION_REGIME,
            "Opéra : le plafond annuel passe de 40 000 € à 90 000 € pour le dossier qui porte "
            "sur un opéra ; les aides déjà obtenues dans l'année s'imputent sur ce plafond relevé.",
            "« Disparu depuis moins de 10 ans » s'apprécie à la date du dépôt : au dixième "
            "anniversaire du décès, l'œuvre n'est plus éligible.",
            "« Éditeurs musicaux » : structures de l'espace professionnel (sociétés, "
            "associations, entrepreneurs individuels…), l'espace « personne physique » étant "
            "celui des auteurs et compositeurs.",
        ),
    )
)

# Art. 14-1 is in its own module, imported here so that the registry loads the whole section.
from aides.programmes import edition_enseignement  # noqa: E402, F401
