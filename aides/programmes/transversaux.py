"""Section 8 of the RGA: programmes d'aide transversaux (art. 32 to 38).

Readings taken here (also in ``docs/decisions.md``):
- "n ans d'existence à la date de dépôt": the creation date plus n years (``add_months``: a
  structure created on 29 February has its first anniversary on 28 February) is on or before the
  deposit date (today in the simulator).
- "une seule aide par année d'exercice": counted per calendar year (the portal does not know each
  structure's financial year); the instructor checks a shifted financial year.
- Art. 36 and 37 "dont au maximum 10 000 € au titre du volet conseil (aide au conseil plafonnée à
  500 € par jour d'intervention)": the rate applies to every eligible expense, and the part of the
  aid that comes from the consulting expenses is at most min(10 000 €, 500 € × days).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from aides.programmes import register
from aides.programmes.base import (
    DEMANDEUR,
    MORALE,
    ONE_PAYMENT,
    SPLIT_70_30,
    SPLIT_80_20,
    CapEur,
    CapYearly,
    Context,
    Criterion,
    Custom,
    Document,
    ExpenseCategory,
    Figure,
    Programme,
    RateOf,
    Section,
    amount,
    boolean,
    choice,
    deposit_day,
    integer,
    money_of,
    percent,
)
from cnm_portal.dates import add_months
from cnm_portal.money import apply_rate, format_euros
from espace_pro.choices import LegalForm

SECTION = Section(8, "Programmes d'aide transversaux")
D = Decimal

PRIVATE = frozenset(
    {LegalForm.SOCIETE_COMMERCIALE, LegalForm.ASSOCIATION, LegalForm.ENTREPRENEUR_INDIVIDUEL}
)

DATE_CREATION = Figure(
    "date_creation",
    "Date de création de la structure",
    "date",
    step=DEMANDEUR,
    help="Date d'immatriculation ou de déclaration en préfecture.",
)
EXERCICES_CLOS = integer("exercices_clos", "Nombre d'exercices comptables achevés", step=DEMANDEUR)
PART_ACTIVITE_CNM = percent(
    "part_activite_cnm",
    "Part de l'activité exercée dans le champ du CNM (musique et variétés) (%)",
    step=DEMANDEUR,
)
APPORT_PORTEUR = amount(
    "apport_porteur",
    "Apport en numéraire ou en valorisation du porteur du projet et de ses partenaires",
    step="financement",
)

COMMON_APPRECIATION = (
    "La lisibilité et la cohérence économique des éléments présentés (part des frais fixes, "
    "participation d'autres partenaires et autres sources de financement)",
    "Le respect des obligations sociales, fiscales et professionnelles (conventions collectives, "
    "taxe sur les spectacles de variétés et droits d'auteur)",
    "Le professionnalisme du porteur de projet (rigueur et sérieux de la demande, sincérité des "
    "informations et documents)",
    "Le respect des bonnes pratiques professionnelles",
    "Les dispositions prises en termes d'égalité femmes-hommes",
    "Les dispositions prises en termes de gestion de l'impact environnemental",
)


# --- shared rule functions ----------------------------------------------------------------------


def existed_for(months: int, creation: datetime.date | None, on: datetime.date) -> bool:
    """True when a structure created on ``creation`` has existed ``months`` months on ``on``."""
    return creation is not None and add_months(creation, months) <= on


def existence_check(months: int, article: str, *, waiver: str | None = None):
    """Art. 32-38: « avoir au moins n an(s) d'existence à la date de dépôt du dossier »."""
    text = {6: "six mois", 12: "un an", 24: "deux ans", 36: "trois ans"}[months]

    def check(figures, applicant):
        if waiver and figures.get(waiver):
            return None
        if existed_for(months, figures.get("date_creation"), deposit_day(applicant)):
            return None
        return f"La structure doit avoir au moins {text} d'existence à la date de dépôt (art. {article})."

    check.__doc__ = f"Art. {article}: at least {months} months of existence on the deposit date."
    return check


def exercises_check(count: int, article: str, *, waiver: str | None = None):
    """Art. 36-38: « disposer d'au moins n exercice(s) comptable(s) achevé(s) »."""

    def check(figures, applicant):
        if waiver and figures.get(waiver):
            return None
        if int(figures.get("exercices_clos") or 0) >= count:
            return None
        return f"La structure doit disposer d'au moins {count} exercice(s) comptable(s) achevé(s)."

    return check


def activity_share_check(figures, applicant) -> str | None:
    """Art. 36 b and 37 b: structures exerçant 80 % de leur activité dans le champ du CNM."""
    if money_of(figures, "part_activite_cnm") >= 80:
        return None
    return "La structure doit exercer au moins 80 % de son activité dans le champ du CNM."


def employment_check(figures, applicant) -> str | None:
    """Art. 36 c and 37 c: a CDI of more than six months, or a turnover under 200 000 €."""
    if figures.get("cdi_plus_six_mois") or money_of(figures, "chiffre_affaires") < D("200000"):
        return None
    return (
        "Critère de l'emploi : justifier d'au moins un CDI depuis plus de six mois, ou d'un "
        "chiffre d'affaires annuel inférieur à 200 000 €."
    )


def turnover_check(figures, applicant) -> str | None:
    """Art. 36 c and 37 c: a turnover above 100 000 € (last closed financial year)."""
    if money_of(figures, "chiffre_affaires") > D("100000"):
        return None
    return "Le chiffre d'affaires du dernier exercice clos doit être supérieur à 100 000 €."


def flag_required(name: str, message: str):
    def check(figures, applicant):
        return None if figures.get(name) else message

    check.__doc__ = f"Commitment or attestation {name!r} is required."
    return check


def flag_forbidden(name: str, message: str):
    def check(figures, applicant):
        return message if figures.get(name) else None

    check.__doc__ = f"Situation {name!r} makes the application ineligible."
    return check


def cap_contribution(article: str) -> Custom:
    """Art. 37 e and 38 d: the aid never exceeds the holder's (and partners') contribution."""

    def run(current, ctx: Context):
        limit = ctx.money("apport_porteur")
        after = limit if current is None else min(current, limit)
        return after, f"apport du porteur et des partenaires : {format_euros(limit)}"

    return Custom(
        run,
        label="Plafonné à l'apport du porteur du projet",
        article=article,
        description="L'aide ne dépasse pas l'apport en numéraire ou en valorisation du porteur "
        "du projet ou de ses partenaires.",
    )


def rate_with_consulting(rate: Decimal, article: str) -> Custom:
    """Art. 36 e and 37 e: ``rate`` of the eligible expenses, the consulting part limited to
    min(10 000 €, 500 € per day of intervention)."""

    def run(current, ctx: Context):
        consulting = ctx.money("depenses_conseil")
        others = ctx.money("depenses_eligibles") - consulting
        days = int(ctx.figures.get("jours_conseil") or 0)
        consulting_cap = min(D("10000"), D("500") * days)
        consulting_part = min(apply_rate(consulting, rate), consulting_cap)
        total = apply_rate(others, rate) + consulting_part
        if consulting and not days:
            ctx.errors.append(
                "Indiquez le nombre de jours d'intervention du conseil (500 € d'aide par jour au "
                f"plus, art. {article})."
            )
        detail = (
            f"{format_euros(apply_rate(others, rate))} sur les autres dépenses + "
            f"{format_euros(consulting_part)} au titre du conseil (plafond "
            f"{format_euros(consulting_cap)} : 10 000 € et 500 € × {days} jour(s))"
        )
        return total if current is None else min(current, total), detail

    return Custom(
        run,
        label=f"{int(rate * 100)} % des dépenses éligibles, volet conseil plafonné",
        article=article,
        description=f"{int(rate * 100)} % des dépenses éligibles, dont au plus 10 000 € au titre "
        "du volet conseil (500 € par jour d'intervention).",
    )


# --- art. 32 -----------------------------------------------------------------------------------

register(
    Programme(
        article="32",
        title="Aide aux associations dont l'objet est de contribuer nationalement à la "
        "structuration, au développement et à l'intérêt général des professionnels de la musique "
        "et des variétés",
        section=SECTION,
        version="2021B/CA/04 du 17 décembre 2021",
        valid_from=datetime.date(2021, 12, 17),
        deliberations="Modifié par délibération n° 2021A/CA/21 du 18 octobre 2021, délibération "
        "n° 2021B/CA/04 du 17 décembre 2021",
        objectives="Soutenir les projets des organismes dont l'objet est de contribuer, à "
        "l'échelle nationale, à la structuration, à la professionnalisation et à l'intérêt "
        "général du secteur.",
        beneficiaries="Associations de dimension nationale fédérant des catégories d'acteurs des "
        "musiques et des variétés.",
        applicant_kinds=frozenset({MORALE}),
        legal_forms=frozenset({LegalForm.ASSOCIATION}),
        figures=(
            DATE_CREATION,
            boolean(
                "cumul_article_33",
                "Une aide de l'article 33 (dispositifs d'accompagnement) est demandée ou obtenue "
                "pour le même exercice",
            ),
        ),
        criteria=(
            Criterion(
                "existence",
                "Avoir au moins un an d'existence",
                "32",
                existence_check(12, "32"),
                scope=DEMANDEUR,
            ),
            Criterion(
                "dimension_nationale",
                "Association de dimension nationale dont l'objet social est la structuration, le "
                "développement et l'intérêt général des professionnels",
                "32",
                scope=DEMANDEUR,
            ),
            Criterion(
                "cumul_33",
                "Non cumulable avec l'aide de l'article 33",
                "32",
                flag_forbidden(
                    "cumul_article_33",
                    "L'aide de l'article 32 ne peut pas être cumulée avec celle de l'article 33.",
                ),
            ),
            Criterion(
                "autre_soutien",
                "Dépenses sans autre soutien du CNM (hors programmes transversaux)",
                "32",
            ),
        ),
        eligible_expenses="Les frais affectés aux actions collectives de développement et de "
        "structuration de la filière, pour une année d'exercice.",
        steps=(RateOf(D("0.40"), "depenses_eligibles", "40 % des dépenses éligibles", "32"),),
        max_aids_per_year=1,
        limits_text=("Une seule aide par année d'exercice.",),
        payment=SPLIT_80_20,
        documents=(
            Document("statuts", "Statuts de l'association"),
            Document("budget", "Budget prévisionnel de l'exercice"),
            Document("rapport_activite", "Dernier rapport d'activité"),
        ),
        appreciation=(
            "La lisibilité, la cohérence et la portée de la stratégie de la structure (caractère "
            "collectif, rayonnement national, résultats attendus, publics touchés)",
            *COMMON_APPRECIATION,
        ),
        bilan="Solde de 20 % sur présentation du bilan de l'opération.",
    )
)

# --- art. 33 -----------------------------------------------------------------------------------

register(
    Programme(
        article="33",
        title="Aide aux dispositifs d'accompagnement, de professionnalisation et aux rencontres "
        "professionnelles, favorisant le rayonnement et l'émergence des projets",
        section=SECTION,
        version="2021B/CA/04 du 17 décembre 2021",
        valid_from=datetime.date(2021, 12, 17),
        deliberations="Modifié par délibération n° 2021A/CA/21 du 18 octobre 2021, délibération "
        "n° 2021B/CA/04 du 17 décembre 2021",
        objectives="Soutenir les dispositifs de professionnalisation (accompagnement, prix) qui "
        "favorisent la structuration d'artistes et de projets émergents, et les rencontres "
        "professionnelles qui contribuent au développement du secteur.",
        beneficiaries="Structures proposant des dispositifs nationaux d'accompagnement sur appel "
        "à candidatures, des remises de prix nationales ou internationales, ou des salons "
        "professionnels.",
        applicant_kinds=frozenset({MORALE}),
        legal_forms=PRIVATE,
        figures=(
            DATE_CREATION,
            boolean(
                "cumul_article_32",
                "Une aide de l'article 32 est demandée ou obtenue pour le même exercice",
            ),
        ),
        criteria=(
            Criterion(
                "existence",
                "Avoir au moins un an d'existence",
                "33",
                existence_check(12, "33"),
                scope=DEMANDEUR,
            ),
            Criterion(
                "appel_national",
                "Dispositif sur appel à candidatures national, à caractère cyclique ; structure "
                "distincte de l'entreprise de spectacles du projet sélectionné",
                "33",
            ),
            Criterion(
                "cumul_32",
                "Non cumulable avec l'aide de l'article 32",
                "33",
                flag_forbidden(
                    "cumul_article_32",
                    "L'aide de l'article 33 ne peut pas être cumulée avec celle de l'article 32.",
                ),
            ),
        ),
        eligible_expenses="Les frais directement affectés au projet, pour une année d'exercice.",
        steps=(RateOf(D("0.40"), "depenses_eligibles", "40 % des dépenses éligibles", "33"),),
        max_aids_per_year=1,
        limits_text=("Une seule aide par année d'exercice.",),
        payment=SPLIT_80_20,
        documents=(
            Document("budget", "Budget du projet, distinct du budget général de la structure"),
            Document("appel_candidatures", "Appel à candidatures ou règlement du prix"),
        ),
        appreciation=(
            "La lisibilité, la cohérence et la portée de la stratégie du projet (émergence, "
            "perspectives de diffusion, rayonnement national, structuration du parcours)",
            "Le caractère structurant de l'action et le volume de l'audience",
            *COMMON_APPRECIATION,
        ),
        bilan="Solde de 20 % sur présentation du bilan de l'opération.",
    )
)

# --- art. 34 -----------------------------------------------------------------------------------

register(
    Programme(
        article="34",
        title="Aide aux organismes de formation professionnelle",
        section=SECTION,
        version="2021A/CA/21 du 18 octobre 2021",
        valid_from=datetime.date(2021, 10, 18),
        deliberations="Modifié par délibération n° 2021A/CA/21 du 18 octobre 2021",
        objectives="Soutenir les organismes dont l'objet principal est la formation "
        "professionnelle et qui proposent des cursus annuels professionnalisants.",
        beneficiaries="Organismes de formation professionnelle de droit privé.",
        applicant_kinds=frozenset({MORALE}),
        legal_forms=PRIVATE,
        figures=(
            boolean(
                "cursus_annuel",
                "Cursus de formation professionnelle à l'année pour musiciens interprètes et "
                "artistes",
                step=DEMANDEUR,
            ),
        ),
        criteria=(
            Criterion(
                "cursus",
                "Organisme de formation de droit privé proposant des cursus à l'année à "
                "destination de musiciens interprètes et d'artistes",
                "34",
                flag_required(
                    "cursus_annuel",
                    "L'organisme doit proposer des cursus de "
                    "formation professionnelle à l'année (art. 34).",
                ),
                scope=DEMANDEUR,
            ),
        ),
        eligible_expenses="Les frais directement affectés aux actions de formation "
        "professionnelle à destination de musiciens interprètes et d'artistes.",
        steps=(RateOf(D("0.30"), "depenses_eligibles", "30 % des dépenses éligibles", "34"),),
        max_aids_per_year=1,
        limits_text=("Une seule aide par année d'exercice.",),
        payment=SPLIT_80_20,
        documents=(
            Document("programme_formation", "Programme et calendrier des formations"),
            Document("budget", "Budget des actions de formation"),
        ),
        appreciation=(
            "La lisibilité, la cohérence et la portée de la stratégie (liens avec le monde "
            "professionnel, modules certifiants, reconnaissance au titre de l'art. L. 361-2 du "
            "code de l'éducation, licence, insertion professionnelle)",
            *COMMON_APPRECIATION,
        ),
        bilan="Solde de 20 % sur présentation du bilan de l'opération.",
        notes=(
            "« Un acompte de 80 % au maximum » : l'échéancier applique 80 %, l'instruction "
            "peut le réduire.",
        ),
    )
)

# --- art. 34-1 ---------------------------------------------------------------------------------


def art34_1_start(figures, applicant) -> str | None:
    """Art. 34-1 e: the first actions may have started in the six months before the deposit."""
    start = figures.get("date_debut_actions")
    day = deposit_day(applicant)
    if start is None or start >= add_months(day, -6):
        return None
    return "Les premières actions ne peuvent avoir été amorcées plus de six mois avant le dépôt."


register(
    Programme(
        article="34-1",
        title="Aide aux projets en faveur de la transition écologique",
        section=SECTION,
        version="2022/CA/29 du 16 décembre 2022",
        valid_from=datetime.date(2022, 12, 16),
        deliberations="Créé par délibération n° 2022/CA/08 du 30 mars 2022, modifié par "
        "délibération n° 2022/CA/29 du 16 décembre 2022",
        objectives="Soutenir les projets structurants à portée collective en matière de "
        "transition écologique ; les actions mutualisées portées par plusieurs acteurs sont "
        "privilégiées.",
        beneficiaries="Professionnels exerçant la majorité de leur activité dans le champ du CNM.",
        applicant_kinds=frozenset({MORALE}),
        figures=(
            DATE_CREATION,
            Figure(
                "date_debut_actions", "Date de début des premières actions", "date", required=False
            ),
            boolean("pendant_festival", "Les actions ont lieu pendant un festival"),
            boolean(
                "activites_propres",
                "Le projet concerne les seules activités propres de la structure",
            ),
        ),
        criteria=(
            Criterion(
                "existence",
                "Au moins un an d'existence au jour du dépôt",
                "34-1",
                existence_check(12, "34-1"),
                scope=DEMANDEUR,
            ),
            Criterion(
                "debut",
                "Actions amorcées au plus tôt six mois avant le dépôt",
                "34-1",
                art34_1_start,
            ),
            Criterion(
                "festival",
                "Pas d'action de structuration ou de sensibilisation pendant un festival",
                "34-1",
                flag_forbidden(
                    "pendant_festival",
                    "Les actions ayant lieu durant un festival ne "
                    "sont pas éligibles à ce programme.",
                ),
            ),
            Criterion(
                "activites_propres",
                "Pas de projet limité aux activités propres de la structure",
                "34-1",
                flag_forbidden(
                    "activites_propres",
                    "Les projets menés par la structure pour ses "
                    "activités propres ne sont pas éligibles.",
                ),
            ),
            Criterion(
                "collectif",
                "Projet collectif et/ou mutualisé, mutualisable, innovant ou réplicable, au "
                "bénéfice d'un ensemble de professionnels du champ du CNM",
                "34-1",
            ),
        ),
        eligible_expenses="Tous les coûts directement liés au projet.",
        steps=(RateOf(D("0.40"), "budget_total", "40 % du plan de financement du projet", "34-1"),),
        limits_text=(
            "Un même bénéficiaire ne peut déposer qu'un dossier par année civile.",
            "Une nouvelle demande n'est pas traitée tant que le bilan d'une précédente aide n'a "
            "pas été envoyé, instruit et soldé.",
        ),
        max_aids_per_year=1,
        payment=ONE_PAYMENT,
        documents=(Document("budget", "Plan de financement du projet"),),
        appreciation=(
            "La transférabilité ou reproductibilité du projet",
            "La lisibilité budgétaire et la diversité des sources de financement",
            "Les moyens de sensibilisation et de communication vers la filière",
            "Les études d'impact, le caractère innovant, le travail en réseau",
            "L'impact social et environnemental et le rayonnement du projet",
            "La place des femmes et la transition écologique dans la structure",
        ),
        bilan="L'aide est versée en une seule fois ; le bilan doit être soldé avant toute "
        "nouvelle demande sur ce programme.",
        rse_grid=False,
        notes=("Le « plan de financement du projet » est lu comme le budget total du projet.",),
    )
)

# --- art. 35 -----------------------------------------------------------------------------------

# typology → (label, rate of eligible expenses, cap in euros or None)
ART35_TYPOLOGIES = {
    "formation_equipes": (
        "Formation des équipes par un organisme extérieur",
        D("0.50"),
        D("10000"),
    ),
    "diagnostic": (
        "Diagnostic et accompagnement par un organisme de conseil ou de formation",
        D("0.50"),
        D("15000"),
    ),
    "formations_collectives": (
        "Formations collectives fédérant plusieurs structures",
        D("0.50"),
        D("50000"),
    ),
    "modules_formation": (
        "Création de modules de formation spécifiques au secteur",
        D("0.50"),
        D("30000"),
    ),
    "visibilite": ("Visibilité", D("0.60"), D("30000")),
    "sensibilisation": ("Sensibilisation", D("0.60"), D("30000")),
    "accompagnement_professionnel": ("Accompagnement professionnel", D("0.60"), D("50000")),
    "observation": ("Observation", D("0.60"), None),
    "aide_structure": ("Aide à la structure", D("0.50"), D("100000")),
}


def art35_typology(current, ctx: Context):
    """Art. 35 e: the rate and the cap of the chosen typology."""
    code = ctx.figures.get("typologie")
    if code not in ART35_TYPOLOGIES:
        return current, "typologie non choisie"
    label, rate, cap = ART35_TYPOLOGIES[code]
    base = ctx.money("depenses_eligibles")
    value = apply_rate(base, rate)
    detail = f"{label} : {int(rate * 100)} % × {format_euros(base)} = {format_euros(value)}"
    if cap is not None and value > cap:
        value = cap
        detail += f", plafonné à {format_euros(cap)}"
    return value if current is None else min(current, value), detail


def art35_start(figures, applicant) -> str | None:
    """Art. 35 d: first actions started within six months before or after the deposit
    deadline."""
    start = figures.get("date_debut_actions")
    deadline = (applicant.session_deadline if applicant else None) or deposit_day(applicant)
    if start is None or add_months(deadline, -6) <= start <= add_months(deadline, 6):
        return None
    return (
        "Les premières actions doivent être amorcées dans les six mois qui précèdent ou qui "
        "suivent la date limite de dépôt."
    )


def art35_existence(figures, applicant) -> str | None:
    """Art. 35 c: at least six months of existence on the deposit deadline."""
    deadline = (applicant.session_deadline if applicant else None) or deposit_day(applicant)
    if existed_for(6, figures.get("date_creation"), deadline):
        return None
    return "La structure doit avoir au moins six mois d'existence à la date limite de dépôt."


def art35_hearing(figures, applicant) -> str | None:
    """Art. 35 h: a request of 50 000 € or more is heard by the commission (a warning)."""
    if money_of(figures, "montant_sollicite") >= D("50000") or figures.get("conventionnement"):
        return (
            "Demande d'au moins 50 000 € ou de conventionnement : le porteur de projet sera "
            "auditionné en visioconférence par la commission."
        )
    return None


register(
    Programme(
        article="35",
        title="Aide aux projets en faveur de l'égalité femmes hommes",
        section=SECTION,
        version="2022/CA/29 du 16 décembre 2022",
        valid_from=datetime.date(2022, 12, 16),
        deliberations="Modifié par délibération n° 2021B/CA/04 du 17 décembre 2021, délibération "
        "n° 2022/CA/13 du 5 juillet 2022, délibération n° 2022/CA/29 du 16 décembre 2022",
        objectives="Soutenir les projets spécifiquement liés à l'égalité femmes-hommes ou à la "
        "prévention des violences sexistes et sexuelles dans les secteurs du CNM.",
        beneficiaries="L'ensemble des professionnels du champ d'activité du CNM.",
        applicant_kinds=frozenset({MORALE}),
        figures=(
            DATE_CREATION,
            choice(
                "typologie",
                "Typologie de l'aide",
                tuple((code, label) for code, (label, _, _) in ART35_TYPOLOGIES.items()),
            ),
            Figure(
                "date_debut_actions", "Date de début des premières actions", "date", required=False
            ),
            boolean("conventionnement", "Demande de convention pluriannuelle"),
        ),
        criteria=(
            Criterion(
                "existence",
                "Au moins six mois d'existence à la date limite de dépôt",
                "35",
                art35_existence,
                scope=DEMANDEUR,
            ),
            Criterion(
                "debut",
                "Actions amorcées dans les six mois avant ou après la date limite de dépôt",
                "35",
                art35_start,
            ),
            Criterion(
                "audition",
                "Audition si la demande atteint 50 000 € ou en cas de conventionnement",
                "35",
                art35_hearing,
                blocking=False,
            ),
            Criterion("autre_soutien", "Dépenses sans autre soutien financier du CNM", "35"),
            Criterion(
                "formations",
                "Formations : organismes Qualiopi, non finançables par un OPCO (lettre de refus "
                "de l'OPCO), hors formation des représentants du personnel",
                "35",
            ),
        ),
        eligible_expenses="Selon la typologie ; le coût humain supplémentaire par rapport à "
        "l'activité régulière de la structure est éligible.",
        steps=(
            Custom(
                art35_typology,
                label="Taux et plafond de la typologie",
                article="35",
                description="50 % ou 60 % des dépenses éligibles selon la typologie, plafonné "
                "de 10 000 € à 100 000 € selon la typologie.",
            ),
            CapYearly(D("100000"), label="Plafond de 100 000 € cumulés par an", article="35"),
        ),
        max_aids_per_year=4,
        limits_text=("Jusqu'à quatre aides par an, dans la limite de 100 000 € cumulés.",),
        payment=SPLIT_70_30,
        documents=(
            Document("devis", "Devis des prestataires"),
            Document(
                "organismes",
                "Informations sur les organismes choisis et les personnes formées",
                required=False,
            ),
            Document(
                "refus_opco", "Lettre de refus de financement de l'OPCO compétent", required=False
            ),
        ),
        appreciation=(
            "La lisibilité budgétaire et la transparence de la demande",
            "La diversification des sources de financement",
            "Les moyens mis en œuvre, la cohérence des frais de structure",
            "Le travail en réseau, le soutien à l'émergence et à l'innovation",
            "L'impact, le rayonnement, la transférabilité du projet",
            "La gestion de l'impact environnemental et la place des femmes dans la structure",
        ),
        bilan="Solde de 30 % sur présentation du bilan de l'opération.",
        notes=(
            "Les pièces propres aux formations (devis, organismes, refus de l'OPCO) sont "
            "obligatoires pour les typologies de formation.",
            "La typologie « observation » n'a pas de plafond en euros dans l'article : seul le "
            "plafond annuel de 100 000 € s'applique.",
        ),
    )
)

# --- art. 36 and 37 ----------------------------------------------------------------------------

RESTRUCTURATION_CATEGORIES = (
    ExpenseCategory("personnel", "Dépenses de personnel"),
    ExpenseCategory("locaux", "Charges locatives ou d'entretien des locaux"),
    ExpenseCategory("energie", "Charges d'énergies ou de fluides"),
    ExpenseCategory("conseil", "Compétence extérieure (conseil et prestation) pour le plan"),
    ExpenseCategory("prestations", "Contrats de prestation"),
    ExpenseCategory("communication", "Charges de communication"),
)
DEVELOPPEMENT_CATEGORIES = (
    ExpenseCategory(
        "investissements",
        "Investissements matériels et immatériels (y compris "
        "licences ; crédit-bail : loyers sur la période)",
    ),
    ExpenseCategory(
        "conseil", "Compétence extérieure (conseil et prestation) pour le plan de développement"
    ),
    ExpenseCategory("prestations", "Contrats de prestation de services liés au projet"),
    ExpenseCategory("communication", "Communication liée à la marque"),
    ExpenseCategory(
        "personnel",
        "Personnel : CDI sur une fonction nouvelle (un an), évolution "
        "interne, emplois créés, missions dédiées au projet",
    ),
)

ECONOMIC_FIGURES = (
    DATE_CREATION,
    EXERCICES_CLOS,
    PART_ACTIVITE_CNM,
    amount("chiffre_affaires", "Chiffre d'affaires du dernier exercice clos", step=DEMANDEUR),
    boolean(
        "cdi_plus_six_mois",
        "Au moins un salarié en CDI depuis plus de six mois (hors mandataires sociaux)",
        step=DEMANDEUR,
    ),
    boolean(
        "transfert_activite",
        "Transfert d'activité ou renouvellement de délégation de "
        "service public (continuité de l'activité, reprise des salariés et du catalogue)",
        step=DEMANDEUR,
    ),
    boolean(
        "regularite_taxe",
        "À jour de la taxe sur les spectacles de variétés (le cas échéant)",
        step=DEMANDEUR,
    ),
    boolean(
        "engagement_dividendes",
        "Engagement de ne pas attribuer de dividendes sur l'exercice soutenu",
        step=DEMANDEUR,
    ),
    integer("jours_conseil", "Nombre de jours d'intervention du conseil", required=False),
)


def economic_criteria(article: str) -> tuple[Criterion, ...]:
    return (
        Criterion(
            "activite",
            "80 % de l'activité dans le champ du CNM",
            article,
            activity_share_check,
            scope=DEMANDEUR,
        ),
        Criterion(
            "existence",
            "Au moins trois ans d'existence à la date de dépôt (sauf "
            "transfert d'activité ou renouvellement de DSP)",
            article,
            existence_check(36, article, waiver="transfert_activite"),
            scope=DEMANDEUR,
        ),
        Criterion(
            "exercices",
            "Au moins trois exercices comptables achevés (même exception)",
            article,
            exercises_check(3, article, waiver="transfert_activite"),
            scope=DEMANDEUR,
        ),
        Criterion(
            "emploi",
            "Un CDI de plus de six mois, ou un chiffre d'affaires inférieur à 200 000 €",
            article,
            employment_check,
            scope=DEMANDEUR,
        ),
        Criterion(
            "chiffre_affaires",
            "Chiffre d'affaires supérieur à 100 000 € (dernier exercice clos)",
            article,
            turnover_check,
            scope=DEMANDEUR,
        ),
        Criterion(
            "taxe",
            "Régularité vis-à-vis de la taxe sur les spectacles de variétés",
            article,
            flag_required(
                "regularite_taxe",
                "La structure doit être à jour de "
                "la taxe sur les spectacles de variétés (le cas "
                "échéant).",
            ),
            scope=DEMANDEUR,
        ),
        Criterion(
            "dividendes",
            "Engagement de ne pas attribuer de dividendes sur l'exercice soutenu",
            article,
            flag_required(
                "engagement_dividendes",
                "L'engagement de ne pas attribuer de dividendes est requis.",
            ),
            scope=DEMANDEUR,
        ),
    )


register(
    Programme(
        article="36",
        title="Aide à la restructuration économique",
        section=SECTION,
        version="2022/CA/29 du 16 décembre 2022",
        valid_from=datetime.date(2022, 12, 16),
        deliberations="Créé par délibération n° 2022/CA/29 du 16 décembre 2022",
        objectives="Aider des personnes morales structurées en situation de fragilité économique "
        "à rétablir leur viabilité à moyen et long terme, et préserver l'emploi, les savoir-faire "
        "et les catalogues.",
        beneficiaries="Structures exerçant 80 % de leur activité dans le champ du CNM.",
        applicant_kinds=frozenset({MORALE}),
        figures=(
            *ECONOMIC_FIGURES,
            boolean(
                "cessation_paiements", "La structure est en cessation de paiements", step=DEMANDEUR
            ),
            boolean(
                "procedure_collective",
                "La structure fait l'objet d'une procédure collective d'insolvabilité",
                step=DEMANDEUR,
            ),
            boolean(
                "regularite_sociale",
                "À jour vis-à-vis des caisses sociales (attestation ou "
                "échéancier de moins de trois mois)",
                step=DEMANDEUR,
            ),
            boolean(
                "aide_37_meme_exercice",
                "Une aide au développement économique (art. 37) est "
                "demandée ou obtenue pour le même exercice",
            ),
            boolean(
                "aide_36_deux_exercices",
                "Une aide à la restructuration a été demandée au "
                "cours des deux exercices précédents",
            ),
        ),
        criteria=(
            *economic_criteria("36"),
            Criterion(
                "cessation",
                "Pas en cessation de paiements",
                "36",
                flag_forbidden(
                    "cessation_paiements",
                    "Une structure en cessation de paiements n'est pas éligible.",
                ),
                scope=DEMANDEUR,
            ),
            Criterion(
                "procedure",
                "Pas de procédure collective d'insolvabilité",
                "36",
                flag_forbidden(
                    "procedure_collective",
                    "Une structure faisant l'objet d'une procédure collective n'est pas éligible.",
                ),
                scope=DEMANDEUR,
            ),
            Criterion(
                "sociale",
                "Régularité vis-à-vis des caisses sociales",
                "36",
                flag_required(
                    "regularite_sociale",
                    "La régularité vis-à-vis des caisses sociales est requise.",
                ),
                scope=DEMANDEUR,
            ),
            Criterion(
                "cumul_37",
                "Pas d'aide au développement économique (art. 37) sur le même exercice",
                "36",
                flag_forbidden(
                    "aide_37_meme_exercice",
                    "L'aide à la "
                    "restructuration ne peut pas être "
                    "sollicitée avec l'aide de l'article 37 "
                    "sur le même exercice.",
                ),
            ),
            Criterion(
                "delai",
                "Pas de nouvelle demande au cours des deux exercices suivant un dépôt",
                "36",
                flag_forbidden(
                    "aide_36_deux_exercices",
                    "Une nouvelle aide "
                    "à la restructuration ne peut être sollicitée"
                    " qu'après deux exercices.",
                ),
            ),
        ),
        expense_categories=RESTRUCTURATION_CATEGORIES,
        eligible_expenses="Sur l'exercice soutenu : personnel, charges locatives, énergie, "
        "conseil pour le plan de restructuration, prestations, communication ; HT pour les "
        "structures assujetties à la TVA, TTC sinon.",
        steps=(
            rate_with_consulting(D("0.25"), "36"),
            CapEur(D("200000"), label="Plafond de 200 000 €", article="36"),
        ),
        payment=ONE_PAYMENT,
        documents=(
            Document("plan_restructuration", "Plan de restructuration"),
            Document("comptes", "Comptes des trois derniers exercices"),
            Document(
                "attestation_sociale",
                "Attestation de régularité sociale ou échéancier de moins de trois mois",
            ),
            Document("devis_conseil", "Devis du conseil", required=False),
        ),
        appreciation=(
            "La pertinence et la viabilité du projet de restructuration et de la stratégie de "
            "redressement",
            "La viabilité, la rentabilité, l'historique de gestion et la capacité "
            "d'autofinancement de la structure",
            "L'adéquation des rémunérations et du projet au volume d'activité",
            "Les engagements des dirigeants dans le plan de restructuration",
            "L'égalité femmes-hommes et l'impact environnemental",
        ),
        bilan="Dans les douze mois suivant le versement, la structure transmet le bilan et le "
        "compte de résultat de l'exercice soutenu.",
        bilan_months=12,
        notes=(
            "La commission propose le montant ; le portail calcule le maximum que "
            "l'article permet.",
        ),
    )
)

register(
    Programme(
        article="37",
        title="Aide au développement économique",
        section=SECTION,
        version="2022/CA/29 du 16 décembre 2022",
        valid_from=datetime.date(2022, 12, 16),
        deliberations="Créé par délibération n° 2022/CA/08 du 30 mars 2022, modifié par "
        "délibération n° 2022/CA/29 du 16 décembre 2022",
        objectives="Soutenir la prise de risque des entreprises qui se diversifient ou se "
        "repositionnent à travers un nouveau projet d'entreprise (changement profond "
        "d'organisation ou de modèle).",
        beneficiaries="Structures exerçant 80 % de leur activité dans le champ du CNM.",
        applicant_kinds=frozenset({MORALE}),
        figures=(
            *ECONOMIC_FIGURES,
            APPORT_PORTEUR,
            boolean(
                "projet_similaire_aide", "Un projet de développement similaire a déjà été soutenu"
            ),
            boolean(
                "aide_36_meme_exercice",
                "Une aide à la restructuration (art. 36) est "
                "demandée ou obtenue pour le même exercice",
            ),
        ),
        criteria=(
            *economic_criteria("37"),
            Criterion(
                "similaire",
                "Pas de projet similaire déjà soutenu",
                "37",
                flag_forbidden(
                    "projet_similaire_aide",
                    "Un projet de développement similaire déjà soutenu n'est pas éligible.",
                ),
            ),
            Criterion(
                "cumul_36",
                "Pas d'aide à la restructuration (art. 36) sur le même exercice",
                "37",
                flag_forbidden(
                    "aide_36_meme_exercice",
                    "L'aide au "
                    "développement ne peut pas être "
                    "sollicitée avec l'aide de l'article 36 "
                    "sur le même exercice.",
                ),
            ),
            Criterion(
                "amorcage",
                "Projet en cours de développement ou en phase d'amorçage ; devis transmis au dépôt",
                "37",
            ),
        ),
        expense_categories=DEVELOPPEMENT_CATEGORIES,
        eligible_expenses="Investissements, conseil, prestations, communication liée à la "
        "marque, dépenses de personnel liées au projet ; hors frais administratifs, personnel "
        "permanent, logiciels grand public et projets artistiques.",
        steps=(
            rate_with_consulting(D("0.50"), "37"),
            CapEur(D("100000"), label="Plafond de 100 000 €", article="37"),
            cap_contribution("37"),
        ),
        payment=SPLIT_80_20,
        documents=(
            Document("devis", "Devis des dépenses"),
            Document("business_plan", "Présentation du projet de développement"),
            Document("comptes", "Comptes des trois derniers exercices"),
        ),
        appreciation=(
            "La pertinence et la viabilité du projet et de la stratégie de développement",
            "La prise de risque, les recettes prévisionnelles et leur réalisme",
            "La viabilité, la rentabilité et la capacité d'autofinancement de l'entreprise",
            "Le potentiel de création d'emplois",
            "L'égalité femmes-hommes et l'impact environnemental",
        ),
        bilan="Solde de 20 % sur présentation du bilan opérationnel, du budget réalisé et des "
        "justificatifs, au plus tard 18 mois après l'attribution.",
        bilan_months=18,
    )
)

# --- art. 38 -----------------------------------------------------------------------------------

register(
    Programme(
        article="38",
        title="Aide à l'innovation",
        section=SECTION,
        version="2022/CA/13 du 5 juillet 2022",
        valid_from=datetime.date(2022, 7, 5),
        deliberations="Créé par délibération n° 2021A/CA/18 du 6 juillet 2021, modifié par "
        "délibération n° 2021B/CA/04 du 17 décembre 2021, délibération n° 2022/CA/13 du 5 juillet "
        "2022",
        objectives="Soutenir le développement, à des fins applicatives, de projets d'innovation "
        "technologique ou de service créant de la valeur pour les professionnels du champ du CNM.",
        beneficiaries="Tout type d'entreprise.",
        applicant_kinds=frozenset({MORALE}),
        figures=(DATE_CREATION, EXERCICES_CLOS, APPORT_PORTEUR),
        criteria=(
            Criterion(
                "existence",
                "Au moins un an d'existence à la date de dépôt",
                "38",
                existence_check(12, "38"),
                scope=DEMANDEUR,
            ),
            Criterion(
                "exercice",
                "Au moins un exercice comptable achevé",
                "38",
                exercises_check(1, "38"),
                scope=DEMANDEUR,
            ),
            Criterion("amorcage", "Projet en cours de développement ou en phase d'amorçage", "38"),
        ),
        expense_categories=(
            ExpenseCategory("recherche", "Recherche et développement"),
            ExpenseCategory(
                "investissements",
                "Investissements (logiciels, développements, "
                "matériel, aménagements liés au projet)",
            ),
            ExpenseCategory(
                "fonctionnement",
                "Fonctionnement lié au projet (locations, "
                "études, conseil, formation, personnel au prorata)",
            ),
        ),
        eligible_expenses="Frais directement affectés au développement du projet ; hors "
        "fonctionnement courant et simple renouvellement des équipements.",
        steps=(
            RateOf(D("0.40"), "depenses_eligibles", "40 % des dépenses éligibles", "38"),
            CapEur(D("100000"), label="Plafond de 100 000 €", article="38"),
            cap_contribution("38"),
        ),
        max_aids_per_year=1,
        limits_text=(
            "Une seule aide par année d'exercice.",
            "Une nouvelle demande n'est pas traitée tant que le bilan d'une précédente aide n'a "
            "pas été envoyé, instruit et soldé.",
        ),
        payment=SPLIT_80_20,
        documents=(
            Document("business_plan", "Business plan et modèle économique"),
            Document("devis", "Devis des dépenses"),
        ),
        appreciation=(
            "Le professionnalisme du porteur et les interactions avec l'écosystème",
            "L'économie du projet (viabilité, autofinancement, business plan, concurrence)",
            "La stratégie (effets attendus, publics, pertinence pour la filière, portabilité)",
            "La contribution à la RSE des entreprises clientes (emploi, égalité, environnement)",
            "La pertinence des technologies, l'infrastructure, la localisation de la production",
        ),
        bilan="Solde de 20 % sur présentation du bilan opérationnel, du budget réalisé et des "
        "justificatifs, au plus tard 18 mois après l'attribution ; accompagnement d'au moins un "
        "an.",
        bilan_months=18,
    )
)
