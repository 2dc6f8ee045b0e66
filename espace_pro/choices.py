"""Vocabulary of the espace professionnel, shared by rules, models, registry and forms."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalForm(models.TextChoices):
    """Legal forms of the user guide's table of supporting documents."""

    SOCIETE_COMMERCIALE = "societe_commerciale", _("Société commerciale")
    ASSOCIATION = "association", _("Association")
    ENTREPRENEUR_INDIVIDUEL = "entrepreneur_individuel", _("Entrepreneur individuel")
    COLLECTIVITE_TERRITORIALE = "collectivite_territoriale", _("Collectivité territoriale")
    ETABLISSEMENT_PUBLIC = "etablissement_public", _("Établissement public")
    PERSONNE_PHYSIQUE = "personne_physique", _("Personne physique (auteur, compositeur)")


class DocumentType(models.TextChoices):
    KBIS = "kbis", _("Kbis ou extrait INPI de moins de 3 mois")
    JO_PUBLICATION = "jo_publication", _("Parution au Journal officiel (création)")
    RECEPISSE_PREFECTURE = (
        "recepisse_prefecture",
        _(
            "Récépissé de déclaration en préfecture (si changement d'adresse du siège social "
            "depuis la création)"
        ),
    )
    LISTE_MEMBRES_CA = (
        "liste_membres_ca",
        _(
            "Liste des membres du conseil d'administration avec le rôle de chacun (président, "
            "trésorier…)"
        ),
    )
    AVIS_SIRENE = "avis_sirene", _("Avis de situation INSEE SIRENE de moins de 3 mois")
    PV_ELECTION = "pv_election", _("Procès-verbal d'élection du maire ou du président")
    STATUTS = "statuts", _("Statuts")
    PIECE_IDENTITE = "piece_identite", _("Pièce d'identité ou titre de séjour")


class Procedure(models.TextChoices):
    SIMPLIFIEE = "simplifiee", _("Procédure simplifiée (numéro CNM et code d'activation)")
    SIRET = "siret", _("Sans numéro CNM — recherche par SIRET")
    RNA = "rna", _("Sans numéro CNM — recherche par RNA")
    PERSONNE_PHYSIQUE = "personne_physique", _("Personne physique (auteur, compositeur)")
