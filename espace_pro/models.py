"""Structures, their members, access requests, activation codes and invitations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnm_portal.uploads import upload_to
from espace_pro.choices import DocumentType, LegalForm, Procedure
from espace_pro.workflow import AccessRequestStatus


class Address(models.Model):
    address = models.CharField(_("N° et nom de voie"), max_length=255)
    address_complement = models.CharField(
        _("Appartement, escalier, étage"), max_length=255, blank=True
    )
    postal_code = models.CharField(_("Code postal"), max_length=10)
    city = models.CharField(_("Commune"), max_length=120)
    country = models.CharField(_("Pays"), max_length=80, default="France")

    class Meta:
        abstract = True

    @property
    def address_lines(self) -> list[str]:
        lines = [self.address, self.address_complement, f"{self.postal_code} {self.city}"]
        if self.country and self.country.lower() != "france":
            lines.append(self.country)
        return [line for line in lines if line.strip()]


class Structure(Address):
    """An espace professionnel: a legal entity, or an author/composer (personne physique)."""

    # NULL until the structure has a primary key to derive it from (unique, so not "").
    numero_cnm = models.CharField(_("numéro CNM"), max_length=12, unique=True, null=True)  # noqa: DJ001
    legal_form = models.CharField(_("forme juridique"), max_length=32, choices=LegalForm.choices)
    name = models.CharField(_("raison sociale ou nom"), max_length=255)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, db_index=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, db_index=True)
    rna = models.CharField(_("RNA"), max_length=10, blank=True, db_index=True)
    nature_juridique = models.CharField(_("catégorie juridique INSEE"), max_length=4, blank=True)
    # Personne physique: civil identity as on the identity document (no stage name).
    last_name = models.CharField(_("nom de naissance ou d'usage"), max_length=150, blank=True)
    first_names = models.CharField(_("prénom(s)"), max_length=255, blank=True)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.numero_cnm})" if self.numero_cnm else self.name

    @property
    def is_personne_physique(self) -> bool:
        return self.legal_form == LegalForm.PERSONNE_PHYSIQUE


class Membership(models.Model):
    """A person's access to a structure's espace professionnel."""

    class Via(models.TextChoices):
        CODE = "code", _("Code d'activation")
        DEMANDE = "demande", _("Demande validée par le CNM")
        INVITATION = "invitation", _("Invitation d'un membre")
        CNM = "cnm", _("Ajout par le CNM")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("fonction dans la structure"), max_length=120)
    via = models.CharField(_("accès obtenu par"), max_length=16, choices=Via.choices)
    created_at = models.DateTimeField(_("depuis le"), default=timezone.now)

    class Meta:
        verbose_name = _("accès à un espace professionnel")
        verbose_name_plural = _("accès aux espaces professionnels")
        constraints = [
            models.UniqueConstraint(fields=["user", "structure"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.structure}"


class ActivationCode(models.Model):
    """The secret printed on the CNM's letters. Stored hashed, single use, with an expiry."""

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="activation_codes"
    )
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    letter = models.FileField(
        _("courrier"), upload_to=upload_to("espace_pro/courriers"), blank=True
    )

    class Meta:
        verbose_name = _("code d'activation")
        verbose_name_plural = _("codes d'activation")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure"],
                condition=Q(used_at__isnull=True, revoked_at__isnull=True),
                name="one_live_activation_code",
            )
        ]

    def __str__(self) -> str:
        return f"Code du {self.created_at:%d/%m/%Y} — {self.structure}"

    @property
    def is_live(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class DocumentCodeUse(models.Model):
    """A CNM document number (a tax notice's) used as activation code by one person: it works
    once per person (guide: « sur les documents taxes, le n° de document = code d'activation »).

    Only a keyed digest of the number is kept, never the number itself.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_code_uses"
    )
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="document_code_uses"
    )
    code_digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(_("utilisé le"), default=timezone.now)

    class Meta:
        verbose_name = _("numéro de document utilisé comme code")
        verbose_name_plural = _("numéros de documents utilisés comme codes")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "structure", "code_digest"], name="document_code_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.structure} ({self.used_at:%d/%m/%Y})"


class AccessRequest(Address):
    """A request to join a structure's espace professionnel, processed by CNM instructors."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_requests",
        verbose_name=_("demandeur"),
    )
    procedure = models.CharField(_("procédure"), max_length=20, choices=Procedure.choices)
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=AccessRequestStatus.choices,
        default=AccessRequestStatus.EN_ATTENTE,
    )
    structure = models.ForeignKey(
        Structure,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access_requests",
        verbose_name=_("structure"),
    )
    legal_form = models.CharField(_("forme juridique"), max_length=32, choices=LegalForm.choices)
    name = models.CharField(_("raison sociale ou nom"), max_length=255)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, db_index=True)
    rna = models.CharField(_("RNA"), max_length=10, blank=True, db_index=True)
    role = models.CharField(_("fonction dans la structure"), max_length=120, blank=True)
    registry_data = models.JSONField(_("données du répertoire"), null=True, blank=True)
    registry_checked_at = models.DateTimeField(_("répertoire consulté le"), null=True, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    first_names = models.CharField(_("prénom(s)"), max_length=255, blank=True)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    fiscal_residence_certified = models.BooleanField(
        _("certifie être résident fiscal en France"), default=False
    )
    fiscal_residence_year = models.PositiveSmallIntegerField(
        _("année de résidence fiscale certifiée"), null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("envoyée le"), default=timezone.now, db_index=True)
    due_date = models.DateField(_("à traiter avant le"), db_index=True)
    processed_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    processed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("traitée par"),
    )
    instructor_message = models.TextField(_("message de l'instructeur"), blank=True)

    class Meta:
        verbose_name = _("demande d'accès")
        verbose_name_plural = _("demandes d'accès")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="accessrequest_queue_idx"),
            models.Index(fields=["legal_form", "status"], name="accessrequest_form_idx"),
        ]

    def __str__(self) -> str:
        return f"Demande n° {self.pk} — {self.name}"

    @property
    def registry_missing(self) -> bool:
        return self.procedure in (Procedure.SIRET, Procedure.RNA) and not self.registry_data


class AccessRequestDocument(models.Model):
    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(
        _("type de justificatif"), max_length=32, choices=DocumentType.choices
    )
    file = models.FileField(_("fichier"), upload_to=upload_to("espace_pro/justificatifs"))
    original_name = models.CharField(_("nom du fichier déposé"), max_length=255)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)

    class Meta:
        verbose_name = _("justificatif")
        verbose_name_plural = _("justificatifs")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} — {self.original_name}"


class Invitation(models.Model):
    """A member opens access to another person by e-mail; the invitee accepts from their account."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email de la personne invitée"))
    role = models.CharField(_("fonction dans la structure"), max_length=120)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_pending_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation de {self.email} — {self.structure}"

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
