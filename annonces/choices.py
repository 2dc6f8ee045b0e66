"""Fixed lists of the job ads: contract types, job families of the music sector, regions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractType(models.TextChoices):
    CDI = "cdi", _("CDI")
    CDD = "cdd", _("CDD")
    CDDU = "cddu", _("Intermittent (CDDU)")
    STAGE = "stage", _("Stage")
    ALTERNANCE = "alternance", _("Alternance (apprentissage, professionnalisation)")
    SERVICE_CIVIQUE = "service_civique", _("Service civique")
    FREELANCE = "freelance", _("Freelance, indépendant")
    BENEVOLAT = "benevolat", _("Bénévolat")


class JobFamily(models.TextChoices):
    ADMINISTRATION = "administration", _("Administration, gestion, juridique")
    PRODUCTION = "production", _("Production, diffusion, booking")
    TECHNIQUE = "technique", _("Technique du spectacle (son, lumière, plateau)")
    ARTISTIQUE = "artistique", _("Artistique (musicien, chanteur, compositeur)")
    COMMUNICATION = "communication", _("Communication, presse, marketing")
    NUMERIQUE = "numerique", _("Numérique, streaming, data")
    EDITION = "edition", _("Édition musicale, droits")
    DISTRIBUTION = "distribution", _("Distribution, vente, disquaire")
    ACCUEIL = "accueil", _("Accueil, billetterie, relations publics")
    MEDIATION = "mediation", _("Action culturelle, médiation, enseignement")
    DIRECTION = "direction", _("Direction, programmation")


class Region(models.TextChoices):
    AUVERGNE_RHONE_ALPES = "ara", _("Auvergne-Rhône-Alpes")
    BOURGOGNE_FRANCHE_COMTE = "bfc", _("Bourgogne-Franche-Comté")
    BRETAGNE = "bre", _("Bretagne")
    CENTRE_VAL_DE_LOIRE = "cvl", _("Centre-Val de Loire")
    CORSE = "cor", _("Corse")
    GRAND_EST = "ges", _("Grand Est")
    HAUTS_DE_FRANCE = "hdf", _("Hauts-de-France")
    ILE_DE_FRANCE = "idf", _("Île-de-France")
    NORMANDIE = "nor", _("Normandie")
    NOUVELLE_AQUITAINE = "naq", _("Nouvelle-Aquitaine")
    OCCITANIE = "occ", _("Occitanie")
    PAYS_DE_LA_LOIRE = "pdl", _("Pays de la Loire")
    PROVENCE_ALPES_COTE_D_AZUR = "pac", _("Provence-Alpes-Côte d'Azur")
    GUADELOUPE = "gua", _("Guadeloupe")
    GUYANE = "guy", _("Guyane")
    LA_REUNION = "reu", _("La Réunion")
    MARTINIQUE = "mar", _("Martinique")
    MAYOTTE = "may", _("Mayotte")


class Remote(models.TextChoices):
    NON = "non", _("Sur place")
    PARTIEL = "partiel", _("Télétravail partiel")
    TOTAL = "total", _("Télétravail complet")
