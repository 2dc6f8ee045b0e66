"""Aid dossiers (RGA art. 2 to 43): commission sessions and envelopes (data, per round), the
dossier with its budget lines, other public aids and documents.

Programmes are code (``aides.programmes``): a dossier stores the article and the version of the
definition it is computed with.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from aides.workflow import DossierStatus
from cnm_portal.uploads import upload_to
from espace_pro.models import Structure

MONEY = {"max_digits": 14, "decimal_places": 2}


def programme_choices() -> list[tuple[str, str]]:
    """Every programme of the registry (callable: the catalogue is code, not a migration)."""
    from aides import programmes

    return [(p.article, f"{p.reference} — {p.title}") for p in programmes.all()]


class CommissionSession(models.Model):
    """A round of a programme: deposit window, commission date, members (art. 2 and 4)."""

    programme = models.CharField(
        _("programme"), max_length=20, choices=programme_choices, db_index=True
    )
    label = models.CharField(_("libellé"), max_length=200)
    commission_date = models.DateField(_("date de la commission"))
    deposit_opens_at = models.DateTimeField(_("ouverture des dépôts"), null=True, blank=True)
    deposit_deadline = models.DateTimeField(
        _("date limite de dépôt"), help_text=_("Heure de Paris. Les dépôts sont refusés après.")
    )
    min_analysis_days = models.PositiveSmallIntegerField(
        _("délai minimal d'analyse (jours)"), default=0
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="commission_sessions",
        verbose_name=_("membres de la commission"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("session de commission")
        verbose_name_plural = _("sessions de commission")
        ordering = ["-commission_date", "programme"]
        indexes = [
            models.Index(fields=["programme", "deposit_deadline"], name="aides_session_open_idx"),
            models.Index(fields=["commission_date"], name="aides_session_date_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.label} (art. {self.programme}, commission du {self.commission_date:%d/%m/%Y})"
        )

    @property
    def programme_definition(self):
        from aides import programmes

        return programmes.get(self.programme)

    def is_open(self, now=None) -> bool:
        from aides.rules import deposit_open

        now = now or timezone.now()
        if self.deposit_opens_at and now < self.deposit_opens_at:
            return False
        return deposit_open(deadline=self.deposit_deadline, now=now)

    @property
    def affiliation_request_by(self):
        from aides.rules import affiliation_request_by

        return affiliation_request_by(timezone.localdate(self.deposit_deadline))


class Envelope(models.Model):
    """The yearly budget envelope of a programme (art. 4: the commission's total is set
    against it)."""

    programme = models.CharField(_("programme"), max_length=20, choices=programme_choices)
    year = models.PositiveSmallIntegerField(_("année"))
    amount = models.DecimalField(_("montant de l'enveloppe"), **MONEY)

    class Meta:
        verbose_name = _("enveloppe budgétaire")
        verbose_name_plural = _("enveloppes budgétaires")
        ordering = ["-year", "programme"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="aides_one_envelope_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="aides_envelope_pos"),
        ]

    def __str__(self) -> str:
        return f"Art. {self.programme} — {self.year}"


def new_dossier_number() -> str:
    """``AID-<year>-<8 characters>``: unique, readable, not guessable from its neighbours."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return f"AID-{timezone.localdate().year}-" + "".join(secrets.choice(alphabet) for _ in range(8))


class Dossier(models.Model):
    """One application of a structure to one programme, for one session."""

    number = models.CharField(_("numéro"), max_length=20, unique=True, default=new_dossier_number)
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("structure")
    )
    programme = models.CharField(_("programme"), max_length=20, choices=programme_choices)
    programme_version = models.CharField(_("version du programme"), max_length=120)
    session = models.ForeignKey(
        CommissionSession,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("session"),
    )
    status = models.CharField(
        _("statut"), max_length=16, choices=DossierStatus.choices, default=DossierStatus.BROUILLON
    )
    status_before_suspension = models.CharField(
        _("statut avant suspension"), max_length=16, choices=DossierStatus.choices, blank=True
    )
    project_title = models.CharField(_("intitulé du projet"), max_length=255, blank=True)
    project_description = models.TextField(_("description du projet"), blank=True)
    # Step 1: who the CNM writes to about this dossier (prefilled from the structure).
    contact_name = models.CharField(_("nom et prénom du contact"), max_length=200, blank=True)
    contact_role = models.CharField(_("fonction"), max_length=120, blank=True)
    contact_email = models.EmailField(_("email du contact"), blank=True)
    contact_phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    address = models.CharField(_("adresse de correspondance"), max_length=255, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("commune"), max_length=120, blank=True)
    # The programme's figures as entered (strings), without the budget-derived ones.
    figures = models.JSONField(_("données saisies"), default=dict, blank=True)
    steps_done = models.JSONField(_("étapes enregistrées"), default=list, blank=True)
    # Optimistic concurrency: every write of the applicant's side checks and bumps it.
    lock_version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Step 7: attestation sur l'honneur and deposit.
    sworn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sworn_at = models.DateTimeField(_("attestation sur l'honneur le"), null=True, blank=True)
    deposited_at = models.DateTimeField(_("déposé le"), null=True, blank=True)
    deposited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Stored at deposit: what the instructor and the commission read.
    deposited_figures = models.JSONField(_("données au dépôt"), null=True, blank=True)
    computation = models.JSONField(_("calcul au dépôt"), null=True, blank=True)
    eligible = models.BooleanField(_("éligible au dépôt"), null=True, blank=True)
    montant_maximum = models.DecimalField(
        _("aide maximale calculée"), null=True, blank=True, **MONEY
    )
    montant_sollicite = models.DecimalField(_("aide sollicitée"), null=True, blank=True, **MONEY)
    recepisse = models.FileField(
        _("récépissé de dépôt"), upload_to=upload_to("aides/recepisses"), blank=True
    )
    # Instruction and decision (issue 10 writes them; deja_attribue_annee reads them now).
    montant_propose = models.DecimalField(
        _("montant proposé par l'instruction"), null=True, blank=True, **MONEY
    )
    montant_attribue = models.DecimalField(_("montant attribué"), null=True, blank=True, **MONEY)
    decided_on = models.DateField(_("date de la décision"), null=True, blank=True)
    bilan_due_on = models.DateField(_("bilan à remettre avant le"), null=True, blank=True)
    # Instruction (art. 3, aides.services.instruction writes them).
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("instructeur"),
    )
    missing_items_deadline = models.DateField(_("pièces demandées pour le"), null=True, blank=True)
    recommendation = models.TextField(_("avis de l'instruction"), blank=True)
    irrecevabilite_reason = models.TextField(_("motif d'irrecevabilité"), blank=True)

    class Meta:
        verbose_name = _("dossier de demande d'aide")
        verbose_name_plural = _("dossiers de demande d'aide")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["programme", "session", "status"], name="aides_dossier_queue_idx"),
            models.Index(fields=["status", "deposited_at"], name="aides_dossier_status_idx"),
            models.Index(fields=["structure", "-created_at"], name="aides_dossier_struct_idx"),
            models.Index(
                fields=["structure", "programme", "decided_on"], name="aides_dossier_year_idx"
            ),
            models.Index(fields=["bilan_due_on"], name="aides_dossier_bilan_idx"),
            # instruction queues: late incomplete ones, amount range, per instructor, session
            models.Index(
                fields=["status", "missing_items_deadline"], name="aides_dossier_late_idx"
            ),
            models.Index(fields=["montant_sollicite"], name="aides_dossier_amount_idx"),
            models.Index(fields=["instructor", "status"], name="aides_dossier_instr_idx"),
            models.Index(fields=["session", "status"], name="aides_dossier_session_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(montant_attribue__isnull=True)
                | models.Q(montant_attribue__gte=0),
                name="aides_attribue_positive",
            ),
        ]

    def __str__(self) -> str:
        title = self.project_title or _("sans intitulé")
        return f"{self.number} — {title}"

    @cached_property
    def programme_definition(self):
        """The definition this dossier is computed with (its stored version)."""
        from aides import programmes

        try:
            return programmes.get(self.programme, version=self.programme_version)
        except KeyError:
            return programmes.get(self.programme)

    @property
    def editable(self) -> bool:
        return self.status == DossierStatus.BROUILLON


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        DEPENSE = "depense", _("Dépense")
        RECETTE = "recette", _("Recette")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="budget_lines")
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices)
    # An expense category code of the programme (``ExpenseCategory.code``), "eligibles" for a
    # programme without categories, "autres" for expenses the programme does not retain.
    category = models.CharField(_("poste"), max_length=60, blank=True)
    label = models.CharField(_("libellé"), max_length=255)
    amount = models.DecimalField(_("montant HT"), **MONEY)

    class Meta:
        verbose_name = _("ligne de budget")
        verbose_name_plural = _("lignes de budget")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="aides_line_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.label}"


class OtherPublicAid(models.Model):
    """Art. 3: the other public aids requested or obtained for the project."""

    class Status(models.TextChoices):
        DEMANDEE = "demandee", _("Demandée")
        OBTENUE = "obtenue", _("Obtenue")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="other_aids")
    funder = models.CharField(_("financeur"), max_length=255)
    amount = models.DecimalField(_("montant"), **MONEY)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("autre aide publique")
        verbose_name_plural = _("autres aides publiques")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="aides_aid_positive")
        ]

    def __str__(self) -> str:
        return f"{self.funder} ({self.get_status_display()})"


class DossierDocument(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(_("pièce"), max_length=60)  # ``Document.code`` of the programme
    file = models.FileField(_("fichier"), upload_to=upload_to("aides/pieces"))
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pièce du dossier")
        verbose_name_plural = _("pièces du dossier")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def label(self) -> str:
        for document in self.dossier.programme_definition.documents:
            if document.code == self.code:
                return document.label
        return self.code


from aides.models_commission import Avis as Avis  # noqa: E402
from aides.models_commission import CommissionReview as CommissionReview  # noqa: E402
from aides.models_commission import ConflictOfInterest as ConflictOfInterest  # noqa: E402
from aides.models_commission import Contestation as Contestation  # noqa: E402
from aides.models_commission import Decision as Decision  # noqa: E402
from aides.models_commission import ReducedAmount as ReducedAmount  # noqa: E402
from aides.models_instruction import ChecklistItem as ChecklistItem  # noqa: E402
from aides.models_instruction import DossierExport as DossierExport  # noqa: E402
from aides.models_instruction import Instruction as Instruction  # noqa: E402
from aides.models_instruction import MissingItemsRequest as MissingItemsRequest  # noqa: E402
from aides.models_paiement import Bilan as Bilan  # noqa: E402
from aides.models_paiement import BilanDocument as BilanDocument  # noqa: E402
from aides.models_paiement import BilanExtension as BilanExtension  # noqa: E402
from aides.models_paiement import BilanLine as BilanLine  # noqa: E402
from aides.models_paiement import Remboursement as Remboursement  # noqa: E402
from aides.models_paiement import RemboursementInstallment as RemboursementInstallment  # noqa: E402
from aides.models_paiement import RemboursementPayment as RemboursementPayment  # noqa: E402
from aides.models_paiement import RseClaim as RseClaim  # noqa: E402
from aides.models_paiement import Versement as Versement  # noqa: E402
