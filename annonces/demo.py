"""Demo data: published ads of several contracts and regions, one waiting for moderation and
one sent back « à modifier » to Camille."""

import datetime as dt

from accounts.models import User
from annonces import services
from annonces.choices import ContractType as C
from annonces.choices import JobFamily as F
from annonces.choices import Region as R
from annonces.choices import Remote
from annonces.models import JobAd
from cnm_portal.dates import today
from espace_pro.selectors import structures_for_user

RECRUITER = "recrutement@demo.cnm.fr"

PUBLISHED = [
    ("Régisseur·se général·e", C.CDI, F.TECHNIQUE, "Nantes", R.PAYS_DE_LA_LOIRE, 40),
    (
        "Chargé·e de production et de diffusion",
        C.CDD,
        F.PRODUCTION,
        "Lyon",
        R.AUVERGNE_RHONE_ALPES,
        30,
    ),
    (
        "Technicien·ne son (tournée d'été)",
        C.CDDU,
        F.TECHNIQUE,
        "Marseille",
        R.PROVENCE_ALPES_COTE_D_AZUR,
        20,
    ),
    (
        "Stage communication et réseaux sociaux",
        C.STAGE,
        F.COMMUNICATION,
        "Paris",
        R.ILE_DE_FRANCE,
        25,
    ),
    (
        "Alternance administration d'une salle de concert",
        C.ALTERNANCE,
        F.ADMINISTRATION,
        "Lille",
        R.HAUTS_DE_FRANCE,
        45,
    ),
]


def _data(title, contract, family, city, region, days, *, contact) -> dict:
    return {
        "title": title,
        "contract_type": contract,
        "family": family,
        "city": city,
        "region": region,
        "remote": Remote.PARTIEL if contract in (C.CDI, C.CDD) else Remote.NON,
        "description": (
            f"{title} au sein d'une équipe de passionnés de musiques actuelles. "
            "Vous travaillez avec la direction et les équipes artistiques ; expérience "
            "appréciée, débutant·e motivé·e bienvenu·e."
        ),
        "start_date": today() + dt.timedelta(days=days + 15),
        "closing_date": today() + dt.timedelta(days=days),
        "contact_name": contact.get_full_name() or contact.email,
        "contact_email": contact.email,
    }


def create_demo_ads(out) -> None:
    recruiter, created = User.objects.get_or_create(
        email=RECRUITER, defaults={"first_name": "Léa", "last_name": "Garnier"}
    )
    if created:
        recruiter.set_unusable_password()
        recruiter.save(update_fields=["password"])
    if not JobAd.objects.filter(user=recruiter).exists():
        for row in PUBLISHED:
            ad = services.ad_create(
                user=recruiter, data=_data(*row, contact=recruiter), actor=recruiter
            )
            ad = services.ad_submit(ad=ad, actor=recruiter)
            services.ad_publish(ad=ad, actor=None)
    camille = User.objects.filter(email="camille.dupont@demo.cnm.fr").first()
    if camille is not None and not JobAd.objects.filter(user=camille).exists():
        structure = structures_for_user(user=camille).first()
        waiting = services.ad_create(
            user=camille,
            data=_data(
                "Assistant·e de tournée",
                C.CDD,
                F.PRODUCTION,
                "Rennes",
                R.BRETAGNE,
                35,
                contact=camille,
            ),
            structure=structure,
            actor=camille,
        )
        services.ad_submit(ad=waiting, actor=camille)
        to_change = services.ad_create(
            user=camille,
            data=_data(
                "Musicien·ne pour un spectacle jeune public",
                C.CDDU,
                F.ARTISTIQUE,
                "Toulouse",
                R.OCCITANIE,
                30,
                contact=camille,
            ),
            structure=structure,
            actor=camille,
        )
        to_change = services.ad_submit(ad=to_change, actor=camille)
        services.ad_request_changes(
            ad=to_change,
            actor=None,
            comment="Précisez la rémunération (cachet) et les dates des représentations.",
        )
    out("Annonces d'emploi :")
    out("  - 5 annonces publiées sur /annonces/ (CDI, CDD, CDDU, stage, alternance ; 5 régions)")
    out(
        "  - camille.dupont@demo.cnm.fr : une annonce en attente de modération et une « à "
        "modifier » sur /annonces/mes-annonces/ ; la modération se fait dans "
        "/admin/annonces/jobad/?status__exact=soumise"
    )
