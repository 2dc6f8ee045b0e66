"""The two permanences of the CNM's advice service and the topics listed in the user guide."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Permanence(models.TextChoices):
    MUSIQUE = "musique", _("Conseil Musique")
    INNOVATION = "innovation", _("Conseil Innovation")


class Topic(models.TextChoices):
    DEVELOPPEMENT = (
        "developpement",
        _("Développement d'activités musicales (musique enregistrée et spectacle vivant)"),
    )
    AFFILIATION = "affiliation", _("Affiliation")
    EGALITE = "egalite", _("Égalité et inclusion")
    INNOVATION = "innovation", _("Innovation")
    EUROPE = "europe", _("Projet européen")
    TRANSITION = "transition", _("Transition écologique")
    FORMATIONS = "formations", _("Formations")
    AIDES = "aides", _("Programmes d'aide financière")


class Mode(models.TextChoices):
    VISIO = "visio", _("Visioconférence")
    TELEPHONE = "telephone", _("Téléphone")
    SUR_PLACE = "sur_place", _("Sur place, au CNM")


TOPIC_LABELS = dict(Topic.choices)


def encode_topics(values) -> str:
    """Topics stored as ``,a,b,`` so that one topic is found with ``__contains=",a,"`` (an
    index-friendly text column, no join, on SQLite and PostgreSQL alike)."""
    ordered = [value for value in Topic.values if value in set(values)]
    return f",{','.join(ordered)}," if ordered else ""


def decode_topics(stored: str) -> list[str]:
    return [value for value in (stored or "").split(",") if value]


def topic_needle(topic: str) -> str:
    return f",{topic},"
