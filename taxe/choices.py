"""Vocabulary of the variety-show tax (loi 2003-1312 art. 76, décret 2004-117)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Décret 2004-117 art. 1 I, plus the two cases outside it."""

    CONCERTS = (
        "1",
        _("1° Tours de chant, concerts, jazz, rock, musique électronique, musiques du monde"),
    )
    CABARET = "2", _("2° Cabaret, suite de tableaux de genres variés (revues)")
    ILLUSION = "3", _("3° Illusionnistes, spectacles aquatiques ou sur glace")
    HUMOUR = "4", _("4° Humour (suite de sketches, récital parlé)")
    COMEDIE_MUSICALE = "5", _("5° Comédies musicales et spectacles musicaux")
    TRADITIONNELLE = "traditionnelle", _("Musique traditionnelle (hors champ de la taxe)")
    AUCUNE = "aucune", _("Aucune de ces catégories (commission de médiation)")


class Taxability(models.TextChoices):
    TAXABLE = "taxable", _("Taxable")
    HORS_CHAMP_TRADITIONNELLE = (
        "hors_champ_traditionnelle",
        _("Hors champ : musique traditionnelle"),
    )
    HORS_CHAMP_ASTP = "hors_champ_astp", _("Hors champ : théâtre adhérent de l'ASTP")
    EXONEREE_EDUCATIVE = "exoneree_educative", _("Exonérée : séance éducative")
    MEDIATION = "mediation", _("Soumise à la commission de médiation")
