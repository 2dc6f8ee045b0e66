"""Advisers, the slots they open and the bookings people make on them."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rdv.choices import TOPIC_LABELS, Mode, Permanence, Topic, decode_topics
from rdv.workflow import HOLDING, BookingStatus


class TopicsMixin:
    @property
    def topic_list(self) -> list[str]:
        return decode_topics(self.topics)

    @property
    def topic_labels(self) -> list[str]:
        return [str(TOPIC_LABELS[t]) for t in self.topic_list if t in TOPIC_LABELS]


class Adviser(TopicsMixin, models.Model):
    """A CNM adviser: a staff account, or only a name and an e-mail (an outside expert)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"is_staff": True},
        related_name="rdv_advisers",
        verbose_name=_("compte agent"),
    )
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("e-mail"), db_index=True)
    permanence = models.CharField(
        _("permanence"), max_length=20, choices=Permanence.choices, db_index=True
    )
    topics = models.CharField(_("sujets traités"), max_length=255, blank=True)
    active = models.BooleanField(_("actif"), default=True, db_index=True)

    class Meta:
        verbose_name = _("conseiller")
        verbose_name_plural = _("conseillers")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_permanence_display()})"


class Slot(TopicsMixin, models.Model):
    adviser = models.ForeignKey(
        Adviser, on_delete=models.PROTECT, related_name="slots", verbose_name=_("conseiller")
    )
    start = models.DateTimeField(_("début"), db_index=True)
    duration = models.PositiveSmallIntegerField(_("durée (minutes)"), default=45)
    mode = models.CharField(_("modalité"), max_length=20, choices=Mode.choices)
    location = models.CharField(
        _("lieu ou lien"),
        max_length=255,
        blank=True,
        help_text=_("Adresse (sur place), lien de visioconférence, ou vide pour le téléphone."),
    )
    topics = models.CharField(_("sujets proposés"), max_length=255)
    published = models.BooleanField(_("publié"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("créneau")
        verbose_name_plural = _("créneaux")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["published", "start"], name="rdv_slot_published_start")]
        constraints = [
            models.CheckConstraint(condition=Q(duration__gt=0), name="rdv_slot_duration_positive")
        ]

    def __str__(self) -> str:
        from django.utils import timezone

        local = timezone.localtime(self.start)
        return f"{local:%d/%m/%Y %H:%M} — {self.adviser.name}"

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.duration)


class Booking(models.Model):
    """One person's appointment on one slot. At most one booking holds a slot (constraint)."""

    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("créneau")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="rdv_bookings",
        verbose_name=_("personne"),
    )
    # Not named « structure »: the booking is the person's own, not shared with the structure's
    # other members (docs/decisions.md, RDV CNM).
    for_structure = models.ForeignKey(
        "espace_pro.Structure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rdv_bookings",
        verbose_name=_("structure"),
    )
    topic = models.CharField(_("sujet"), max_length=20, choices=Topic.choices)
    description = models.TextField(_("description du projet"))
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=BookingStatus.choices,
        default=BookingStatus.CONFIRME,
        db_index=True,
    )
    uid = models.UUIDField(_("identifiant calendrier"), default=uuid.uuid4, unique=True)
    sequence = models.PositiveIntegerField(_("version calendrier"), default=0)
    token = models.UUIDField(null=True, blank=True, editable=False)
    moved_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moved_to",
        verbose_name=_("déplacé depuis"),
    )
    cancel_reason = models.TextField(_("motif d'annulation"), blank=True)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("réservé le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status__in=HOLDING),
                name="rdv_one_holding_booking_per_slot",
            ),
            models.UniqueConstraint(
                fields=["user", "token"],
                condition=Q(token__isnull=False),
                name="rdv_booking_token_once",
            ),
        ]

    def __str__(self) -> str:
        return f"RDV n° {self.pk}"

    @property
    def topic_label(self) -> str:
        return str(TOPIC_LABELS.get(self.topic, self.topic))
