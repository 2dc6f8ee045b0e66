"""A person's job alert (one per person) and the ads already sent to it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from annonces.choices import ContractType, JobFamily, Region


class JobAlert(models.Model):
    """« Paramétrer mon alerte emploi »: criteria, each list empty meaning « all »."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="job_alert",
        verbose_name=_("personne"),
    )
    keywords = models.CharField(_("mots-clés"), max_length=255, blank=True)
    contract_types = models.JSONField(_("types de contrat"), default=list, blank=True)
    regions = models.JSONField(_("régions"), default=list, blank=True)
    families = models.JSONField(_("familles de métiers"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True, db_index=True)
    # ads published after this instant are new for the alert (moved by each daily run)
    checked_until = models.DateTimeField(_("annonces examinées jusqu'au"))
    last_sent_on = models.DateField(_("dernier e-mail le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("alerte emploi")
        verbose_name_plural = _("alertes emploi")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Alerte emploi de {self.user}"

    def labels(self, values: list[str], choices) -> list[str]:
        names = dict(choices)
        return [str(names[v]) for v in values if v in names]

    @property
    def contract_labels(self) -> list[str]:
        return self.labels(self.contract_types, ContractType.choices)

    @property
    def region_labels(self) -> list[str]:
        return self.labels(self.regions, Region.choices)

    @property
    def family_labels(self) -> list[str]:
        return self.labels(self.families, JobFamily.choices)


class AlertDelivery(models.Model):
    """One ad sent to one alert: never twice (unique), whatever the runs."""

    alert = models.ForeignKey(JobAlert, on_delete=models.CASCADE, related_name="deliveries")
    ad = models.ForeignKey("annonces.JobAd", on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("envoyée le"))

    class Meta:
        verbose_name = _("annonce envoyée")
        verbose_name_plural = _("annonces envoyées")
        constraints = [
            models.UniqueConstraint(fields=["alert", "ad"], name="alertes_delivery_once")
        ]

    def __str__(self) -> str:
        return f"Annonce n° {self.ad_id} envoyée le {self.sent_on:%d/%m/%Y}"
