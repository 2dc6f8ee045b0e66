import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from formations import services
from formations.choices import Format, Parcours
from formations.models import Module, Session


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    title = factory.Sequence(lambda n: f"Module de formation {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    parcours = Parcours.ADMINISTRATIF
    description = "Les bases, des cas pratiques et des modèles de documents."
    duration_hours = Decimal("7")
    format = Format.PRESENTIEL
    price = Decimal("120.00")


def in_days(days: float, hour: int = 9) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=int(days))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def make_session(module=None, *, days: int = 20, seats: int = 10, **fields) -> Session:
    """A session saved through the service (its creation recorded in the history)."""
    start = fields.pop("start", None) or in_days(days)
    values = {
        "module": module or ModuleFactory(),
        "start": start,
        "end": start + dt.timedelta(hours=7),
        "online": False,
        "place": "CNM, 7 rue Saint-Georges, 75009 Paris",
        "seats": seats,
        **fields,
    }
    return services.session_save(session=Session(**values), actor=None)


def register(session=None, user=None, *, structure=None, token=None):
    session = session or make_session()
    user = user or UserFactory()
    return services.inscription_create(
        session_id=session.pk, user=user, structure=structure, token=token, actor=user
    )
