"""Bank details of structures, payment orders (one per paid object) and lots de virements."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnm_portal.uploads import upload_to
from espace_pro.models import Structure
from virements import rules
from virements.workflow import BatchStatus, OrderStatus


class BankAccount(models.Model):
    """A structure's coordonnées bancaires. Never edited: a new one replaces the current one
    (``replaced_at`` set), so what was paid to which account stays readable."""

    structure = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        related_name="bank_accounts",
        verbose_name=_("structure"),
    )
    holder = models.CharField(_("titulaire du compte"), max_length=rules.NAME_MAX)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11)
    rib = models.FileField(_("RIB"), upload_to=upload_to("virements/rib"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("saisi par"),
    )
    created_at = models.DateTimeField(_("saisi le"), default=timezone.now)
    replaced_at = models.DateTimeField(_("remplacé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("coordonnées bancaires")
        verbose_name_plural = _("coordonnées bancaires")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure"],
                condition=Q(replaced_at__isnull=True),
                name="virements_one_current_bank_account",
            )
        ]

    def __str__(self) -> str:
        return f"{self.holder} — {self.masked_iban}"

    @property
    def masked_iban(self) -> str:
        return rules.mask_iban(self.iban)

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None


class PaymentBatch(models.Model):
    """A lot de virements: one SEPA credit-transfer file sent to the CNM's bank."""

    reference = models.CharField(_("référence"), max_length=20, unique=True)
    execution_date = models.DateField(_("date d'exécution demandée"))
    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=BatchStatus.choices,
        default=BatchStatus.BROUILLON,
        db_index=True,
    )
    total = models.DecimalField(_("montant total"), max_digits=14, decimal_places=2)
    count = models.PositiveIntegerField(_("nombre de virements"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    exported_at = models.DateTimeField(_("exporté le"), null=True, blank=True)
    sepa_file = models.FileField(
        _("fichier SEPA (pain.001)"), upload_to=upload_to("virements/sepa"), blank=True
    )
    csv_file = models.FileField(_("export CSV"), upload_to=upload_to("virements/csv"), blank=True)
    paid_on = models.DateField(_("payé le"), null=True, blank=True)
    cancel_reason = models.TextField(_("motif d'annulation"), blank=True)

    class Meta:
        verbose_name = _("lot de virements")
        verbose_name_plural = _("lots de virements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=0), name="virements_batch_total_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.reference


class PaymentOrder(models.Model):
    """One amount to pay to one structure for one source object (an aid versement, a droit de
    tirage…). The source is unique: the same object can never be paid through two orders."""

    structure = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        related_name="payment_orders",
        verbose_name=_("bénéficiaire"),
    )
    amount = models.DecimalField(_("montant"), max_digits=14, decimal_places=2)
    label = models.CharField(_("libellé du virement"), max_length=rules.REMITTANCE_MAX)
    source_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("type d'objet payé"),
    )
    source_id = models.CharField(_("identifiant de l'objet payé"), max_length=64)
    source = GenericForeignKey("source_type", "source_id")
    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=OrderStatus.choices,
        default=OrderStatus.A_PAYER,
    )
    batch = models.ForeignKey(
        PaymentBatch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("lot de virements"),
    )
    paid_on = models.DateField(_("payé le"), null=True, blank=True)
    # Copied from the current BankAccount when the order goes into a lot: history does not
    # change when the structure later replaces its bank details.
    holder = models.CharField(_("titulaire payé"), max_length=rules.NAME_MAX, blank=True)
    iban = models.CharField(_("IBAN payé"), max_length=34, blank=True)
    bic = models.CharField(_("BIC payé"), max_length=11, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    cancel_reason = models.TextField(_("motif d'annulation"), blank=True)

    class Meta:
        verbose_name = _("ordre de virement")
        verbose_name_plural = _("ordres de virement")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id"], name="virements_one_order_per_source"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="virements_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="virements_order_queue_idx"),
            models.Index(fields=["structure", "created_at"], name="virements_order_struct_idx"),
            models.Index(fields=["source_type", "status"], name="virements_order_type_idx"),
            # the admin list's default order and its "payé le" filter
            models.Index(fields=["created_at"], name="virements_order_created_idx"),
            models.Index(fields=["paid_on"], name="virements_order_paid_idx"),
        ]

    def __str__(self) -> str:
        return f"Virement n° {self.pk} — {self.label}"

    @property
    def source_label(self) -> str:
        """ "app_label.modelname", the key paid hooks are registered under."""
        return f"{self.source_type.app_label}.{self.source_type.model}"

    @property
    def masked_iban(self) -> str:
        return rules.mask_iban(self.iban) if self.iban else ""
