"""RGA annexe 4: the criteria grids of the RSE incentive (art. 11), as data. Each criterion is
worth points; the validated points give the percentage of the incentive (``rules.rse_percentage``).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RseCriterion:
    code: str
    label: str
    points: int


_NON_PERMANENTE = "par une femme non permanente de la structure productrice"

# a. Aide à la production phonographique – musiques actuelles (art. 16)
GRID_MUSIQUES_ACTUELLES = (
    RseCriterion(
        "artiste_femme",
        "L'artiste principale est une femme ou le groupe est majoritairement féminin",
        1,
    ),
    RseCriterion("instrumentistes_30", "30 % des instrumentistes sont des femmes", 1),
    RseCriterion("instrumentistes_50", "50 % des instrumentistes sont des femmes", 2),
    RseCriterion("realisation", f"La réalisation est assurée {_NON_PERMANENTE}", 3),
    RseCriterion(
        "ecrits_30",
        "Si l'interprète ou les interprètes ne sont pas auteurs/autrices, les titres produits "
        "sont écrits à 30 % par une / des femmes",
        2,
    ),
    RseCriterion(
        "ecrits_50",
        "Si l'interprète ou les interprètes ne sont pas auteurs/autrices, les titres produits "
        "sont écrits à 50 % par une / des femmes",
        1,
    ),
    RseCriterion(
        "composes_30",
        "Si l'interprète ou les interprètes ne sont pas compositeurs/compositrices, les titres "
        "produits sont composés à 30 % par une / des femmes",
        2,
    ),
    RseCriterion(
        "composes_50",
        "Si l'interprète ou les interprètes ne sont pas compositeurs/compositrices, les titres "
        "produits sont composés à 50 % par une / des femmes",
        1,
    ),
    RseCriterion(
        "direction_artistique", f"La direction artistique est assurée {_NON_PERMANENTE}", 3
    ),
    RseCriterion(
        "production_executive", f"La production exécutive est assurée {_NON_PERMANENTE}", 1
    ),
    RseCriterion("mastering", f"Le mastering est fait {_NON_PERMANENTE}", 2),
    RseCriterion("mix", f"Le mix est fait {_NON_PERMANENTE}", 2),
    RseCriterion("ingenierie_son", f"L'ingénierie du son est faite {_NON_PERMANENTE}", 2),
)

# b. Aide à la production phonographique – musiques classique et contemporaine (art. 15)
GRID_CLASSIQUE = (
    RseCriterion("formation_50", "La formation est composée d'au moins 50 % de femmes", 1),
    RseCriterion("cheffe", "La cheffe d'orchestre est une femme", 3),
    RseCriterion(
        "soliste_concerto",
        "La soliste (dans le cadre d'un concerto avec orchestre) est une femme",
        1,
    ),
    RseCriterion("cheffes_pupitre", "Au moins 50 % des cheffes de pupitres sont des femmes", 2),
    RseCriterion("solistes_50", "Au moins 50 % des solistes sont des femmes", 2),
    RseCriterion("compositrice", "Le répertoire enregistré est écrit par une compositrice", 3),
    RseCriterion("livret", "Si l'œuvre est un opéra, le livret est écrit par une femme", 2),
    RseCriterion(
        "direction_artistique", f"La direction artistique est assurée {_NON_PERMANENTE}", 3
    ),
    RseCriterion("mastering", f"Le mastering est fait {_NON_PERMANENTE}", 3),
    RseCriterion("mix", f"Le mix est fait {_NON_PERMANENTE}", 2),
    RseCriterion("ingenierie_son", f"L'ingénierie du son est faite {_NON_PERMANENTE}", 2),
)

GRIDS: dict[str, tuple[RseCriterion, ...]] = {
    "16": GRID_MUSIQUES_ACTUELLES,
    "15": GRID_CLASSIQUE,
}


def grid_for(article: str) -> tuple[RseCriterion, ...]:
    """The annexe 4 grid of a programme (empty: the programme has no grid)."""
    return GRIDS.get(article, ())


def points(article: str, codes) -> int:
    """The points of the criteria ``codes`` of the programme's grid (unknown codes count 0)."""
    wanted = set(codes)
    return sum(c.points for c in grid_for(article) if c.code in wanted)
