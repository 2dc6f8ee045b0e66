"""The training catalogue: modules of the five parcours, their sessions, the inscriptions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cnm_portal.uploads import upload_to
from formations import rules
from formations.choices import Format, Parcours
from formations.workflow import LIVE, InscriptionStatus, SessionStatus


class Module(models.Model):
    title = models.CharField(_("intitulé"), max_length=200)
    slug = models.SlugField(_("adresse"), max_length=120, unique=True)
    parcours = models.CharField(_("parcours"), max_length=20, choices=Parcours.choices)
    description = models.TextField(_("description"))
    duration_hours = models.DecimalField(
        _("durée (heures)"), max_digits=5, decimal_places=1, help_text=_("Par exemple 7 ou 3,5.")
    )
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    price = models.DecimalField(
        _("prix TTC (€)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        help_text=_("0 pour une formation gratuite."),
    )
    published = models.BooleanField(_("publié"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("module de formation")
        verbose_name_plural = _("modules de formation")
        ordering = ["parcours", "title", "pk"]
        indexes = [
            models.Index(fields=["published", "parcours"], name="formations_module_pub_parc"),
            models.Index(fields=["published", "format"], name="formations_module_pub_fmt"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="formations_price_positive"),
            models.CheckConstraint(
                condition=Q(duration_hours__gt=0), name="formations_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return rules.is_free(self.price)


class Session(models.Model):
    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("module")
    )
    start = models.DateTimeField(_("début"), db_index=True)
    end = models.DateTimeField(_("fin"))
    online = models.BooleanField(_("en ligne"), default=False)
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    link = models.URLField(_("lien de connexion"), blank=True)
    seats = models.PositiveIntegerField(_("places"))
    cancellation_delay_days = models.PositiveSmallIntegerField(
        _("délai d'annulation (jours)"),
        default=rules.DEFAULT_CANCELLATION_DELAY_DAYS,
        help_text=_("Une personne inscrite peut annuler en ligne jusqu'à ce délai avant le début."),
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=SessionStatus.choices,
        default=SessionStatus.OUVERTE,
        db_index=True,
    )
    cancel_reason = models.TextField(_("motif d'annulation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["status", "start"], name="formations_session_st_start")]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gt=0), name="formations_seats_positive"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="formations_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        from django.utils import timezone

        return f"{self.module.title} — {timezone.localtime(self.start):%d/%m/%Y %H:%M}"

    @property
    def where(self) -> str:
        return str(_("En ligne")) if self.online else self.place

    @property
    def cancel_deadline(self):
        return rules.cancel_deadline(start=self.start, delay_days=self.cancellation_delay_days)


class Inscription(models.Model):
    """One person's place (or waiting rank) on one session; the person's own, not shared with
    the structure's other members (hence ``for_structure``)."""

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="inscriptions", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="formation_inscriptions",
        verbose_name=_("personne"),
    )
    for_structure = models.ForeignKey(
        "espace_pro.Structure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="formation_inscriptions",
        verbose_name=_("structure"),
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=InscriptionStatus.choices,
        default=InscriptionStatus.CONFIRMEE,
        db_index=True,
    )
    token = models.UUIDField(null=True, blank=True, editable=False)
    convocation_pdf = models.FileField(
        _("convocation (PDF)"), upload_to=upload_to("formations/convocations"), blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    cancel_reason = models.TextField(_("motif d'annulation"), blank=True)
    created_at = models.DateTimeField(_("inscrite le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["session", "status", "created_at"], name="formations_insc_queue")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(status__in=LIVE),
                name="formations_one_live_inscription",
            ),
            models.UniqueConstraint(
                fields=["user", "token"],
                condition=Q(token__isnull=False),
                name="formations_inscription_token_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Inscription n° {self.pk}"
