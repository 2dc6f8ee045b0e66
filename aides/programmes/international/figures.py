"""Section 7 (art. 27 to 31): the figures, expense categories and texts the six international
programmes share."""

from __future__ import annotations

from decimal import Decimal

from aides.programmes.base import (
    DEMANDEUR,
    FINANCEMENT,
    Criterion,
    Document,
    ExpenseCategory,
    Figure,
    PaymentSplit,
    Section,
    amount,
    boolean,
    integer,
)
from cnm_portal.money import format_euros

SECTION = Section(7, "Programmes d'aide au développement international")

# The programmes sharing each yearly cap (what the database sums for a real dossier).
INTERNATIONAL = ("27", "28", "29", "29-1", "30", "31")
CLASSIQUES = ("27", "28")
JAZZ = ("29", "29-1")

D = Decimal
ZERO = D("0.00")
HALF = D("0.50")
FOREIGN_MASTER_SHARE = D("0.25")
BSL_SHARE = D("0.25")  # art. 30-31 e: Belgium, Switzerland, Luxembourg ≤ 25 % of the aid
ADAPTATION_SHARE = D("0.30")  # art. 30-31 e: content adaptation ≤ 30 % of the budget

BENEFICIAIRES_LARGES = (
    "producteurs phonographiques, producteurs de spectacles, éditeurs musicaux, distributeurs, "
    "managers, artistes auto-entrepreneurs, agents artistiques, collectifs, ensembles"
)
BENEFICIAIRES_ACTUELLES = (
    "producteurs phonographiques, producteurs de spectacles, éditeurs musicaux, distributeurs, "
    "agents, managers, artistes auto-entrepreneurs"
)

# --- figures --------------------------------------------------------------------------------


def requested_figure(low: Decimal, high: Decimal) -> Figure:
    return amount(
        "montant_sollicite",
        "Montant de l'aide sollicitée",
        help=f"Entre {format_euros(low, decimals=False)} et {format_euros(high, decimals=False)}.",
        step=FINANCEMENT,
    )


APPORT_FIGURES = (
    amount(
        "apport_numeraire",
        "Apport en numéraire du porteur du projet et des partenaires porteurs",
        help="Pour une tournée, les cessions des dates présentées y sont incluses.",
        step=FINANCEMENT,
    ),
    amount(
        "apport_valorisation",
        "Apport en valorisation du porteur du projet et des partenaires porteurs",
        step=FINANCEMENT,
        required=False,
    ),
)
AUTRES_SUBVENTIONS = amount(
    "autres_subventions",
    "Subventions obtenues ou en attente de confirmation auprès d'autres organismes",
    help="Hors CNM, publiques ou privées (collectivités, sociétés civiles…), y compris les aides "
    "publiques déclarées.",
    step=FINANCEMENT,
    required=False,
)
MASTER_ETRANGER = boolean(
    "master_owner_etranger",
    "Le propriétaire des droits sur l'enregistrement (master owner) ne dispose pas d'un "
    "établissement stable en France",
)
PLATEFORMES = integer(
    "plateformes_streaming",
    "Nombre de plateformes de streaming légales sur lesquelles au moins un phonogramme du projet "
    "est disponible",
)
ANCRAGE_FIGURES = (
    boolean(
        "label_etabli_france",
        "Signé chez un producteur phonographique disposant d'un établissement stable en France "
        "(ou en licence ou distribution pour l'export chez un tel producteur)",
    ),
    boolean(
        "editeur_france_ou_sacem",
        "Éditeur disposant d'un établissement stable en France et/ou œuvres inscrites au "
        "répertoire SACEM",
    ),
    boolean(
        "production_licence_cnm",
        "Structure de production inscrite au CNM et titulaire d'une licence d'entrepreneur de "
        "spectacles",
    ),
    boolean(
        "agent_etabli_france",
        "Représenté par un agent disposant d'un établissement stable en France",
    ),
)
TOURNEE_FIGURES = (
    boolean("tournee", "La demande porte sur une tournée"),
    integer("dates_tournee", "Nombre de dates de la tournée", required=False),
)
CESSIONS = amount(
    "cessions_tournee",
    "Montant total des cessions des dates présentées (inclus dans l'apport en numéraire)",
    step=FINANCEMENT,
    required=False,
)
DUREE_TOURNEE = integer(
    "duree_tournee_jours",
    "Durée de la tournée (jours, de la première à la dernière date)",
    required=False,
)
COSIGNATAIRES = integer(
    "cosignataires_affilies",
    "Nombre de structures partenaires cosignataires de la demande, affiliées au CNM (demandeur "
    "compris)",
    step=DEMANDEUR,
)
PARTENAIRES_INVESTISSEURS = integer(
    "partenaires_investisseurs",
    "Nombre de partenaires portant la demande et investissant financièrement dans le projet",
    step=DEMANDEUR,
)


def _already(name: str, label: str) -> Figure:
    return amount(
        name,
        label,
        help="Calculé par le portail pour un vrai dossier ; à saisir dans le simulateur.",
        step=FINANCEMENT,
        required=False,
    )


DEJA_INTERNATIONAL = _already(
    "deja_attribue_international",
    "Aides au développement international (art. 27 à 31) déjà obtenues cette année civile",
)
DEJA_CLASSIQUES = _already(
    "deja_attribue_international_classique",
    "Aides au développement international de musiques classiques (art. 27 et 28) déjà obtenues "
    "cette année civile",
)
DEJA_JAZZ = _already(
    "deja_attribue_international_jazz",
    "Aides au développement international du jazz (art. 29 et 29-1) déjà obtenues cette année "
    "civile",
)

# --- expense categories ---------------------------------------------------------------------

PROSPECTION = ExpenseCategory(
    "prospection",
    "Déplacement professionnel de prospection (session de rendez-vous, salon professionnel, "
    "finalisation de contrat)",
)
PROMOTION = ExpenseCategory(
    "promotion",
    "Promotion et marketing (attaché·e de presse, agence, promotion digitale, création ou "
    "adaptation de contenus aux formats export, traductions)",
)
VOYAGE_SHOWCASE = ExpenseCategory("voyage", "Voyage promotionnel et showcase")
VOYAGE = ExpenseCategory("voyage", "Voyage promotionnel")
TOURNEE = ExpenseCategory("tournee", "Tournée")
RESIDENCE = ExpenseCategory("residence", "Résidence de compositeur à l'étranger")
INVITATION = ExpenseCategory("invitation", "Invitation de professionnels étrangers")
COLLABORATION = ExpenseCategory(
    "collaboration",
    "Collaboration artistique de création hors France (session d'écriture avec un ou des "
    "artistes étrangers)",
)
LIVE_HORS_TOURNEE = ExpenseCategory(
    "live",
    "Prestation live hors tournée (showcase ou concert isolé : grande formation de plus de huit "
    "musiciens ou lieu prescripteur)",
)
LIVE_ACTUELLES = ExpenseCategory(
    "live",
    "Prestations live en tournée et hors tournée, invitations de professionnels étrangers",
)
SESSIONS_ECRITURE = ExpenseCategory("sessions_ecriture", "Sessions d'écriture (writing camp)")
BSL = ExpenseCategory(
    "bsl",
    "Dépenses liées au développement en Belgique, en Suisse ou au Luxembourg (toutes natures)",
)


# --- shared texts ---------------------------------------------------------------------------

ECONOMIE = (
    "La lisibilité et la cohérence économique du projet : niveau d'engagement financier du "
    "producteur ; cohérence et variété des demandes de subventions, capacité d'autofinancement de "
    "la structure ; application de normes salariales en rapport avec l'économie de la production"
)
STRATEGIE = (
    "La lisibilité et la cohérence de la stratégie du projet : analyse des données (usage, "
    "consommation, audience…) et de leur évolution sur les territoires visés ; actualité dans la "
    "carrière de l'artiste ou du groupe ; cohérence de la démarche au regard du niveau de "
    "développement du projet ; synergie entre les différents acteurs du projet"
)
ORGANISMES = (
    "inscription au sein des organismes professionnels (SCPP ou SPPF pour un producteur "
    "phonographique, sociétaire de la SACEM pour un éditeur, licence d'entrepreneur de spectacles "
    "pour une entreprise de spectacle) ; "
)
PRO = (
    "rigueur et sérieux de la demande ; sincérité des informations et documents ; respect des "
    "bonnes pratiques professionnelles"
)
EGALITE = "Les dispositions prises par le porteur du projet en termes d'égalité femmes-hommes"
ENVIRONNEMENT = (
    "Les dispositions prises par le porteur du projet en termes de gestion de l'impact "
    "environnemental"
)
APPRECIATION = (
    ECONOMIE,
    STRATEGIE,
    f"Le professionnalisme du porteur de projet : {ORGANISMES}{PRO}",
    EGALITE,
    ENVIRONNEMENT,
)
JAZZ_ATTENTION = (
    "L'attention portée aux projets vecteurs de mobilité internationale, avec des partenaires "
    "forts à l'étranger, et aux actions d'intérêt général, de transmission des savoirs, "
    "pédagogiques et de rayonnement des musiques jazz et improvisées à l'international",
    "L'initiative des opérateurs français pour développer des actions de diffusion, de création "
    "et d'accompagnement au développement à l'international",
)
ECONOMIE_ACTUELLES = (
    "La lisibilité et la cohérence économique du projet : niveau d'engagement financier du "
    "producteur ; cohérence et variété des demandes de subventions ; application de normes "
    "salariales en rapport avec l'économie de la production"
)
STRATEGIE_ACTUELLES = (
    "La lisibilité et la cohérence de la stratégie du projet : analyse des données (usage, datas, "
    "audience…) et de leur évolution sur les territoires visés ; actualité dans la carrière de "
    "l'artiste ou du groupe ; pertinence de la stratégie (partenaires, adaptation de contenu et "
    "spécificité à l'international)"
)

DOCUMENTS = (
    Document(
        "presentation",
        "Présentation du projet et de la stratégie de développement à "
        "l'international (territoires, partenaires, calendrier)",
    ),
    Document(
        "budget",
        "Budget prévisionnel détaillé et plan de financement (apports, "
        "subventions obtenues ou en attente)",
    ),
    Document(
        "tournee",
        "Calendrier et contrats de cession des dates (demande portant sur une tournée)",
        required=False,
    ),
)
DOCUMENTS_COSIGNES = (
    *DOCUMENTS,
    Document("cosignature", "Lettre de cosignature de chaque structure partenaire"),
)

BILAN = (
    "À l'issue de l'opération : notification de l'attribution, bilan opérationnel (point sur les "
    "ventes, rapport promotionnel, retombées, contacts, perspectives), bilan financier (budget "
    "réalisé) et justificatifs de dépenses (factures, fiches de salaires…). Le solde de "
    "l'opération et le versement de l'aide interviennent au plus tard 18 mois après la date "
    "d'attribution."
)
AT_THE_END = PaymentSplit(
    (("Versement unique à l'issue de l'opération, sur présentation du bilan", D("1"), "bilan"),),
    text="L'aide est versée en une fois à l'issue de l'opération, sous condition de la bonne "
    "réalisation du projet.",
)
HALF_ADVANCE = PaymentSplit(
    (
        (
            "Avance de la moitié de l'aide dès la validation du dossier, sur justificatifs",
            D("0.50"),
            "attribution",
        ),
        ("Solde à l'issue de l'opération, sur présentation du bilan", D("0.50"), "bilan"),
    ),
    text="L'avance de la moitié de l'aide est facultative (« peut ») et versée sur présentation "
    "de justificatifs ; le solde est versé à l'issue de l'opération.",
)
NOTES = (
    "Aucun taux n'est fixé par l'article : l'aide maximale est la plus basse des dépenses "
    "éligibles qu'elle peut couvrir, du montant maximal, de l'apport des porteurs et des "
    "plafonds ; le montant sollicité doit être compris entre le minimum et le maximum.",
    "La date d'entrée en vigueur retenue est celle de la dernière délibération.",
)

JUDGEMENT_STRATEGY = Criterion(
    "territoires",
    "Actions destinées aux pays étrangers, dans une stratégie de développement argumentée sur "
    "le ou les territoires visés",
    "27",
)
