"""Job and internship ads written by a person, moderated by the CNM."""

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from annonces.choices import ContractType, JobFamily, Region, Remote
from annonces.workflow import AdStatus


class JobAd(models.Model):
    # The author's own ad (not shared with the structure's other members): « Mes annonces ».
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="job_ads",
        verbose_name=_("auteur"),
    )
    # Not named « structure »: membership of the structure gives no right on the ad.
    for_structure = models.ForeignKey(
        "espace_pro.Structure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_ads",
        verbose_name=_("structure"),
    )
    title = models.CharField(_("intitulé du poste"), max_length=150)
    contract_type = models.CharField(
        _("type de contrat"), max_length=20, choices=ContractType.choices, db_index=True
    )
    family = models.CharField(
        _("famille de métiers"), max_length=20, choices=JobFamily.choices, db_index=True
    )
    city = models.CharField(_("lieu (ville)"), max_length=100)
    region = models.CharField(_("région"), max_length=3, choices=Region.choices, db_index=True)
    remote = models.CharField(
        _("télétravail"), max_length=10, choices=Remote.choices, default=Remote.NON
    )
    description = models.TextField(_("description du poste et du profil"))
    start_date = models.DateField(_("date de prise de poste"), null=True, blank=True)
    closing_date = models.DateField(_("date de clôture des candidatures"), db_index=True)
    contact_name = models.CharField(_("nom du contact"), max_length=150)
    contact_email = models.EmailField(_("e-mail de candidature"), db_index=True)
    contact_phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    application_url = models.URLField(_("lien pour candidater"), blank=True)
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=AdStatus.choices,
        default=AdStatus.BROUILLON,
        db_index=True,
    )
    moderation_comment = models.TextField(_("message de la modération"), blank=True)
    # normalized title, description, city and structure (rules.normalize), for the search
    search_text = models.TextField(editable=False, default="")
    token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("annonce")
        verbose_name_plural = _("annonces")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="annonces_public_list"),
            models.Index(fields=["status", "submitted_at"], name="annonces_moderation_queue"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "token"],
                condition=models.Q(token__isnull=False),
                name="annonces_jobad_token_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (n° {self.pk})"

    @property
    def ref(self) -> str:
        """The public URL's reference: the id then the title, « 42-regisseur-general »."""
        return f"{self.pk}-{slugify(self.title)[:60]}".rstrip("-")

    @property
    def employer(self) -> str:
        return self.for_structure.name if self.for_structure_id else self.contact_name

    @property
    def public_url(self) -> str:
        from django.urls import reverse

        return reverse("annonces:detail", kwargs={"ref": self.ref})
