"""The five parcours of the training catalogue and the formats of a module."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Parcours(models.TextChoices):
    ADMINISTRATIF = "administratif", _("Administratif")
    BILLETTERIE = "billetterie", _("Billetterie")
    DIFFUSION = "diffusion", _("Diffusion")
    FINANCEMENTS = "financements", _("Financements")
    NUMERIQUE = "numerique", _("Numérique")


class Format(models.TextChoices):
    PRESENTIEL = "presentiel", _("Présentiel")
    DISTANCIEL = "distanciel", _("Distanciel")
    HYBRIDE = "hybride", _("Hybride")
