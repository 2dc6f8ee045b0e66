"""Commission review and decision (RGA art. 4): the session's review and procès-verbal,
conflicts of interest, the members' avis, the proportional reduction, the president's decisions
with their notification letter, and contestations.

String references only (``"aides.Dossier"``): this module never imports ``aides.models``, which
re-exports it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnm_portal.uploads import upload_to

MONEY = {"max_digits": 14, "decimal_places": 2}


class CommissionReview(models.Model):
    """The examination of a session by its commission: opened when the éligible dossiers are sent
    to it, then its procès-verbal (members present, abstentions, avis, totals)."""

    session = models.OneToOneField(
        "aides.CommissionSession",
        on_delete=models.CASCADE,
        related_name="review",
        verbose_name=_("session"),
    )
    opened_at = models.DateTimeField(_("ouverte à l'examen le"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    present_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("membres présents"),
    )
    pv_requested_at = models.DateTimeField(_("procès-verbal demandé le"), null=True, blank=True)
    pv_file = models.FileField(
        _("procès-verbal"), upload_to=upload_to("aides/proces-verbaux"), blank=True
    )
    pv_rendered_at = models.DateTimeField(_("procès-verbal établi le"), null=True, blank=True)
    # The proportional reduction (seed 003's « abattement proportionnel »), when applied.
    reduction_available = models.DecimalField(
        _("disponible sur l'enveloppe (réduction)"), null=True, blank=True, **MONEY
    )
    reduction_total_before = models.DecimalField(
        _("total proposé avant réduction"), null=True, blank=True, **MONEY
    )
    reduced_at = models.DateTimeField(_("réduction appliquée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("examen de session")
        verbose_name_plural = _("examens de session")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return str(_("Examen — %(session)s")) % {"session": self.session}


class ReducedAmount(models.Model):
    """One dossier's proposed amount before and after the session's proportional reduction."""

    review = models.ForeignKey(CommissionReview, on_delete=models.CASCADE, related_name="reduced")
    dossier = models.ForeignKey(
        "aides.Dossier", on_delete=models.CASCADE, related_name="reduced_amounts"
    )
    before = models.DecimalField(_("montant proposé"), **MONEY)
    after = models.DecimalField(_("montant après réduction"), **MONEY)

    class Meta:
        verbose_name = _("montant réduit")
        verbose_name_plural = _("montants réduits")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "dossier"], name="aides_one_reduction"),
            models.CheckConstraint(
                condition=models.Q(after__gte=0) & models.Q(after__lte=models.F("before")),
                name="aides_reduction_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.before} → {self.after}"


class ConflictOfInterest(models.Model):
    """A conflict declared by a member (links with the applicant's espace pro are detected
    without a declaration, see ``aides.selectors_commission``)."""

    dossier = models.ForeignKey("aides.Dossier", on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="aid_conflicts"
    )
    reason = models.TextField(_("motif"))
    declared_at = models.DateTimeField(_("déclaré le"), default=timezone.now)

    class Meta:
        verbose_name = _("conflit d'intérêts")
        verbose_name_plural = _("conflits d'intérêts")
        ordering = ["-declared_at"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "member"], name="aides_one_conflict"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.dossier}"


class Avis(models.Model):
    """A member's avis on a dossier (art. 4), scored on the programme's appreciation criteria.
    A second review (contestation) supersedes the earlier avis: they stay for the record."""

    class Kind(models.TextChoices):
        FAVORABLE = "favorable", _("Favorable")
        DEFAVORABLE = "defavorable", _("Défavorable")
        AJOURNE = "ajourne", _("Ajourné")

    dossier = models.ForeignKey("aides.Dossier", on_delete=models.CASCADE, related_name="avis")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="aid_avis"
    )
    session = models.ForeignKey(
        "aides.CommissionSession", on_delete=models.PROTECT, related_name="avis"
    )
    kind = models.CharField(_("avis"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("montant proposé"), null=True, blank=True, **MONEY)
    motivation = models.TextField(_("motivation"))
    # One entry per appreciation criterion of the programme, in order: {"criterion", "score"}.
    scores = models.JSONField(_("notes par critère"), default=list)
    given_at = models.DateTimeField(_("donné le"), default=timezone.now)
    superseded = models.BooleanField(_("remplacé par une seconde instruction"), default=False)

    class Meta:
        verbose_name = _("avis de commission")
        verbose_name_plural = _("avis de commission")
        ordering = ["given_at", "pk"]
        indexes = [models.Index(fields=["session", "member"], name="aides_avis_member_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "member"],
                condition=models.Q(superseded=False),
                name="aides_one_avis_per_member",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="favorable", amount__gt=0)
                    | (~models.Q(kind="favorable") & models.Q(amount__isnull=True))
                ),
                name="aides_avis_amount_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.member} — {self.dossier}"


class Decision(models.Model):
    """The president's decision on a dossier (art. 4), with its notification letter."""

    class Kind(models.TextChoices):
        ATTRIBUTION = "attribution", _("Attribution")
        REFUS = "refus", _("Refus")

    dossier = models.ForeignKey("aides.Dossier", on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("décision"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("montant attribué"), null=True, blank=True, **MONEY)
    reason = models.TextField(_("motif"), blank=True)
    decided_on = models.DateField(_("date de la décision"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bilan_due_on = models.DateField(_("bilan à remettre avant le"), null=True, blank=True)
    letter = models.FileField(
        _("lettre de notification"), upload_to=upload_to("aides/decisions"), blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["-created_at", "-pk"]
        permissions = [("decide_dossier", _("Décider l'attribution ou le refus d'une aide"))]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="attribution", amount__gt=0)
                    | models.Q(kind="refus", amount__isnull=True)
                ),
                name="aides_decision_amount_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.dossier}"


class Contestation(models.Model):
    """A contestation of the decision (art. 4: registered letter to the president)."""

    dossier = models.ForeignKey(
        "aides.Dossier", on_delete=models.PROTECT, related_name="contestations"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="contestations", null=True, blank=True
    )
    received_on = models.DateField(_("reçue le"))
    text = models.TextField(_("objet de la contestation"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # Set when the president sends the dossier back to the commission for a second review.
    sent_back_at = models.DateTimeField(_("renvoyée en commission le"), null=True, blank=True)

    class Meta:
        verbose_name = _("contestation")
        verbose_name_plural = _("contestations")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return str(_("Contestation du %(date)s — %(dossier)s")) % {
            "date": self.received_on.strftime("%d/%m/%Y"),
            "dossier": self.dossier,
        }
