"""Art. 30 and 31: développement international, musiques actuelles 1 and 2."""

from __future__ import annotations

import datetime

from aides.programmes.base import (
    DEMANDEUR,
    FINANCEMENT,
    CapEur,
    Criterion,
    ExpenseCategory,
    boolean,
    integer,
)
from aides.programmes.international.figures import (
    ANCRAGE_FIGURES,
    APPORT_FIGURES,
    AT_THE_END,
    AUTRES_SUBVENTIONS,
    BENEFICIAIRES_ACTUELLES,
    BSL,
    COSIGNATAIRES,
    DEJA_INTERNATIONAL,
    DOCUMENTS,
    DOCUMENTS_COSIGNES,
    ECONOMIE_ACTUELLES,
    EGALITE,
    ENVIRONNEMENT,
    HALF_ADVANCE,
    LIVE_ACTUELLES,
    MASTER_ETRANGER,
    ORGANISMES,
    PARTENAIRES_INVESTISSEURS,
    PLATEFORMES,
    PRO,
    PROMOTION,
    PROSPECTION,
    SESSIONS_ECRITURE,
    STRATEGIE_ACTUELLES,
    TOURNEE_FIGURES,
    VOYAGE,
    D,
    requested_figure,
)
from aides.programmes.international.rules import (
    adaptation_with_other_expenses,
    aids_per_artistic_project,
    anchored_in_france,
    audience,
    common_criteria,
    common_steps,
    cosignatories,
    coverage_step,
    define,
    invests_financially,
    maximum_label,
    only_expenses,
    platforms_at_least,
    tour_dates,
    two_investing_partners,
    writing_sessions_per_year,
)

# Art. 30 -------------------------------------------------------------------------------------

ADAPTATION_AUDIO_VIDEO = ExpenseCategory(
    "adaptation_audio_video",
    "Adaptation de contenus à l'international : création ou adaptation aux formats export, audio "
    "ou vidéo",
)
ADAPTATION_SCENIQUE = ExpenseCategory(
    "adaptation_scenique", "Adaptation de contenus à l'international : adaptation scénique"
)
ADAPTATION = ExpenseCategory(
    "adaptation",
    "Adaptation de contenus à l'international : création ou adaptation aux formats export "
    "(audio, vidéo ou scénique)",
)
TERRITOIRES = integer(
    "territoires_non_francophones",
    "Nombre de territoires non francophones concernés (hors Belgique, Suisse, Luxembourg)",
    required=False,
)
COLLABORATION_ETRANGER = boolean(
    "collaboration_etranger", "Le projet comprend une collaboration artistique hors France"
)
ONLY_AUDIO_VIDEO = (
    lambda ctx: only_expenses(ctx.figures, ("adaptation_audio_video",)),
    D("4000"),
    "dossier portant uniquement sur l'adaptation ou la création audio ou vidéo",
)
ACTUELLES_NOTES = (
    "Les dépenses liées à la Belgique, la Suisse et le Luxembourg sont saisies à part ; sans trois "
    "autres territoires non francophones elles ne sont pas retenues (avertissement), sinon l'aide "
    "n'en couvre que 25 % de son montant : A ≤ min(C + B, C / 0,75), arrondi au centime inférieur.",
    "L'adaptation de contenus n'est couverte qu'à 30 % du budget total au plus.",
)

ART30_LOW, ART30_HIGH = D("400"), D("10000")
ART30 = define(
    "30",
    title="Aide aux projets de développement international – musiques actuelles 1",
    version="2022/CA/13 du 5 juillet 2022",
    valid_from=datetime.date(2022, 7, 5),
    deliberations="Modifié par délibération n° 2021B/CA/04 du 17 décembre 2021, délibération "
    "n° 2022/CA/13 du 5 juillet 2022",
    objectives="Soutenir une ou plusieurs actions ponctuelles dans le cadre du développement d'un "
    "projet à l'international, dans le domaine des musiques actuelles.",
    beneficiaries="Les porteurs et financeurs d'un projet de développement international dans le "
    f"domaine des musiques actuelles : {BENEFICIAIRES_ACTUELLES}.",
    criteria=(
        Criterion(
            "investissement",
            "Investir financièrement dans le projet de développement international",
            "30",
            invests_financially,
            scope=DEMANDEUR,
        ),
        *common_criteria("30", ART30_LOW, ART30_HIGH, subsidies=False),
        Criterion(
            "phonogramme",
            "Au moins un phonogramme disponible sur deux plateformes de streaming légales",
            "30",
            platforms_at_least(2),
        ),
        Criterion(
            "ancrage",
            "Au moins une condition d'ancrage en France (label, éditeur ou SACEM, "
            "production licenciée, agent)",
            "30",
            anchored_in_france(),
        ),
        Criterion(
            "audience",
            "Artiste ou groupe : au moins 1 000 followers sur une plateforme de "
            "streaming et 1 000 sur un réseau social (sauf sessions d'écriture seules)",
            "30",
            audience("followers_streaming", 1000, 1000, both=True),
        ),
        Criterion(
            "audience_etranger",
            "Collaboration hors France : l'artiste basé à l'étranger justifie des mêmes minimums",
            "30",
            audience("followers_streaming", 1000, 1000, both=True, prefix="_artiste_etranger"),
        ),
        Criterion("tournee", "Tournée : trois dates minimum", "30", tour_dates(3)),
        Criterion(
            "adaptation",
            "Adaptation de contenus : d'autres dépenses liées à d'autres types "
            "d'actions (sauf dossier d'adaptation audio ou vidéo seule, plafonné à "
            "4 000 €)",
            "30",
            adaptation_with_other_expenses(
                ("adaptation_audio_video", "adaptation_scenique"), audio_video_alone_ok=True
            ),
        ),
        Criterion(
            "adaptation_strategie",
            "Adaptation de contenus : stratégie de développement à "
            "l'international précise et détaillée, spécificité export du contenu",
            "30",
        ),
        Criterion(
            "aides_projet",
            "Au plus trois aides par an pour un même projet artistique",
            "30",
            aids_per_artistic_project,
        ),
        Criterion(
            "sessions_ecriture",
            "Au plus deux demandes par an et par structure pour des sessions d'écriture",
            "30",
            writing_sessions_per_year,
            scope=DEMANDEUR,
        ),
    ),
    figures=(
        requested_figure(ART30_LOW, ART30_HIGH),
        *APPORT_FIGURES,
        AUTRES_SUBVENTIONS,
        MASTER_ETRANGER,
        PLATEFORMES,
        *ANCRAGE_FIGURES,
        integer(
            "followers_streaming",
            "Followers de l'artiste sur une plateforme de streaming",
            required=False,
        ),
        integer(
            "followers_reseau_social", "Followers de l'artiste sur un réseau social", required=False
        ),
        COLLABORATION_ETRANGER,
        integer(
            "followers_streaming_artiste_etranger",
            "Followers de l'artiste basé à l'étranger sur une plateforme de streaming",
            required=False,
        ),
        integer(
            "followers_reseau_social_artiste_etranger",
            "Followers de l'artiste basé à l'étranger sur un réseau social",
            required=False,
        ),
        *TOURNEE_FIGURES,
        TERRITOIRES,
        integer(
            "aides_projet_annee",
            "Aides déjà obtenues cette année civile sur ce programme pour "
            "ce même projet artistique",
            required=False,
            step=FINANCEMENT,
        ),
        integer(
            "demandes_sessions_ecriture_annee",
            "Demandes déjà faites cette année civile sur ce programme pour des sessions d'écriture",
            required=False,
            step=DEMANDEUR,
        ),
        DEJA_INTERNATIONAL,
    ),
    expense_categories=(
        PROSPECTION,
        PROMOTION,
        ADAPTATION_AUDIO_VIDEO,
        ADAPTATION_SCENIQUE,
        VOYAGE,
        LIVE_ACTUELLES,
        SESSIONS_ECRITURE,
        BSL,
    ),
    eligible_expenses="Prospection et rencontres avec des partenaires, promotion et marketing, "
    "adaptation de contenus à l'international (audio, vidéo, scénique), voyage promotionnel, "
    "prestations live en tournée et hors tournée, invitations de professionnels étrangers, "
    "sessions d'écriture ; dépenses destinées aux pays étrangers hors Belgique, Suisse et "
    "Luxembourg (ces trois pays admis avec au moins trois autres territoires non francophones).",
    steps=common_steps(
        "30",
        ART30_LOW,
        ART30_HIGH,
        None,
        coverage=coverage_step(("adaptation_audio_video", "adaptation_scenique"), "30"),
        all_subsidies=True,
        high_cap=CapEur(
            ART30_HIGH, label=maximum_label(ART30_HIGH), article="30", raised=(ONLY_AUDIO_VIDEO,)
        ),
    ),
    payment=AT_THE_END,
    documents=DOCUMENTS,
    appreciation=(
        ECONOMIE_ACTUELLES,
        STRATEGIE_ACTUELLES,
        f"Le professionnalisme du porteur de projet : {ORGANISMES}{PRO}",
        EGALITE,
        ENVIRONNEMENT,
    ),
    limits_text=(
        "Un même projet artistique ne peut obtenir plus de trois aides par an.",
        "Les demandes concernant les sessions d'écriture sont limitées à deux par an et par "
        "structure.",
    ),
    notes=(
        *ACTUELLES_NOTES,
        "« Le cumul de l'ensemble des subventions ne peut excéder 50 % du budget global » : à la "
        "différence des autres articles de la section (« subventions … auprès d'autres "
        "organismes »), l'aide du CNM est comprise : elle est plafonnée à 50 % du budget moins "
        "les autres subventions.",
        "Un dossier d'adaptation audio ou vidéo seule est recevable, plafonné à 4 000 € (la règle "
        "particulière l'emporte sur « le projet doit présenter d'autres dépenses »).",
        "Le minimum d'audience de l'artiste étranger (collaboration) s'applique même aux sessions "
        "d'écriture seules : l'exception n'est écrite que pour l'artiste du projet.",
    ),
)

# Art. 31 -------------------------------------------------------------------------------------

ART31_LOW, ART31_HIGH = D("15000"), D("50000")
ART31 = define(
    "31",
    title="Aide aux projets de développement international – musiques actuelles 2",
    version="2022/CA/29 du 16 décembre 2022",
    valid_from=datetime.date(2022, 12, 16),
    deliberations="Modifié par délibération n° 2021B/CA/04 du 17 décembre 2021, délibération "
    "n° 2022/CA/13 du 5 juillet 2022, délibération n° 2022/CA/29 du 16 décembre 2022",
    objectives="Soutenir les projets ambitieux de développement à l'international, dans le "
    "domaine des musiques actuelles.",
    beneficiaries="Les porteurs et financeurs d'un projet de développement international dans le "
    f"domaine des musiques actuelles : {BENEFICIAIRES_ACTUELLES}.",
    criteria=(
        Criterion(
            "cosignature",
            "Demande cosignée par au moins deux partenaires affiliés au CNM "
            "(producteurs, éditeurs) ; trois au-delà de 30 000 € demandés",
            "31",
            cosignatories(2, tier_from=D("30000")),
            scope=DEMANDEUR,
        ),
        Criterion(
            "partenaires",
            "Stratégie concertée : au moins deux partenaires portent la "
            "demande et investissent financièrement",
            "31",
            two_investing_partners,
        ),
        *common_criteria("31", ART31_LOW, ART31_HIGH),
        Criterion(
            "phonogramme",
            "Au moins un phonogramme disponible sur deux plateformes de streaming légales",
            "31",
            platforms_at_least(2),
        ),
        Criterion(
            "ancrage",
            "Au moins une condition d'ancrage en France (label, éditeur ou SACEM, "
            "production licenciée)",
            "31",
            anchored_in_france(agent=False),
        ),
        Criterion(
            "audience",
            "Artiste ou groupe : au moins 500 000 streams cumulés ou 10 000 "
            "followers sur un réseau social (sauf sessions d'écriture seules)",
            "31",
            audience("streams_cumules", 500_000, 10_000, both=False),
        ),
        Criterion(
            "audience_etranger",
            "Collaboration hors France : l'artiste basé à l'étranger justifie des mêmes minimums",
            "31",
            audience("streams_cumules", 500_000, 10_000, both=False, prefix="_artiste_etranger"),
        ),
        Criterion("tournee", "Tournée : trois dates minimum", "31", tour_dates(3)),
        Criterion(
            "adaptation",
            "Adaptation de contenus : d'autres dépenses liées à d'autres types d'actions",
            "31",
            adaptation_with_other_expenses(("adaptation",), audio_video_alone_ok=False),
        ),
        Criterion(
            "adaptation_strategie",
            "Adaptation de contenus : stratégie de développement à "
            "l'international précise et détaillée, spécificité export du contenu",
            "31",
        ),
        Criterion(
            "aides_projet",
            "Au plus trois aides par an pour un même projet artistique",
            "31",
            aids_per_artistic_project,
        ),
        Criterion(
            "voyage",
            "Voyage promotionnel : frais des artistes, de l'équipe technique et "
            "de deux accompagnateurs au plus",
            "31",
        ),
    ),
    figures=(
        COSIGNATAIRES,
        PARTENAIRES_INVESTISSEURS,
        requested_figure(ART31_LOW, ART31_HIGH),
        *APPORT_FIGURES,
        AUTRES_SUBVENTIONS,
        MASTER_ETRANGER,
        PLATEFORMES,
        *ANCRAGE_FIGURES[:3],
        integer(
            "streams_cumules",
            "Streams cumulés de l'artiste sur une plateforme de streaming",
            required=False,
        ),
        integer(
            "followers_reseau_social", "Followers de l'artiste sur un réseau social", required=False
        ),
        COLLABORATION_ETRANGER,
        integer(
            "streams_cumules_artiste_etranger",
            "Streams cumulés de l'artiste basé à l'étranger sur une plateforme de streaming",
            required=False,
        ),
        integer(
            "followers_reseau_social_artiste_etranger",
            "Followers de l'artiste basé à l'étranger sur un réseau social",
            required=False,
        ),
        *TOURNEE_FIGURES,
        TERRITOIRES,
        integer(
            "aides_projet_annee",
            "Aides déjà obtenues cette année civile sur ce programme pour "
            "ce même projet artistique",
            required=False,
            step=FINANCEMENT,
        ),
        DEJA_INTERNATIONAL,
    ),
    expense_categories=(
        PROMOTION,
        ExpenseCategory(
            "voyage",
            "Voyage promotionnel (artistes, équipe technique, deux accompagnateurs au plus)",
        ),
        ADAPTATION,
        LIVE_ACTUELLES,
        SESSIONS_ECRITURE,
        BSL,
    ),
    eligible_expenses="Promotion et marketing, voyage promotionnel (artistes, équipe technique, "
    "deux accompagnateurs au plus), adaptation de contenus à l'international, prestations live en "
    "tournée et hors tournée, invitations de professionnels étrangers, sessions d'écriture ; "
    "dépenses destinées aux pays étrangers hors Belgique, Suisse et Luxembourg (ces trois pays "
    "admis avec au moins trois autres territoires non francophones).",
    steps=common_steps(
        "31", ART31_LOW, ART31_HIGH, None, coverage=coverage_step(("adaptation",), "31")
    ),
    payment=HALF_ADVANCE,
    documents=DOCUMENTS_COSIGNES,
    appreciation=(
        ECONOMIE_ACTUELLES,
        STRATEGIE_ACTUELLES,
        f"Le professionnalisme du porteur de projet : {PRO}",
        "Le respect des obligations sociales, fiscales et professionnelles du porteur de projet : "
        "conventions collectives nationales étendues du spectacle vivant (emploi des personnels "
        "artistiques et techniques), régularité de la déclaration et du versement de la taxe "
        "fiscale (lorsqu'elle est due) et des droits d'auteur",
        EGALITE,
        ENVIRONNEMENT,
    ),
    limits_text=("Au plus trois aides obtenues pour un même projet artistique par an.",),
    notes=(
        *ACTUELLES_NOTES,
        "Les tranches de cosignataires (« entre 15 000 € et 30 000 € », « entre 30 000 € et "
        "50 000 € ») : 30 000 € exactement relève de la première (deux cosignataires).",
        "Pas de condition « agent » dans l'ancrage en France, pas de plafond de 4 000 € pour "
        "l'adaptation seule, qui est refusée (« d'autres dépenses » exigées).",
    ),
)
