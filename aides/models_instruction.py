"""Instruction of a dossier (RGA art. 3): requests for missing items, the checklist of the
programme's criteria ticked by the instructor, and the exports of the instructor's queues
(built by the worker). String references only: this module never imports ``aides.models``."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnm_portal.uploads import upload_to


class MissingItemsRequest(models.Model):
    """The items an instructor asks for, with a deadline (art. 3). While it is open the
    applicant may change these items only; answered, the dossier returns to instruction; with
    no answer by the deadline, the dossier is caduc."""

    class Outcome(models.TextChoices):
        OPEN = "ouverte", _("En attente de la réponse")
        ANSWERED = "repondue", _("Complétée par le demandeur")
        LAPSED = "caduque", _("Sans réponse dans le délai : dossier caduc")

    dossier = models.ForeignKey(
        "aides.Dossier", on_delete=models.CASCADE, related_name="missing_items_requests"
    )
    # ``Document.code`` of the programme's list and ``Figure.name`` of its figures.
    documents = models.JSONField(_("pièces demandées"), default=list, blank=True)
    figures = models.JSONField(_("données demandées"), default=list, blank=True)
    other_items = models.TextField(_("autres informations demandées"), blank=True)
    message = models.TextField(_("message au demandeur"), blank=True)
    deadline = models.DateField(_("à compléter au plus tard le"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(
        _("suite"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    answer = models.TextField(_("réponse du demandeur"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # What the applicant has already provided since the request (codes and names).
    provided_documents = models.JSONField(default=list, blank=True)
    provided_figures = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("demande de pièces ou d'informations")
        verbose_name_plural = _("demandes de pièces ou d'informations")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(outcome="ouverte"),
                name="aides_one_open_missing_request",
            )
        ]
        indexes = [
            models.Index(fields=["outcome", "deadline"], name="aides_missing_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} — {self.deadline:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.OPEN


class ChecklistItem(models.Model):
    """One line of the instruction checklist: a criterion of the programme (or the applicant
    checks: kind, affiliation, licence, yearly limit) judged by the instructor."""

    dossier = models.ForeignKey("aides.Dossier", on_delete=models.CASCADE, related_name="checklist")
    code = models.CharField(_("critère"), max_length=60)
    label = models.CharField(_("libellé"), max_length=500)
    article = models.CharField(_("article"), max_length=20, blank=True)
    met = models.BooleanField(_("critère rempli"))
    note = models.CharField(_("observation"), max_length=500, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("point de contrôle")
        verbose_name_plural = _("grille d'instruction")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "code"], name="aides_one_check_per_code")
        ]

    def __str__(self) -> str:
        return self.label


class DossierExport(models.Model):
    """An export of a queue (CSV or XLSX), written by the worker with a progress counter."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX (Excel)"

    class Status(models.TextChoices):
        EN_ATTENTE = "en_attente", _("En attente")
        EN_COURS = "en_cours", _("En cours")
        TERMINE = "termine", _("Terminé")
        ECHEC = "echec", _("Échec")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    # The changelist's filters and search (or the ids of a selection): the worker rebuilds
    # the same queryset with ``aides.selectors_instruction.queue``.
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.EN_ATTENTE
    )
    total = models.PositiveIntegerField(_("lignes à écrire"), null=True, blank=True)
    done = models.PositiveIntegerField(_("lignes écrites"), default=0)
    file = models.FileField(upload_to=upload_to("aides/exports"), blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("export de dossiers")
        verbose_name_plural = _("exports de dossiers")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Export {self.pk} ({self.get_format_display()})"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.TERMINE else 0
        return min(100, self.done * 100 // self.total)


class Instruction(ChecklistItem):
    """No table: the entry of the instructor's home in the admin index (« Accueil de
    l'instruction », /admin/aides/instruction/), with its own view permission."""

    class Meta:
        proxy = True
        verbose_name = _("accueil de l'instruction")
        verbose_name_plural = _("accueil de l'instruction")
        default_permissions = ("view",)
