"""The payment side of an aid dossier (RGA art. 5, 6, 7, 11): versements paid through
``virements``, the bilan with its lines, documents and deadline extensions, reimbursement
requests with their signed schedule, and the RSE incentive claim (annexe 4).

String references only (``"aides.Dossier"``): this module never imports ``aides.models``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aides.workflow_paiement import (
    BilanStatus,
    ExtensionStatus,
    RemboursementStatus,
    RseStatus,
    VersementStatus,
)
from cnm_portal.uploads import upload_to

MONEY = {"max_digits": 14, "decimal_places": 2}


def _user_fk(**kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **kwargs,
    )


class Versement(models.Model):
    """One installment of an aid (art. 5), or the RSE incentive (art. 11)."""

    class Kind(models.TextChoices):
        UNIQUE = "unique", _("Versement unique")
        ACOMPTE = "acompte", _("Acompte")
        SOLDE = "solde", _("Solde")
        INCITATION_RSE = "incitation_rse", _("Incitation financière RSE")

    dossier = models.ForeignKey(
        "aides.Dossier", on_delete=models.PROTECT, related_name="versements"
    )
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices)
    label = models.CharField(_("libellé"), max_length=200)
    trigger = models.CharField(_("déclencheur"), max_length=12)  # attribution, bilan, rse
    amount = models.DecimalField(_("montant"), **MONEY)
    status = models.CharField(
        _("statut"), max_length=10, choices=VersementStatus.choices, default=VersementStatus.PREVU
    )
    order = models.OneToOneField(
        "virements.PaymentOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ordre de virement"),
    )
    paid_on = models.DateField(_("payé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("versement d'aide")
        verbose_name_plural = _("versements d'aide")
        ordering = ["dossier", "created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="aides_versement_due_idx"),
            models.Index(fields=["kind", "status"], name="aides_versement_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="aides_versement_positive"),
            # never recorded twice: one live versement of each kind per dossier
            models.UniqueConstraint(
                fields=["dossier", "kind"],
                condition=~Q(status=VersementStatus.ANNULE),
                name="aides_versement_one_per_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status=VersementStatus.PAYE) | Q(paid_on__isnull=False),
                name="aides_versement_paid_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} — {self.dossier_id}"


class Bilan(models.Model):
    """Art. 6: the report on the operation that releases the solde."""

    dossier = models.OneToOneField("aides.Dossier", on_delete=models.PROTECT, related_name="bilan")
    status = models.CharField(
        _("statut"), max_length=10, choices=BilanStatus.choices, default=BilanStatus.A_DEPOSER
    )
    due_on = models.DateField(_("à remettre au plus tard le"))
    comment = models.TextField(_("commentaire du bénéficiaire"), blank=True)
    filed_at = models.DateTimeField(_("déposé le"), null=True, blank=True)
    filed_by = _user_fk()
    # Validation: the aid recomputed on the actual expenses, capped at the aid attributed.
    montant_valide = models.DecimalField(_("aide validée au bilan"), null=True, blank=True, **MONEY)
    computation = models.JSONField(_("calcul sur les dépenses réalisées"), null=True, blank=True)
    decision_comment = models.TextField(_("motif / observations de l'instruction"), blank=True)
    decided_at = models.DateTimeField(_("instruit le"), null=True, blank=True)
    decided_by = _user_fk()
    # Reminders already sent (days before the deadline): the job never sends one twice.
    reminders_sent = models.JSONField(_("rappels envoyés"), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bilan d'aide")
        verbose_name_plural = _("bilans d'aide")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="aides_bilan_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant_valide__isnull=True) | Q(montant_valide__gte=0),
                name="aides_bilan_valide_positive",
            )
        ]

    def __str__(self) -> str:
        return str(_("Bilan du dossier %(n)s") % {"n": self.dossier_id})


class BilanLine(models.Model):
    class Kind(models.TextChoices):
        DEPENSE = "depense", _("Dépense réalisée")
        RECETTE = "recette", _("Recette réalisée")

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices)
    category = models.CharField(_("poste"), max_length=60, blank=True)
    label = models.CharField(_("libellé"), max_length=255)
    amount = models.DecimalField(_("montant HT"), **MONEY)

    class Meta:
        verbose_name = _("ligne du bilan")
        verbose_name_plural = _("lignes du bilan")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="aides_bilanline_positive")
        ]

    def __str__(self) -> str:
        return self.label


class BilanDocument(models.Model):
    CODES = (("justificatifs", _("Justificatifs des dépenses")), ("rse", _("Justificatifs RSE")))

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(_("pièce"), max_length=20, choices=CODES)
    file = models.FileField(_("fichier"), upload_to=upload_to("aides/bilans"))
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    uploaded_by = _user_fk()

    class Meta:
        verbose_name = _("pièce du bilan")
        verbose_name_plural = _("pièces du bilan")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class BilanExtension(models.Model):
    """Art. 6: a new deadline asked before the deadline, with the reasons of the delay."""

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="extensions")
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.DEMANDEE,
    )
    reason = models.TextField(_("motifs du retard"))
    requested_until = models.DateField(_("nouvelle date souhaitée"))
    previous_due_on = models.DateField(_("date limite à la demande"))
    granted_until = models.DateField(_("nouvelle date accordée"), null=True, blank=True)
    answer = models.TextField(_("réponse du CNM"), blank=True)
    requested_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    requested_by = _user_fk()
    decided_by = _user_fk()

    class Meta:
        verbose_name = _("demande de prorogation du bilan")
        verbose_name_plural = _("demandes de prorogation du bilan")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "requested_at"], name="aides_ext_queue_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["bilan"],
                condition=Q(status=ExtensionStatus.DEMANDEE),
                name="aides_one_pending_extension",
            )
        ]

    def __str__(self) -> str:
        return str(_("Prorogation demandée le %(d)s") % {"d": f"{self.requested_at:%d/%m/%Y}"})


class Remboursement(models.Model):
    """Art. 6 and 7: the aid cancelled in part or in full, what was paid above what is due."""

    dossier = models.ForeignKey(
        "aides.Dossier", on_delete=models.PROTECT, related_name="remboursements"
    )
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=RemboursementStatus.choices,
        default=RemboursementStatus.DEMANDE,
    )
    amount = models.DecimalField(_("montant à rembourser"), **MONEY)
    paid = models.DecimalField(_("montant versé"), **MONEY)
    due = models.DecimalField(_("montant dû après annulation"), **MONEY)
    received = models.DecimalField(_("montant reçu"), default=0, **MONEY)
    reason = models.TextField(_("motif"))
    full = models.BooleanField(_("annulation totale"), default=False)
    letter = models.FileField(
        _("lettre de demande de remboursement"),
        upload_to=upload_to("aides/remboursements"),
        blank=True,
    )
    schedule_document = models.FileField(
        _("échéancier signé"), upload_to=upload_to("aides/echeanciers"), blank=True
    )
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    created_by = _user_fk()

    class Meta:
        verbose_name = _("demande de remboursement")
        verbose_name_plural = _("demandes de remboursement")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="aides_remb_queue_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="aides_remb_positive"),
            # never more than what was paid
            models.CheckConstraint(
                condition=Q(amount__lte=models.F("paid")), name="aides_remb_le_paid"
            ),
            models.CheckConstraint(
                condition=Q(received__gte=0) & Q(received__lte=models.F("amount")),
                name="aides_remb_received_le_amount",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Remboursement de %(a)s €") % {"a": self.amount})

    @property
    def remaining(self):
        return self.amount - self.received


class RemboursementInstallment(models.Model):
    remboursement = models.ForeignKey(
        Remboursement, on_delete=models.CASCADE, related_name="installments"
    )
    due_on = models.DateField(_("échéance"))
    amount = models.DecimalField(_("montant"), **MONEY)

    class Meta:
        verbose_name = _("échéance de remboursement")
        verbose_name_plural = _("échéances de remboursement")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="aides_rembinst_positive")
        ]

    def __str__(self) -> str:
        return f"{self.due_on:%d/%m/%Y} — {self.amount}"


class RemboursementPayment(models.Model):
    remboursement = models.ForeignKey(
        Remboursement, on_delete=models.CASCADE, related_name="payments"
    )
    amount = models.DecimalField(_("montant reçu"), **MONEY)
    received_on = models.DateField(_("reçu le"))
    recorded_by = _user_fk()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("paiement reçu")
        verbose_name_plural = _("paiements reçus")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="aides_rembpay_positive")
        ]

    def __str__(self) -> str:
        return f"{self.received_on:%d/%m/%Y} — {self.amount}"


class RseClaim(models.Model):
    """Art. 11: the annexe 4 grid filled by the applicant, the points validated by the CNM."""

    dossier = models.OneToOneField("aides.Dossier", on_delete=models.PROTECT, related_name="rse")
    status = models.CharField(
        _("statut"), max_length=10, choices=RseStatus.choices, default=RseStatus.DECLAREE
    )
    claimed = models.JSONField(_("critères déclarés"), default=list)
    validated = models.JSONField(_("critères validés"), default=list, blank=True)
    percentage = models.DecimalField(
        _("pourcentage validé"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(_("incitation"), null=True, blank=True, **MONEY)
    claimed_at = models.DateTimeField(_("remplie le"), default=timezone.now)
    claimed_by = _user_fk()
    decided_by = _user_fk()
    answer = models.TextField(_("observations"), blank=True)

    class Meta:
        verbose_name = _("incitation RSE")
        verbose_name_plural = _("incitations RSE")
        ordering = ["-claimed_at", "-pk"]
        indexes = [models.Index(fields=["status", "claimed_at"], name="aides_rse_queue_idx")]

    def __str__(self) -> str:
        return str(_("Grille RSE du dossier %(n)s") % {"n": self.dossier_id})
