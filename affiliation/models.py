from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from affiliation.workflow import AffiliationStatus
from cnm_portal.uploads import upload_to
from espace_pro.models import Structure


class LiveShowActivity(models.TextChoices):
    NONE = "none", _("Je n'exerce pas d'activité d'entrepreneur de spectacles vivants")
    LICENCE = "licence", _("Je suis titulaire d'une licence d'entrepreneur de spectacles vivants")
    RECEPISSE = "recepisse", _("Je suis titulaire d'un récépissé de déclaration valant licence")
    OCCASIONNEL = (
        "occasionnel",
        _("J'exerce de façon temporaire et occasionnelle et l'ai déclaré à l'administration"),
    )


class Affiliation(models.Model):
    """One request (first affiliation or renewal) and, once validated, its year of validity."""

    class Kind(models.TextChoices):
        PREMIERE = "premiere", _("Première affiliation")
        RENOUVELLEMENT = "renouvellement", _("Renouvellement")
        AUTOMATIQUE = "automatique", _("Affiliation automatique (personne physique)")

    structure = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        related_name="affiliations",
        verbose_name=_("structure"),
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=AffiliationStatus.choices,
        default=AffiliationStatus.BROUILLON,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Sworn commitments of art. 1 (each ticked explicitly).
    commit_etabli_france = models.BooleanField(default=False)
    commit_obligations = models.BooleanField(default=False)
    commit_protocole_vss = models.BooleanField(default=False)
    commit_licence = models.BooleanField(default=False)
    commit_sibil = models.BooleanField(default=False)
    live_show_activity = models.CharField(
        _("activité de spectacle vivant"),
        max_length=16,
        choices=LiveShowActivity.choices,
        default=LiveShowActivity.NONE,
    )
    licence_number = models.CharField(
        _("numéro de licence ou de récépissé"), max_length=40, blank=True
    )
    licence_category = models.CharField(
        _("catégorie"),
        max_length=1,
        blank=True,
        choices=[
            ("1", _("1 — exploitant de lieu")),
            ("2", _("2 — producteur")),
            ("3", _("3 — diffuseur")),
        ],
    )
    licence_valid_until = models.DateField(_("licence valable jusqu'au"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    missing_items = models.TextField(_("pièces ou informations manquantes"), blank=True)
    relance_sent_on = models.DateField(_("relance envoyée le"), null=True, blank=True)
    completion_deadline = models.DateField(_("à compléter avant le"), null=True, blank=True)
    notified_on = models.DateField(_("notifiée le"), null=True, blank=True)
    valid_from = models.DateField(_("valable du"), null=True, blank=True)
    valid_until = models.DateField(_("valable jusqu'au"), null=True, blank=True, db_index=True)
    reminders_sent = models.JSONField(
        _("rappels envoyés (jours avant la fin)"), default=list, blank=True
    )
    decision_reason = models.TextField(_("motif"), blank=True)
    desaffiliation_requested_at = models.DateTimeField(
        _("désaffiliation demandée le"), null=True, blank=True
    )
    decision_pdf = models.FileField(
        _("notification"), upload_to=upload_to("affiliation/notifications"), blank=True
    )

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure"],
                condition=Q(status__in=["brouillon", "soumise", "incomplete"]),
                name="one_open_affiliation_request",
            )
        ]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="affiliation_validity_idx"),
            models.Index(fields=["status", "completion_deadline"], name="affiliation_relance_idx"),
            models.Index(
                fields=["structure", "status", "valid_from"], name="affiliation_lookup_idx"
            ),
            models.Index(fields=["licence_valid_until"], name="affiliation_licence_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.structure}"

    @property
    def took_effect(self) -> bool:
        """False for a renewal ended by a désaffiliation before its first day."""
        from affiliation.rules import took_effect

        return took_effect(self.valid_from, self.valid_until)


class AffiliationDocument(models.Model):
    class Kind(models.TextChoices):
        LICENCE = "licence", _("Licence ou récépissé d'entrepreneur de spectacles vivants")
        DECLARATION_OCCASIONNELLE = "occasionnel", _("Déclaration d'activité occasionnelle")
        ATTESTATION_VSS = (
            "attestation_vss",
            _(
                "Attestation de fin de formation à la prévention des violences et du harcèlement "
                "sexistes et sexuels (protocole, point 1)"
            ),
        )
        AUTRE = "autre", _("Autre pièce demandée par le CNM")

    affiliation = models.ForeignKey(Affiliation, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("pièce"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("fichier"), upload_to=upload_to("affiliation/pieces"))
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pièce d'affiliation")
        verbose_name_plural = _("pièces d'affiliation")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"
