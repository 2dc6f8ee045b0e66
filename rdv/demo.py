"""Demo data: two advisers, slots over the next three weeks, one booking for Camille."""

import datetime as dt

from django.utils import timezone

from accounts.models import User
from cnm_portal.dates import today
from espace_pro.selectors import structures_for_user
from rdv import services
from rdv.choices import Mode, Permanence, Topic, encode_topics
from rdv.models import Adviser, Booking, Slot
from rdv.workflow import B

ADVISERS = [
    (
        "Claire Fontaine",
        "claire.fontaine@demo.cnm.fr",
        Permanence.MUSIQUE,
        [Topic.DEVELOPPEMENT, Topic.AFFILIATION, Topic.EGALITE, Topic.FORMATIONS, Topic.AIDES],
        Mode.VISIO,
        "https://visio.cnm.fr/permanence-musique",
    ),
    (
        "Hugo Lambert",
        "hugo.lambert@demo.cnm.fr",
        Permanence.INNOVATION,
        [Topic.INNOVATION, Topic.EUROPE, Topic.TRANSITION, Topic.AIDES],
        Mode.SUR_PLACE,
        "CNM, 7 rue Saint-Georges, 75009 Paris",
    ),
]


def create_demo_appointments(out) -> None:
    advisers = []
    for name, email, permanence, topics, mode, location in ADVISERS:
        adviser, _created = Adviser.objects.update_or_create(
            email=email,
            defaults={"name": name, "permanence": permanence, "topics": encode_topics(topics)},
        )
        advisers.append(adviser)
        if not Slot.objects.filter(adviser=adviser, start__gt=timezone.now()).exists():
            services.slot_create_series(
                adviser=adviser,
                first_day=today() + dt.timedelta(days=2),
                last_day=today() + dt.timedelta(days=23),
                weekdays=[1, 3] if permanence == Permanence.MUSIQUE else [2],
                times=[dt.time(10, 0), dt.time(14, 0), dt.time(15, 30)],
                duration=45,
                mode=mode,
                topics=topics,
                location=location,
                actor=None,
            )
    camille = User.objects.filter(email="camille.dupont@demo.cnm.fr").first()
    if camille is not None and not Booking.objects.filter(user=camille, status=B.CONFIRME).exists():
        slot = (
            Slot.objects.filter(
                adviser=advisers[0], start__gt=timezone.now() + dt.timedelta(days=3)
            )
            .exclude(bookings__status__in=[B.CONFIRME])
            .order_by("start")
            .first()
        )
        if slot is not None:
            services.booking_create(
                slot_id=slot.pk,
                user=camille,
                topic=Topic.AIDES,
                description="Premier album autoproduit : quelles aides du CNM pour l'enregistrement "
                "et la tournée de sortie ?",
                structure=structures_for_user(user=camille).first(),
                actor=camille,
            )
    out("RDV CNM :")
    out(
        "  - conseillers : Claire Fontaine (Conseil Musique), Hugo Lambert (Conseil Innovation), "
        "créneaux publiés sur les trois prochaines semaines"
    )
    out(
        "  - camille.dupont@demo.cnm.fr a un rendez-vous Conseil Musique : /rdv/mes-rendez-vous/ "
        "(annuler, déplacer, fichier .ics) ; l'instructrice gère créneaux et rendez-vous dans "
        "/admin/rdv/"
    )
