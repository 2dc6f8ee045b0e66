"""Demo data: the five parcours with eight modules, sessions over the coming weeks (one full
with a waiting list), an inscription for Camille."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from cnm_portal.dates import today
from espace_pro.selectors import structures_for_user
from formations import services
from formations.choices import Format, Parcours
from formations.models import Inscription, Module, Session
from formations.workflow import LIVE

PLACE = "CNM, 7 rue Saint-Georges, 75009 Paris"
LINK = "https://visio.cnm.fr/formation"

# slug, title, parcours, format, hours, price, description, (days from today, seats) of sessions
MODULES = [
    (
        "creer-et-gerer-une-association-musicale",
        "Créer et gérer une association musicale",
        Parcours.ADMINISTRATIF,
        Format.PRESENTIEL,
        "7",
        "0",
        "Statuts, gouvernance, obligations comptables et sociales d'une association qui "
        "organise des concerts ou accompagne des artistes.",
        [(12, 16), (40, 16)],
    ),
    (
        "contrats-du-spectacle-vivant",
        "Les contrats du spectacle vivant",
        Parcours.ADMINISTRATIF,
        Format.HYBRIDE,
        "14",
        "180",
        "Contrat de cession, de coréalisation, de coproduction : clauses essentielles, "
        "responsabilités et pièges à éviter.",
        [(20, 12)],
    ),
    (
        "billetterie-et-declaration-de-la-taxe",
        "Billetterie et déclaration de la taxe sur les spectacles",
        Parcours.BILLETTERIE,
        Format.DISTANCIEL,
        "3.5",
        "0",
        "Tenir sa billetterie, calculer la recette HT et déclarer la taxe au CNM.",
        [(9, 2), (30, 30)],
    ),
    (
        "strategie-tarifaire-billetterie",
        "Construire sa stratégie tarifaire",
        Parcours.BILLETTERIE,
        Format.PRESENTIEL,
        "7",
        "120",
        "Grilles tarifaires, jauges, remplissage : piloter les recettes d'une saison.",
        [(25, 14)],
    ),
    (
        "diffuser-un-spectacle-en-tournee",
        "Diffuser un spectacle en tournée",
        Parcours.DIFFUSION,
        Format.PRESENTIEL,
        "14",
        "240",
        "Prospection des lieux, budget de tournée, contrats et logistique.",
        [(18, 15)],
    ),
    (
        "financer-son-projet-musical",
        "Financer son projet musical",
        Parcours.FINANCEMENTS,
        Format.DISTANCIEL,
        "3",
        "0",
        "Les aides du CNM, le crédit d'impôt, le financement participatif : monter un plan "
        "de financement crédible.",
        [(10, 25), (45, 25)],
    ),
    (
        "compte-entrepreneur-et-droit-de-tirage",
        "Mobiliser son compte-entrepreneur",
        Parcours.FINANCEMENTS,
        Format.DISTANCIEL,
        "2",
        "0",
        "Comprendre les générations de droits et demander un droit de tirage.",
        [(15, 30)],
    ),
    (
        "promotion-numerique-des-artistes",
        "Promotion numérique des artistes",
        Parcours.NUMERIQUE,
        Format.HYBRIDE,
        "7",
        "150",
        "Réseaux sociaux, plateformes de streaming et données d'écoute au service d'une sortie.",
        [(22, 18)],
    ),
]

WAITING_PEOPLE = [
    ("lea.attente@demo.cnm.fr", "Léa", "Attente"),
    ("hugo.complet@demo.cnm.fr", "Hugo", "Complet"),
    ("nina.suivante@demo.cnm.fr", "Nina", "Suivante"),
]


def _at(days: int, hour: int) -> dt.datetime:
    day = today() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _session(module: Module, days: int, seats: int) -> Session:
    start = _at(days, 9 if module.duration_hours >= 7 else 14)
    hours = min(int(module.duration_hours), 8) or 2
    online = module.format == Format.DISTANCIEL
    existing = Session.objects.filter(module=module, start=start).first()
    if existing is not None:
        return existing
    return services.session_save(
        session=Session(
            module=module,
            start=start,
            end=start + dt.timedelta(hours=hours),
            online=online,
            place="" if online else PLACE,
            link=LINK if online else "",
            seats=seats,
        ),
        actor=None,
    )


def _register(session: Session, user: User, structure=None) -> None:
    if not Inscription.objects.filter(session=session, user=user, status__in=LIVE).exists():
        services.inscription_create(
            session_id=session.pk, user=user, structure=structure, actor=user
        )


def create_demo_catalogue(out) -> None:
    sessions = {}
    for slug, title, parcours, format_, hours, price, description, planned in MODULES:
        module, _created = Module.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "parcours": parcours,
                "format": format_,
                "duration_hours": Decimal(hours),
                "price": Decimal(price),
                "description": description,
            },
        )
        for days, seats in planned:
            sessions[(slug, days)] = _session(module, days, seats)
    # the two-seat session is full, with a waiting list of one
    full = sessions[("billetterie-et-declaration-de-la-taxe", 9)]
    people = []
    for email, first, last in WAITING_PEOPLE:
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password("Formation-Demo-2026")
            user.save(update_fields=["password"])
        people.append(user)
    for user in people:
        _register(full, user)
    camille = User.objects.filter(email="camille.dupont@demo.cnm.fr").first()
    if camille is not None:
        _register(
            sessions[("financer-son-projet-musical", 10)],
            camille,
            structures_for_user(user=camille).first(),
        )
    out("Formations :")
    out(
        f"  - {Module.objects.filter(published=True).count()} modules sur les 5 parcours, "
        "sessions dans les prochaines semaines : /formations/"
    )
    out(
        "  - « Billetterie et déclaration de la taxe » (dans 9 jours) est complète : "
        "lea.attente et hugo.complet inscrits, nina.suivante en liste d'attente "
        "(@demo.cnm.fr, mot de passe Formation-Demo-2026)"
    )
    out(
        "  - camille.dupont@demo.cnm.fr est inscrite à « Financer son projet musical » : "
        "/formations/mes-inscriptions/ ; sessions, inscriptions et émargement dans "
        "/admin/formations/"
    )
