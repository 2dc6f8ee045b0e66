"""Vocabulary of the directory: the fixed list of activities and the 18 regions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityCode(models.TextChoices):
    """The activities a directory entry may declare (stored by code in ``EntryActivity``: a
    removed code must first be migrated away from the entries that have it)."""

    MANAGER = "manager", _("Manager")
    LABEL = "label", _("Label")
    EDITEUR = "editeur", _("Éditeur de musique")
    PRODUCTEUR_PHONO = "producteur_phono", _("Producteur de musique enregistrée")
    PRODUCTEUR_SPECTACLE = "producteur_spectacle", _("Producteur de spectacle")
    DIFFUSEUR = "diffuseur", _("Diffuseur de spectacle")
    TOURNEUR = "tourneur", _("Tourneur, agent artistique")
    SALLE = "salle", _("Salle de spectacle")
    FESTIVAL = "festival", _("Festival")
    DISTRIBUTEUR = "distributeur", _("Distributeur")
    DISQUAIRE = "disquaire", _("Disquaire")
    STUDIO = "studio", _("Studio d'enregistrement")
    PROMOTION = "promotion", _("Attaché de presse, promotion")
    AUTEUR = "auteur", _("Auteur, compositeur")
    ARTISTE = "artiste", _("Artiste interprète")
    HUMOUR = "humour", _("Humour")
    FORMATION = "formation", _("Formation, enseignement")
    ACCOMPAGNEMENT = "accompagnement", _("Accompagnement, conseil")


class Region(models.TextChoices):
    """The 18 regions (13 of metropolitan France, 5 overseas), by INSEE code."""

    ARA = "84", _("Auvergne-Rhône-Alpes")
    BFC = "27", _("Bourgogne-Franche-Comté")
    BRE = "53", _("Bretagne")
    CVL = "24", _("Centre-Val de Loire")
    COR = "94", _("Corse")
    GES = "44", _("Grand Est")
    HDF = "32", _("Hauts-de-France")
    IDF = "11", _("Île-de-France")
    NOR = "28", _("Normandie")
    NAQ = "75", _("Nouvelle-Aquitaine")
    OCC = "76", _("Occitanie")
    PDL = "52", _("Pays de la Loire")
    PAC = "93", _("Provence-Alpes-Côte d'Azur")
    GUA = "01", _("Guadeloupe")
    MTQ = "02", _("Martinique")
    GUF = "03", _("Guyane")
    REU = "04", _("La Réunion")
    MAY = "06", _("Mayotte")


def region_choices() -> list[tuple[str, str]]:
    """Regions in alphabetical order of their name (the order of a select list)."""
    return sorted(Region.choices, key=lambda choice: str(choice[1]))
