"""The compte-entrepreneur (RGA art. 44-48): an append-only ledger with its generations of
rights, the tax allocation behind each credit, drawing requests and transfers."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnm_portal.uploads import upload_to
from compte_entrepreneur.workflow import DrawingStatus, TransferStatus
from espace_pro.models import Structure

MONEY = {"max_digits": 14, "decimal_places": 2}


class AppendOnlyError(Exception):
    """A ledger row is never edited or deleted: a correction is a new entry."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("ledger rows are never updated")

    def delete(self):
        raise AppendOnlyError("ledger rows are never deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("ledger rows are never updated")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("ledger rows are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("ledger rows are never deleted")


class Compte(models.Model):
    """Art. 44: one nominative account per redevable that paid the tax. ``balance`` is stored,
    changed only with an entry, under this row's lock."""

    structure = models.OneToOneField(
        Structure,
        on_delete=models.PROTECT,
        related_name="compte_entrepreneur",
        verbose_name=_("titulaire"),
    )
    balance = models.DecimalField(_("solde"), default=0, **MONEY)
    opened_at = models.DateTimeField(_("ouvert le"), default=timezone.now)

    class Meta:
        verbose_name = _("compte-entrepreneur")
        verbose_name_plural = _("comptes-entrepreneurs")
        ordering = ["structure__name"]
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="compte_balance_not_negative")
        ]

    def __str__(self) -> str:
        return f"Compte-entrepreneur de {self.structure}"


class Generation(models.Model):
    """Art. 48: the rights formed by one credit (or moved in by a transfer, keeping their
    dates), usable until ``valid_until``; ``remaining`` changes only with a ledger movement."""

    compte = models.ForeignKey(Compte, on_delete=models.PROTECT, related_name="generations")
    amount = models.DecimalField(_("montant initial"), **MONEY)
    remaining = models.DecimalField(_("reste disponible"), **MONEY)
    notified_on = models.DateField(_("notifiée le"))
    valid_until = models.DateField(_("mobilisable jusqu'au"))
    payment = models.ForeignKey(
        "taxe.Payment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    origin = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moved_to",
        verbose_name=_("génération d'origine (transfert)"),
    )
    notice_pdf = models.FileField(
        _("notification (PDF)"),
        upload_to=upload_to("compte-entrepreneur/notifications"),
        blank=True,
    )
    warning_sent_on = models.DateField(_("avertissement envoyé le"), null=True, blank=True)
    expired_on = models.DateField(_("reste annulé le"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("génération de droits")
        verbose_name_plural = _("générations de droits")
        ordering = ["valid_until", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(remaining__gte=0) & Q(remaining__lte=F("amount")),
                name="generation_remaining_in_range",
            )
        ]
        indexes = [
            models.Index(fields=["compte", "valid_until"], name="generation_compte_idx"),
            models.Index(
                fields=["valid_until"], name="generation_live_idx", condition=Q(remaining__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"Génération du {self.notified_on:%d/%m/%Y} ({self.amount} €)"


class Drawing(models.Model):
    """Art. 48: a request to draw on the account (droit de tirage)."""

    class Use(models.TextChoices):
        CREATION = "creation", _("Création de spectacles")
        PRODUCTION = "production", _("Production de spectacles")
        DIFFUSION = "diffusion", _("Diffusion de spectacles")

    compte = models.ForeignKey(Compte, on_delete=models.PROTECT, related_name="drawings")
    amount = models.DecimalField(_("montant demandé"), **MONEY)
    use = models.CharField(_("utilisation"), max_length=16, choices=Use.choices)
    project = models.TextField(_("projet"))
    commitment = models.BooleanField(
        _("engagement de poursuite d'activité sur 24 mois"), default=False
    )
    status = models.CharField(
        _("statut"), max_length=16, choices=DrawingStatus.choices, default=DrawingStatus.DEPOSEE
    )
    submission_token = models.UUIDField(unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    regularisation_request = models.TextField(_("régularisation demandée"), blank=True)
    regularisation_until = models.DateField(_("à régulariser avant le"), null=True, blank=True)
    regularisation_answer = models.TextField(_("réponse de la structure"), blank=True)
    refusal_reasons = models.TextField(_("motifs du refus"), blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    paid_on = models.DateField(_("versée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("droit de tirage")
        verbose_name_plural = _("droits de tirage")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "requested_at"], name="drawing_queue_idx"),
            models.Index(fields=["compte", "status"], name="drawing_compte_idx"),
        ]

    def __str__(self) -> str:
        return f"Droit de tirage n° {self.pk} ({self.amount} €)"


class DrawingDocument(models.Model):
    drawing = models.ForeignKey(Drawing, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(_("justificatif"), upload_to=upload_to("compte-entrepreneur/tirages"))
    name = models.CharField(_("nom du fichier"), max_length=255)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("justificatif")
        verbose_name_plural = _("justificatifs")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class LocationGerance(models.Model):
    """Art. 47: a lease-management contract authorised by the ministry of Culture; its dates
    drive the two moves of the balance (owner → manager at the start, back at the end)."""

    owner = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="+", verbose_name=_("loueur du fonds")
    )
    manager = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="+", verbose_name=_("locataire-gérant")
    )
    start_on = models.DateField(_("prise d'effet"))
    end_on = models.DateField(_("fin d'effet"), null=True, blank=True)
    authorisation = models.CharField(_("autorisation du ministère de la Culture"), max_length=255)
    contract = models.FileField(
        _("contrat"), upload_to=upload_to("compte-entrepreneur/location-gerance")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("location-gérance")
        verbose_name_plural = _("locations-gérances")
        ordering = ["-start_on", "-pk"]

    def __str__(self) -> str:
        return f"Location-gérance {self.owner} → {self.manager} ({self.start_on:%d/%m/%Y})"


class Transfer(models.Model):
    """Art. 47: the balance and its generations move from one account to another, with effect
    at ``effective_on``."""

    class Kind(models.TextChoices):
        CESSION_FONDS = "cession_fonds", _("Mutation de propriété du fonds de commerce")
        BRANCHE = "branche", _("Mutation d'une branche complète d'activité")
        APPORT = "apport", _("Apport total ou partiel d'actif")
        FUSION = "fusion", _("Fusion absorption")
        GERANCE_DEBUT = "gerance_debut", _("Location-gérance : prise d'effet")
        GERANCE_FIN = "gerance_fin", _("Location-gérance : fin d'effet")

    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices)
    from_structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="+", verbose_name=_("cédant")
    )
    to_structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="+", verbose_name=_("bénéficiaire")
    )
    effective_on = models.DateField(_("date d'effet"))
    certain_on = models.DateField(_("date certaine de l'acte"), null=True, blank=True)
    mentions_rights = models.BooleanField(
        _("l'acte mentionne le transfert des droits"), default=False
    )
    notified_on = models.DateField(_("notifié au CNM le"), null=True, blank=True)
    deed = models.FileField(
        _("acte"), upload_to=upload_to("compte-entrepreneur/transferts"), blank=True
    )
    location_gerance = models.ForeignKey(
        LocationGerance, null=True, blank=True, on_delete=models.PROTECT, related_name="transfers"
    )
    status = models.CharField(
        _("statut"), max_length=16, choices=TransferStatus.choices, default=TransferStatus.PREVU
    )
    amount = models.DecimalField(_("montant transféré"), null=True, blank=True, **MONEY)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("transfert")
        verbose_name_plural = _("transferts")
        ordering = ["-effective_on", "-pk"]
        indexes = [models.Index(fields=["status", "effective_on"], name="transfer_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_structure=F("to_structure")), name="transfer_two_structures"
            ),
            models.UniqueConstraint(
                fields=["location_gerance", "kind"],
                condition=Q(location_gerance__isnull=False),
                name="one_move_per_gerance_end",
            ),
        ]

    def __str__(self) -> str:
        return f"Transfert n° {self.pk} : {self.from_structure} → {self.to_structure}"


class TaxAllocation(AppendOnlyModel):
    """Art. 45: the auxiliary accounting of one tax payment: what counted as tax, the 65 %
    credited, the 35 % support-programme share, and what is not credited (taxation d'office,
    majorations, overpayment)."""

    payment = models.OneToOneField(
        "taxe.Payment", on_delete=models.PROTECT, related_name="compte_allocation"
    )
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="+", verbose_name=_("redevable")
    )
    year = models.PositiveSmallIntegerField(_("année de perception"))
    amount = models.DecimalField(_("montant payé"), **MONEY)
    eligible = models.DecimalField(_("taxe retenue"), **MONEY)
    credited = models.DecimalField(_("65 % crédités"), **MONEY)
    support = models.DecimalField(_("35 % programmes de soutien"), **MONEY)
    excluded = models.DecimalField(_("non crédité (office, majorations, trop-perçu)"), **MONEY)
    taxation_office = models.BooleanField(_("taxation d'office"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("répartition d'un paiement de taxe")
        verbose_name_plural = _("répartitions des paiements de taxe")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["year"], name="allocation_year_idx")]
        # eligible = credited + support and amount = eligible + excluded: checked by
        # reconcile_comptes (SQLite compares decimal sums inexactly in a CHECK)

    def __str__(self) -> str:
        return f"Répartition du paiement n° {self.payment_id}"


class Entry(AppendOnlyModel):
    """One movement of the ledger, never edited nor deleted; ``source`` is unique, so the same
    payment, drawing, expiry or transfer can never be entered twice."""

    class Kind(models.TextChoices):
        CREDIT = "credit", _("Crédit : 65 % de la taxe payée")
        DRAWING = "tirage", _("Droit de tirage")
        DRAWING_CANCELLED = "tirage_annule", _("Paiement d'un droit de tirage annulé")
        EXPIRY = "peremption", _("Annulation de droits périmés")
        TRANSFER_OUT = "transfert_sortant", _("Transfert vers un autre compte")
        TRANSFER_IN = "transfert_entrant", _("Transfert reçu")

    compte = models.ForeignKey(Compte, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("montant"), **MONEY)
    balance_after = models.DecimalField(_("solde après"), **MONEY)
    source = models.CharField(_("origine"), max_length=64, unique=True)
    label = models.CharField(_("libellé"), max_length=255)
    effective_on = models.DateField(_("date d'effet"))
    payment = models.ForeignKey(
        "taxe.Payment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    drawing = models.ForeignKey(
        Drawing, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    transfer = models.ForeignKey(
        Transfer, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    generation = models.ForeignKey(
        Generation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now)

    class Meta:
        verbose_name = _("écriture")
        verbose_name_plural = _("écritures")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["compte", "-id"], name="entry_history_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="entry_not_zero"),
            models.CheckConstraint(condition=Q(balance_after__gte=0), name="entry_balance_ok"),
        ]

    def __str__(self) -> str:
        return f"{self.label} : {self.amount} €"


class GenerationMovement(AppendOnlyModel):
    """The part of an entry on one generation (a drawing can use several, oldest first)."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="movements")
    generation = models.ForeignKey(Generation, on_delete=models.PROTECT, related_name="movements")
    amount = models.DecimalField(_("montant"), **MONEY)
    on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("mouvement sur une génération")
        verbose_name_plural = _("mouvements sur les générations")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "generation"], name="one_move_per_generation")
        ]

    def __str__(self) -> str:
        return f"{self.amount} € sur {self.generation}"
