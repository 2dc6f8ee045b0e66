"""Cross-cutting tables: the outbox, the status history of every workflow, the audit log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A side effect (e-mail, PDF, notification) recorded in the transaction that causes it.

    It is handed to Celery after commit; the periodic relay picks up whatever a broker
    outage left pending.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("À envoyer")
        DONE = "done", _("Traité")
        FAILED = "failed", _("En échec")

    kind = models.CharField(_("type"), max_length=64)
    payload = models.JSONField(_("contenu"), default=dict)
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    available_at = models.DateTimeField(_("à traiter à partir du"), default=timezone.now)
    processed_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message de l'outbox")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["available_at"],
                name="outbox_pending_idx",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["status", "processed_at"], name="outbox_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"


class StatusChange(models.Model):
    """One row per workflow transition: who moved what from which status to which, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    workflow = models.CharField(_("cycle de vie"), max_length=64)
    from_status = models.CharField(_("statut de départ"), max_length=32, blank=True)
    to_status = models.CharField(_("nouveau statut"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("auteur (au moment du changement)"), max_length=255)
    comment = models.TextField(_("commentaire"), blank=True)
    at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("historique des statuts")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="status_hist_idx")]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


class AuditEntry(models.Model):
    """Who did what, for actions that are not status changes (edits, downloads, deletions)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("auteur (au moment de l'action)"), max_length=255)
    action = models.CharField(_("action"), max_length=64)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(_("objet"), max_length=255, blank=True)
    data = models.JSONField(_("détails"), default=dict, blank=True)
    at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des actions")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="audit_target_idx"),
            models.Index(fields=["action", "at"], name="audit_action_idx"),
            # the admin list's ordering: the 100 latest rows read from the index, not sorted
            models.Index(fields=["-at", "-id"], name="audit_latest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action}"
