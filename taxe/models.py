"""Declarations, representations, coproduction shares, liquidation batches, notices, payments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnm_portal.uploads import upload_to
from espace_pro.models import Structure
from taxe.choices import Category, Taxability
from taxe.workflow import DeclarationStatus, MiseEnDemeureStatus, NoticeStatus, RectificationStatus

MONEY = {"max_digits": 14, "decimal_places": 2}


class LiquidationBatch(models.Model):
    """One run of the liquidation (periodic or by an instructor)."""

    started_at = models.DateTimeField(default=timezone.now)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declarations = models.PositiveIntegerField(default=0)
    notices_issued = models.PositiveIntegerField(default=0)
    notices_held = models.PositiveIntegerField(default=0)
    notices_released = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("liquidation")
        verbose_name_plural = _("liquidations")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Liquidation n° {self.pk} du {self.started_at:%d/%m/%Y %H:%M}"


class Declaration(models.Model):
    """A tax return listing the representations of one spectacle (art. 76 VI)."""

    structure = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        related_name="tax_declarations",
        verbose_name=_("redevable"),
    )
    spectacle = models.CharField(_("spectacle"), max_length=255)
    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=DeclarationStatus.choices,
        default=DeclarationStatus.BROUILLON,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(_("reçue le"), null=True, blank=True)
    is_late = models.BooleanField(_("déposée en retard"), default=False)
    tax_year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    first_representation = models.DateField(_("première représentation"), null=True, blank=True)
    taxable_base = models.DecimalField(_("base taxable HT"), default=0, **MONEY)
    tax_due = models.DecimalField(_("taxe liquidée"), null=True, blank=True, **MONEY)
    liquidation_due_on = models.DateField(_("à liquider avant le"), null=True, blank=True)
    liquidated_at = models.DateTimeField(_("liquidée le"), null=True, blank=True)
    # A batch marker written for up to millions of rows at once: no database constraint, so
    # the liquidation's COMMIT does not check one foreign key per row (batches are never deleted).
    batch = models.ForeignKey(
        LiquidationBatch,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="liquidated",
    )
    review_reason = models.TextField(_("motif de l'examen"), blank=True)
    deadline_reminder_sent_on = models.DateField(
        _("rappel d'échéance envoyé le"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("déclaration")
        verbose_name_plural = _("déclarations")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "received_at"], name="declaration_queue_idx"),
            models.Index(fields=["structure", "status"], name="declaration_structure_idx"),
            models.Index(fields=["structure", "tax_year"], name="declaration_year_idx"),
            models.Index(fields=["batch"], name="declaration_batch_idx"),
        ]

    def __str__(self) -> str:
        return f"Déclaration n° {self.pk} — {self.spectacle}"


class Representation(models.Model):
    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="representations"
    )
    date = models.DateField(_("date"))
    venue = models.CharField(_("lieu"), max_length=255)
    city = models.CharField(_("commune"), max_length=120)
    category = models.CharField(_("catégorie"), max_length=16, choices=Category.choices)
    astp_theatre = models.BooleanField(_("théâtre adhérent de l'ASTP"), default=False)
    educational = models.BooleanField(_("séance éducative"), default=False)
    ticketing = models.BooleanField(
        _("avec billetterie"),
        default=True,
        help_text=_("Sinon, la base est le prix de cession du droit d'exploitation."),
    )
    base_ht = models.DecimalField(_("montant HT"), **MONEY)
    amount_ttc = models.DecimalField(_("montant TTC saisi"), null=True, blank=True, **MONEY)
    vat_rate = models.DecimalField(
        _("taux de TVA"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    taxability = models.CharField(_("régime"), max_length=32, choices=Taxability.choices)

    class Meta:
        verbose_name = _("représentation")
        verbose_name_plural = _("représentations")
        ordering = ["date", "pk"]
        indexes = [
            models.Index(fields=["declaration", "date"], name="representation_decl_idx"),
            models.Index(fields=["date"], name="representation_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.venue}"


class CoproductionShare(models.Model):
    """RGA art. 46: the declarant splits the tax between the contracting parties; the split
    counts once every party signed from its own espace."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="shares")
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="+")
    share = models.DecimalField(_("part (%)"), max_digits=5, decimal_places=2)
    signed_at = models.DateTimeField(_("signée le"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # a party may refuse the split: the declaration is then liquidated for the declarant alone
    refused_at = models.DateTimeField(_("refusée le"), null=True, blank=True)
    refusal_reason = models.TextField(_("motif du refus"), blank=True)

    class Meta:
        verbose_name = _("part de coproduction")
        verbose_name_plural = _("parts de coproduction")
        constraints = [
            models.UniqueConstraint(fields=["declaration", "structure"], name="one_share_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.structure} : {self.share} %"


class Notice(models.Model):
    """Avis des sommes à payer. Its number doubles as an activation code (user guide)."""

    class Kind(models.TextChoices):
        LIQUIDATION = "liquidation", _("Liquidation d'une déclaration")
        RECTIFICATION = "rectification", _("Rectification (+10 %)")
        TAXATION_OFFICE = "taxation_office", _("Taxation d'office (+40 %)")

    # sequence + 48 random bits: the number doubles as an activation code (never guessable)
    number = models.CharField(_("n° de document"), max_length=40, unique=True)
    kind = models.CharField(
        _("origine"), max_length=16, choices=Kind.choices, default=Kind.LIQUIDATION
    )
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="tax_notices")
    declaration = models.OneToOneField(
        Declaration, on_delete=models.PROTECT, related_name="notice", null=True, blank=True
    )
    batch = models.ForeignKey(  # marker, see Declaration.batch
        LiquidationBatch, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False
    )
    status = models.CharField(_("statut"), max_length=16, choices=NoticeStatus.choices)
    tax_year = models.PositiveSmallIntegerField(_("année"))
    principal = models.DecimalField(_("taxe"), **MONEY)
    majoration = models.DecimalField(_("majoration"), default=0, **MONEY)
    paid = models.DecimalField(_("payé"), default=0, **MONEY)
    issued_on = models.DateField(_("émis le"), null=True, blank=True)
    due_on = models.DateField(_("à payer avant le"), null=True, blank=True, db_index=True)
    due_reminder_sent_on = models.DateField(
        _("rappel avant échéance envoyé le"), null=True, blank=True
    )
    reminder_sent_on = models.DateField(_("rappel envoyé le"), null=True, blank=True)
    reminder_received_on = models.DateField(
        _("rappel reçu le (accusé de réception)"), null=True, blank=True
    )
    titre_on = models.DateField(_("titre exécutoire émis le"), null=True, blank=True)
    release_marker = models.PositiveIntegerField(null=True, blank=True, editable=False)
    pdf = models.FileField(_("avis (PDF)"), upload_to=upload_to("taxe/avis"), blank=True)
    reminder_pdf = models.FileField(
        _("lettre de rappel (PDF)"), upload_to=upload_to("taxe/rappels"), blank=True
    )
    titre_pdf = models.FileField(
        _("titre exécutoire (PDF)"), upload_to=upload_to("taxe/titres"), blank=True
    )

    class Meta:
        verbose_name = _("avis des sommes à payer")
        verbose_name_plural = _("avis des sommes à payer")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="notice_queue_idx"),
            models.Index(fields=["structure", "tax_year", "status"], name="notice_year_idx"),
            models.Index(fields=["status", "reminder_received_on"], name="notice_titre_idx"),
        ]

    def __str__(self) -> str:
        return f"Avis {self.number}"

    @property
    def total(self):
        return self.principal + self.majoration

    @property
    def remaining(self):
        return max(self.total - self.paid, 0)


class Payment(models.Model):
    """A payment recorded by the accounting agent, or a bank line; without a notice it stays in
    the suspense list (never lost)."""

    notice = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(_("montant"), **MONEY)
    paid_on = models.DateField(_("date"))
    reference = models.CharField(_("référence"), max_length=140)
    bank_line_id = models.CharField(
        _("identifiant de ligne bancaire"), max_length=64, null=True, blank=True, unique=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("paiement")
        verbose_name_plural = _("paiements")
        ordering = ["-paid_on", "-pk"]
        indexes = [
            models.Index(
                fields=["notice"], name="payment_notice_idx", condition=Q(notice__isnull=False)
            )
        ]

    def __str__(self) -> str:
        return f"{self.amount} € le {self.paid_on:%d/%m/%Y} ({self.reference})"


class Rectification(models.Model):
    """Art. 76 VIII al. 2: insufficiency, inaccuracy or omission notified with the corrected
    base, +10 %; 30 days for observations; a reasoned answer; then the titre."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="rectifications"
    )
    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=RectificationStatus.choices,
        default=RectificationStatus.NOTIFIEE,
    )
    motive = models.TextField(_("motif (insuffisance, inexactitude ou omission)"))
    previous_base = models.DecimalField(_("base déclarée"), **MONEY)
    corrected_base = models.DecimalField(_("base rectifiée"), **MONEY)
    extra_tax = models.DecimalField(_("droits supplémentaires"), **MONEY)
    majoration = models.DecimalField(_("majoration de 10 %"), **MONEY)
    notice = models.OneToOneField(Notice, on_delete=models.PROTECT, related_name="rectification")
    notified_on = models.DateField(_("notifiée le"))
    received_on = models.DateField(_("notification reçue le"), null=True, blank=True)
    observations = models.TextField(_("observations du redevable"), blank=True)
    observations_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("réponse motivée"), blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answer_received_on = models.DateField(_("réponse reçue le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["-notified_on", "-pk"]
        indexes = [models.Index(fields=["status", "received_on"], name="rectification_queue_idx")]

    def __str__(self) -> str:
        return f"Rectification n° {self.pk} — {self.declaration}"


class MiseEnDemeure(models.Model):
    """Art. 76 VIII al. 3: a known show without declaration; without regularisation within 30
    days of receipt, taxation d'office (+40 %, never feeds the compte-entrepreneur, RGA art. 45)."""

    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="mises_en_demeure"
    )
    spectacle = models.CharField(_("spectacle"), max_length=255)
    representation_date = models.DateField(_("date de la représentation"))
    venue = models.CharField(_("lieu"), max_length=255)
    city = models.CharField(_("commune"), max_length=120)
    category = models.CharField(_("catégorie"), max_length=16, choices=Category.choices)
    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=MiseEnDemeureStatus.choices,
        default=MiseEnDemeureStatus.ENVOYEE,
    )
    sent_on = models.DateField(_("envoyée le"))
    received_on = models.DateField(_("reçue le (accusé de réception)"), null=True, blank=True)
    declaration = models.ForeignKey(
        Declaration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    base = models.DecimalField(_("base fixée d'office"), null=True, blank=True, **MONEY)
    comparables = models.JSONField(
        _("représentations comparables retenues"), default=list, blank=True
    )
    notice = models.OneToOneField(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="mise_en_demeure"
    )
    notified_on = models.DateField(_("droits notifiés le"), null=True, blank=True)
    notification_received_on = models.DateField(_("notification reçue le"), null=True, blank=True)
    letter = models.FileField(
        _("mise en demeure (PDF)"), upload_to=upload_to("taxe/mises-en-demeure"), blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("mise en demeure")
        verbose_name_plural = _("mises en demeure")
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["status", "received_on"], name="med_queue_idx")]

    def __str__(self) -> str:
        return f"Mise en demeure n° {self.pk} — {self.spectacle}"
