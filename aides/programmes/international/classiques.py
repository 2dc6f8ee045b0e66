"""Art. 27 and 28: développement international, musiques classiques 1 and 2."""

from __future__ import annotations

import datetime

from aides.programmes.base import (
    DATE,
    DEMANDEUR,
    Criterion,
    Figure,
    boolean,
    integer,
)
from aides.programmes.international.figures import (
    ANCRAGE_FIGURES,
    APPORT_FIGURES,
    APPRECIATION,
    AT_THE_END,
    AUTRES_SUBVENTIONS,
    BENEFICIAIRES_LARGES,
    CESSIONS,
    CLASSIQUES,
    COSIGNATAIRES,
    DEJA_CLASSIQUES,
    DEJA_INTERNATIONAL,
    DOCUMENTS,
    DOCUMENTS_COSIGNES,
    DUREE_TOURNEE,
    HALF_ADVANCE,
    INVITATION,
    JUDGEMENT_STRATEGY,
    MASTER_ETRANGER,
    PARTENAIRES_INVESTISSEURS,
    PLATEFORMES,
    PROMOTION,
    PROSPECTION,
    RESIDENCE,
    TOURNEE,
    TOURNEE_FIGURES,
    VOYAGE_SHOWCASE,
    D,
    requested_figure,
)
from aides.programmes.international.rules import (
    anchored_in_france,
    common_criteria,
    common_steps,
    cosignatories,
    define,
    invests_financially,
    operations_window,
    platforms_at_least,
    prospection_two_people,
    tour_contribution,
    tour_dates,
    two_investing_partners,
)

# Art. 27 -------------------------------------------------------------------------------------

ART27_LOW, ART27_HIGH = D("400"), D("20000")
ART27 = define(
    "27",
    title="Aide aux projets de développement international – musiques classiques 1",
    version="2022/CA/13 du 5 juillet 2022",
    valid_from=datetime.date(2022, 7, 5),
    deliberations="Modifié par délibération n° 2021B/CA/04 du 17 décembre 2021, délibération "
    "n° 2022/CA/13 du 5 juillet 2022",
    objectives="Soutenir une ou plusieurs actions ponctuelles dans le cadre du développement d'un "
    "projet à l'international, dans le domaine des musiques classiques.",
    beneficiaries="Les acteurs de la filière musicale porteurs et financeurs d'un projet de "
    f"développement international en musiques classiques : {BENEFICIAIRES_LARGES}.",
    criteria=(
        Criterion(
            "investissement",
            "Investir financièrement dans le projet de développement international",
            "27",
            invests_financially,
            scope=DEMANDEUR,
        ),
        *common_criteria("27", ART27_LOW, ART27_HIGH),
        Criterion(
            "phonogramme",
            "Au moins un phonogramme disponible sur trois plateformes de "
            "streaming légales (sauf répertoire contemporain)",
            "27",
            platforms_at_least(3, contemporary_exception=True),
        ),
        Criterion(
            "ancrage",
            "Au moins une condition d'ancrage en France (label, éditeur ou SACEM, "
            "production licenciée, agent)",
            "27",
            anchored_in_france(),
        ),
        Criterion(
            "tournee",
            "Tournée : au moins trois concerts sur trente jours au plus (par "
            "exception, moins de dates dans des lieux prescripteurs, ou trois concerts sur "
            "douze mois glissants sur un même territoire avec des partenaires locaux)",
            "27",
            tour_dates(3, 30),
            blocking=False,
        ),
        Criterion(
            "apport_tournee",
            "Tournée : un apport financier en plus des cessions",
            "27",
            tour_contribution,
        ),
        Criterion(
            "prospection",
            "Déplacement de prospection : deux personnes par structure au plus",
            "27",
            prospection_two_people,
            blocking=False,
        ),
        JUDGEMENT_STRATEGY,
    ),
    figures=(
        requested_figure(ART27_LOW, ART27_HIGH),
        *APPORT_FIGURES,
        CESSIONS,
        AUTRES_SUBVENTIONS,
        MASTER_ETRANGER,
        PLATEFORMES,
        boolean(
            "repertoire_contemporain",
            "Le projet repose sur le répertoire contemporain (compositeurs vivants)",
        ),
        *ANCRAGE_FIGURES,
        *TOURNEE_FIGURES,
        DUREE_TOURNEE,
        integer(
            "personnes_prospection",
            "Nombre de personnes en déplacement de prospection",
            required=False,
        ),
        DEJA_CLASSIQUES,
        DEJA_INTERNATIONAL,
    ),
    expense_categories=(PROSPECTION, PROMOTION, VOYAGE_SHOWCASE, TOURNEE, RESIDENCE, INVITATION),
    eligible_expenses="Déplacement professionnel de prospection, promotion et marketing, voyage "
    "promotionnel et showcase, tournée (au-delà des trois concerts minimum, master-classes et "
    "concerts gratuits sans billetterie compris), résidence de compositeur à l'étranger, "
    "invitation de professionnels étrangers ; dépenses destinées aux pays étrangers.",
    steps=common_steps("27", ART27_LOW, ART27_HIGH, CLASSIQUES),
    payment=AT_THE_END,
    documents=DOCUMENTS,
    appreciation=APPRECIATION,
)

# Art. 28 -------------------------------------------------------------------------------------

ART28_LOW, ART28_HIGH = D("20000"), D("80000")
ART28 = define(
    "28",
    title="Aide aux projets de développement international – musiques classiques 2",
    version="2023/CA/04 du 15 mars 2023",
    valid_from=datetime.date(2023, 3, 15),
    deliberations="Modifié par délibération n° 2021B/CA/04 du 17 décembre 2021, délibération "
    "n° 2022/CA/13 du 5 juillet 2022, délibération n° 2023/CA/04 du 15 mars 2023",
    objectives="Soutenir les projets ambitieux de développement international, dans le domaine "
    "des musiques classiques.",
    beneficiaries="Les acteurs de la filière musicale porteurs et financeurs d'un projet de "
    f"développement international en musiques classiques : {BENEFICIAIRES_LARGES}.",
    criteria=(
        Criterion(
            "cosignature",
            "Demande cosignée par au moins deux partenaires affiliés au CNM "
            "(producteurs, éditeurs, agents, collectifs, ensembles)",
            "28",
            cosignatories(2),
            scope=DEMANDEUR,
        ),
        Criterion(
            "partenaires",
            "Stratégie concertée : au moins deux partenaires portent la "
            "demande et investissent financièrement",
            "28",
            two_investing_partners,
        ),
        *common_criteria("28", ART28_LOW, ART28_HIGH),
        Criterion(
            "calendrier",
            "Opérations débutées au plus tôt douze mois avant la commission et "
            "au plus tard douze mois après",
            "28",
            operations_window,
        ),
        Criterion(
            "phonogramme",
            "Au moins un phonogramme disponible sur trois plateformes de "
            "streaming légales (sauf répertoire contemporain)",
            "28",
            platforms_at_least(3, contemporary_exception=True),
        ),
        Criterion(
            "ancrage",
            "Au moins une condition d'ancrage en France (label, éditeur ou SACEM, "
            "production licenciée, agent)",
            "28",
            anchored_in_france(),
        ),
        Criterion(
            "tournee",
            "Tournée : au moins trois concerts sur trente jours au plus (mêmes "
            "exceptions qu'à l'article 27)",
            "28",
            tour_dates(3, 30),
            blocking=False,
        ),
        Criterion(
            "apport_tournee",
            "Tournée : un apport financier en plus des cessions",
            "28",
            tour_contribution,
        ),
        Criterion("territoires", JUDGEMENT_STRATEGY.label, "28"),
    ),
    figures=(
        COSIGNATAIRES,
        PARTENAIRES_INVESTISSEURS,
        requested_figure(ART28_LOW, ART28_HIGH),
        *APPORT_FIGURES,
        CESSIONS,
        AUTRES_SUBVENTIONS,
        MASTER_ETRANGER,
        Figure("debut_operations", "Date de début des opérations", DATE),
        Figure(
            "date_commission",
            "Date de la commission",
            DATE,
            required=False,
            help="Renseignée par le portail d'après la session choisie.",
        ),
        PLATEFORMES,
        boolean(
            "repertoire_contemporain",
            "Le projet repose sur le répertoire contemporain (compositeurs vivants)",
        ),
        *ANCRAGE_FIGURES,
        *TOURNEE_FIGURES,
        DUREE_TOURNEE,
        DEJA_CLASSIQUES,
        DEJA_INTERNATIONAL,
    ),
    expense_categories=(PROMOTION, VOYAGE_SHOWCASE, TOURNEE, RESIDENCE, INVITATION),
    eligible_expenses="Promotion et marketing, voyage promotionnel et showcase, tournée (au-delà "
    "des trois concerts minimum, master-classes et concerts gratuits sans billetterie compris), "
    "résidence de compositeur à l'étranger, invitation de professionnels étrangers.",
    steps=common_steps("28", ART28_LOW, ART28_HIGH, CLASSIQUES),
    payment=HALF_ADVANCE,
    documents=DOCUMENTS_COSIGNES,
    appreciation=APPRECIATION,
)
