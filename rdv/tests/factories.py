import datetime as dt

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from rdv import services
from rdv.choices import Mode, Permanence, Topic, encode_topics
from rdv.models import Adviser, Slot

TOPICS = [Topic.AIDES, Topic.AFFILIATION, Topic.DEVELOPPEMENT]


class AdviserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adviser

    name = factory.Sequence(lambda n: f"Conseillère {n}")
    email = factory.Sequence(lambda n: f"conseil{n}@cnm.fr")
    permanence = Permanence.MUSIQUE
    topics = encode_topics(TOPICS)


def in_days(days: float, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=int(days))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    adviser = factory.SubFactory(AdviserFactory)
    start = factory.Sequence(lambda n: in_days(3 + n % 50, 8 + n % 10))
    duration = 45
    mode = Mode.VISIO
    location = "https://visio.cnm.fr/salle-1"
    topics = encode_topics(TOPICS)
    published = True


def book(slot=None, user=None, *, structure=None, topic=Topic.AIDES, token=None):
    slot = slot or SlotFactory()
    user = user or UserFactory()
    return services.booking_create(
        slot_id=slot.pk,
        user=user,
        topic=topic,
        description="Sortie d'un premier EP ; besoin de conseils sur les aides.",
        structure=structure,
        token=token,
        actor=user,
    )
