"""Art. 29 and 29-1: développement international, jazz 1 and 2."""

from __future__ import annotations

import datetime

from aides.programmes.base import (
    DEMANDEUR,
    Criterion,
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
    COLLABORATION,
    COSIGNATAIRES,
    DEJA_INTERNATIONAL,
    DEJA_JAZZ,
    DOCUMENTS,
    DOCUMENTS_COSIGNES,
    DUREE_TOURNEE,
    HALF_ADVANCE,
    INVITATION,
    JAZZ,
    JAZZ_ATTENTION,
    LIVE_HORS_TOURNEE,
    MASTER_ETRANGER,
    PLATEFORMES,
    PROMOTION,
    PROSPECTION,
    TOURNEE,
    TOURNEE_FIGURES,
    VOYAGE,
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
    jazz_three_of_four,
    platforms_at_least,
    prospection_two_people,
    tour_contribution,
    tour_dates,
)

# Art. 29 -------------------------------------------------------------------------------------

ART29_LOW, ART29_HIGH = D("400"), D("10000")
ART29 = define(
    "29",
    title="Aide aux projets de développement international – jazz 1",
    version="2022/CA/13 du 5 juillet 2022",
    valid_from=datetime.date(2022, 7, 5),
    deliberations="Modifié par délibération n° 2021B/CA/04 du 17 décembre 2021, délibération "
    "n° 2022/CA/13 du 5 juillet 2022",
    objectives="Soutenir une ou plusieurs actions ponctuelles dans le cadre du développement d'un "
    "projet à l'international, dans le domaine du jazz.",
    beneficiaries="Les acteurs de la filière musicale porteurs et financeurs d'un projet de "
    f"développement international dans le domaine du jazz : {BENEFICIAIRES_LARGES}.",
    criteria=(
        Criterion(
            "investissement",
            "Investir financièrement dans le projet de développement international",
            "29",
            invests_financially,
            scope=DEMANDEUR,
        ),
        *common_criteria("29", ART29_LOW, ART29_HIGH),
        Criterion(
            "phonogramme",
            "Au moins un phonogramme disponible sur une plateforme de streaming légale",
            "29",
            platforms_at_least(1),
        ),
        Criterion(
            "ancrage",
            "Au moins une condition d'ancrage en France (label, éditeur ou SACEM, "
            "production licenciée, agent)",
            "29",
            anchored_in_france(),
        ),
        Criterion(
            "tournee",
            "Tournée : trois concerts minimum sur trente jours au plus",
            "29",
            tour_dates(3, 30),
        ),
        Criterion(
            "apport_tournee",
            "Tournée : un apport financier en plus des cessions",
            "29",
            tour_contribution,
        ),
        Criterion(
            "prospection",
            "Déplacement de prospection : deux personnes par structure au plus",
            "29",
            prospection_two_people,
            blocking=False,
        ),
        Criterion(
            "live",
            "Prestation live hors tournée : grande formation (plus de huit "
            "musiciens) ou lieu prescripteur ; collaboration de création : une personne et "
            "plusieurs artistes par structure",
            "29",
        ),
    ),
    figures=(
        requested_figure(ART29_LOW, ART29_HIGH),
        *APPORT_FIGURES,
        CESSIONS,
        AUTRES_SUBVENTIONS,
        MASTER_ETRANGER,
        PLATEFORMES,
        *ANCRAGE_FIGURES,
        *TOURNEE_FIGURES,
        DUREE_TOURNEE,
        integer(
            "personnes_prospection",
            "Nombre de personnes en déplacement de prospection",
            required=False,
        ),
        DEJA_JAZZ,
        DEJA_INTERNATIONAL,
    ),
    expense_categories=(
        PROSPECTION,
        COLLABORATION,
        PROMOTION,
        VOYAGE,
        LIVE_HORS_TOURNEE,
        TOURNEE,
        INVITATION,
    ),
    eligible_expenses="Déplacement professionnel de prospection, collaboration artistique de "
    "création hors France (writing camp), promotion et marketing, voyage promotionnel, prestation "
    "live hors tournée, tournée (trois concerts minimum sur trente jours au plus), invitation de "
    "professionnels étrangers.",
    steps=common_steps("29", ART29_LOW, ART29_HIGH, JAZZ),
    payment=AT_THE_END,
    documents=DOCUMENTS,
    appreciation=APPRECIATION + JAZZ_ATTENTION,
    notes=(
        "Le plafond annuel de 100 000 € « par bénéficiaire » n'a pas de périmètre écrit : il est "
        "lu, comme aux articles 27 et 28 pour les musiques classiques, comme commun aux deux "
        "programmes jazz (art. 29 et 29-1).",
    ),
)

# Art. 29-1 -----------------------------------------------------------------------------------

ART29_1_LOW, ART29_1_HIGH = D("10000"), D("50000")
ART29_1 = define(
    "29-1",
    title="Aide aux projets de développement international – jazz 2",
    version="2023/CA/04 du 15 mars 2023",
    valid_from=datetime.date(2023, 3, 15),
    deliberations="Créé par délibération n° 2021B/CA/04 du 17 décembre 2021 ; modifié par "
    "délibération n° 2022/CA/13 du 5 juillet 2022, délibération n° 2022/CA/29 du 16 décembre "
    "2022, délibération n° 2023/CA/04 du 15 mars 2023",
    objectives="Soutenir les projets ambitieux de développement à l'international dans le domaine "
    "du jazz.",
    beneficiaries="Les acteurs de la filière musicale porteurs et financeurs d'un projet de "
    f"développement international dans le domaine du jazz : {BENEFICIAIRES_LARGES}.",
    criteria=(
        Criterion(
            "cosignature",
            "Demande cosignée par au moins deux partenaires affiliés au CNM ; "
            "trois au-delà de 30 000 € demandés",
            "29-1",
            cosignatories(2, tier_from=D("30000")),
            scope=DEMANDEUR,
        ),
        *common_criteria("29-1", ART29_1_LOW, ART29_1_HIGH),
        Criterion(
            "ancrage",
            "Au moins une condition d'ancrage en France (label, éditeur ou SACEM, "
            "production licenciée, agent)",
            "29-1",
            anchored_in_france(),
        ),
        Criterion(
            "trois_sur_quatre",
            "Au moins trois des quatre conditions : tournées "
            "internationales et développement live entamé ; phonogramme sur trois "
            "plateformes ; 200 000 streams ou 10 000 followers (sauf collaboration de "
            "création seule) ; distributeur digital",
            "29-1",
            jazz_three_of_four,
        ),
        Criterion("tournee", "Tournée : trois dates minimum", "29-1", tour_dates(3)),
        Criterion(
            "apport_tournee",
            "Tournée : un apport financier en plus des cessions",
            "29-1",
            tour_contribution,
        ),
        Criterion(
            "live",
            "Prestation live hors tournée dans un événement professionnel (salon, "
            "festival prescripteur) ou concert isolé (plus de huit musiciens ou lieu "
            "prescripteur) ; tournées sur des territoires à fort potentiel et cohérents",
            "29-1",
        ),
    ),
    figures=(
        COSIGNATAIRES,
        requested_figure(ART29_1_LOW, ART29_1_HIGH),
        *APPORT_FIGURES,
        CESSIONS,
        AUTRES_SUBVENTIONS,
        MASTER_ETRANGER,
        *ANCRAGE_FIGURES,
        boolean(
            "tournees_internationales",
            "L'artiste ou le groupe a fait plusieurs tournées à "
            "l'international, avec un développement live entamé avec un producteur de "
            "spectacles",
        ),
        PLATEFORMES,
        integer(
            "streams_cumules", "Streams cumulés de l'artiste sur les plateformes", required=False
        ),
        integer(
            "followers_reseau_social", "Followers de l'artiste sur un réseau social", required=False
        ),
        boolean(
            "distributeur_digital",
            "Développement en marketing digital entamé avec un distributeur digital",
        ),
        *TOURNEE_FIGURES,
        DEJA_JAZZ,
        DEJA_INTERNATIONAL,
    ),
    expense_categories=(COLLABORATION, PROMOTION, VOYAGE, LIVE_HORS_TOURNEE, TOURNEE, INVITATION),
    eligible_expenses="Collaboration artistique de création hors France (writing camp), promotion "
    "et marketing, voyage promotionnel, prestation live hors tournée, tournée (trois dates "
    "minimum), invitation de professionnels étrangers.",
    steps=common_steps("29-1", ART29_1_LOW, ART29_1_HIGH, JAZZ),
    payment=HALF_ADVANCE,
    documents=DOCUMENTS_COSIGNES,
    appreciation=APPRECIATION + JAZZ_ATTENTION,
    notes=(
        "« Entre 10 000 € et 30 000 € » puis « entre 30 000 € et 50 000 € » : une demande de "
        "30 000 € exactement relève de la première tranche (deux cosignataires), trois à partir "
        "de 30 000,01 €.",
        "Le critère d'audience « n'est pas obligatoire » pour une collaboration de création seule : "
        "il est alors compté comme rempli dans les trois sur quatre.",
        "Plafond annuel de 100 000 € lu comme commun aux art. 29 et 29-1 (voir art. 29).",
    ),
)
