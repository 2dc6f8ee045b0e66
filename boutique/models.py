"""The catalogue of the Éditions du CNM, the buyer's cart, orders and their invoices."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from boutique import rules
from boutique.workflow import OrderStatus
from cnm_portal.uploads import upload_to


def _validate_isbn(value: str) -> None:
    error = rules.isbn13_error(value)
    if error:
        raise ValidationError(error)


class Title(models.Model):
    class Kind(models.TextChoices):
        PRINT = "imprime", _("Imprimé")
        DIGITAL = "numerique", _("Numérique")

    class Collection(models.TextChoices):
        GUIDES = "guides", _("Guides métiers")
        MONOGRAPHIES = "monographies", _("Monographies")

    slug = models.SlugField(_("adresse"), max_length=120, unique=True)
    name = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("format"), max_length=10, choices=Kind.choices, db_index=True)
    collection = models.CharField(
        _("collection"), max_length=15, choices=Collection.choices, db_index=True
    )
    author = models.CharField(_("auteur(s)"), max_length=200)
    isbn = models.CharField(
        _("ISBN-13"),
        max_length=13,
        unique=True,
        validators=[_validate_isbn],
        help_text=_("13 chiffres, sans tirets."),
    )
    description = models.TextField(_("présentation"))
    published_on = models.DateField(_("parution"))
    pages = models.PositiveIntegerField(_("nombre de pages"), null=True, blank=True)
    price_ttc = models.DecimalField(
        _("prix TTC"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), _("Le prix doit être positif."))],
    )
    vat_rate = models.DecimalField(
        _("taux de TVA"),
        max_digits=5,
        decimal_places=4,
        default=rules.BOOK_VAT_RATE,
        help_text=_("0,0550 pour 5,5 % (livres imprimés et numériques)."),
    )
    stock = models.PositiveIntegerField(
        _("stock"), default=0, help_text=_("Exemplaires disponibles (titres imprimés).")
    )
    file = models.FileField(
        _("fichier numérique (PDF)"),
        upload_to=upload_to("boutique/numerique"),
        blank=True,
        help_text=_("Privé : téléchargeable par les acheteurs seulement, après paiement."),
    )
    on_sale = models.BooleanField(_("en vente"), default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("titre")
        verbose_name_plural = _("titres")
        ordering = ["-published_on", "pk"]
        indexes = [models.Index(fields=["on_sale", "-published_on"], name="boutique_title_sale")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("boutique:title", kwargs={"slug": self.slug})

    @property
    def is_print(self) -> bool:
        return self.kind == self.Kind.PRINT

    @property
    def available_stock(self) -> int | None:
        """The limit on the quantity (None: a digital title has no stock)."""
        return self.stock if self.is_print else None

    def clean(self) -> None:
        if self.kind == self.Kind.DIGITAL and not self.file:
            raise ValidationError({"file": _("Un titre numérique a besoin de son fichier PDF.")})


class Cart(models.Model):
    """One cart per person: it follows them from one device to another."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("panier")

    def __str__(self) -> str:
        return f"Panier {self.user_id}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(_("quantité"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cart", "title"], name="boutique_cartline_unique")
        ]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.title_id}"


class Order(models.Model):
    class PaymentMode(models.TextChoices):
        VIREMENT = "virement", _("Virement bancaire")
        BON_DE_COMMANDE = "bon_de_commande", _("Bon de commande administratif")

    reference = models.CharField(_("référence"), max_length=12, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="boutique_orders",
        verbose_name=_("acheteur"),
    )
    # Named so that it is not "the structure" of the order: the buyer alone sees the order.
    billing_structure = models.ForeignKey(
        "espace_pro.Structure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("structure facturée"),
    )
    billing_name = models.CharField(_("nom ou raison sociale"), max_length=200)
    billing_address = models.CharField(_("adresse"), max_length=250)
    billing_postal_code = models.CharField(_("code postal"), max_length=10)
    billing_city = models.CharField(_("commune"), max_length=100)
    shipping_name = models.CharField(_("destinataire"), max_length=200, blank=True)
    shipping_address = models.CharField(_("adresse de livraison"), max_length=250, blank=True)
    shipping_postal_code = models.CharField(
        _("code postal de livraison"), max_length=10, blank=True
    )
    shipping_city = models.CharField(_("commune de livraison"), max_length=100, blank=True)
    payment_mode = models.CharField(
        _("mode de paiement"), max_length=20, choices=PaymentMode.choices
    )
    purchase_order_ref = models.CharField(_("numéro du bon de commande"), max_length=60, blank=True)
    has_print = models.BooleanField(_("contient des imprimés"), default=False)
    total_ht = models.DecimalField(_("total HT"), max_digits=14, decimal_places=2)
    total_tva = models.DecimalField(_("TVA"), max_digits=14, decimal_places=2)
    total_ttc = models.DecimalField(_("total TTC"), max_digits=14, decimal_places=2)
    status = models.CharField(
        _("statut"),
        max_length=12,
        choices=OrderStatus.choices,
        default=OrderStatus.EN_ATTENTE,
        db_index=True,
    )
    token = models.UUIDField(unique=True, editable=False)
    created_at = models.DateTimeField(_("passée le"), auto_now_add=True, db_index=True)
    paid_on = models.DateField(_("payée le"), null=True, blank=True)
    payment_note = models.CharField(_("justificatif de paiement"), max_length=200, blank=True)
    shipped_at = models.DateTimeField(_("expédiée le"), null=True, blank=True)
    tracking_number = models.CharField(_("numéro de suivi"), max_length=60, blank=True)
    cancel_reason = models.CharField(_("motif d'annulation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("commande")
        verbose_name_plural = _("commandes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="boutique_order_user")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(payment_mode="bon_de_commande") | ~Q(purchase_order_ref=""),
                name="boutique_order_po_ref",
            )
        ]

    def __str__(self) -> str:
        return _("Commande %(ref)s") % {"ref": self.reference}

    @property
    def is_paid(self) -> bool:
        from boutique.workflow import PAID_STATUSES

        return self.status in PAID_STATUSES

    def billing_lines(self) -> list[str]:
        return [
            self.billing_name,
            self.billing_address,
            f"{self.billing_postal_code} {self.billing_city}",
        ]

    def shipping_lines(self) -> list[str]:
        if not self.has_print:
            return []
        return [
            self.shipping_name,
            self.shipping_address,
            f"{self.shipping_postal_code} {self.shipping_city}",
        ]


class OrderLine(models.Model):
    """A line frozen at order time: the title may change price or leave the catalogue later."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    title = models.ForeignKey(
        Title,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vide pour les frais de port."),
    )
    label = models.CharField(_("désignation"), max_length=250)
    kind = models.CharField(_("format"), max_length=10, choices=Title.Kind.choices, blank=True)
    quantity = models.PositiveIntegerField(_("quantité"))
    unit_price_ttc = models.DecimalField(_("prix unitaire TTC"), max_digits=14, decimal_places=2)
    vat_rate = models.DecimalField(_("taux de TVA"), max_digits=5, decimal_places=4)
    amount_ht = models.DecimalField(_("montant HT"), max_digits=14, decimal_places=2)
    amount_tva = models.DecimalField(_("TVA"), max_digits=14, decimal_places=2)
    amount_ttc = models.DecimalField(_("montant TTC"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("ligne de commande")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.label}"

    @property
    def is_digital(self) -> bool:
        return self.kind == Title.Kind.DIGITAL


class InvoiceCounter(models.Model):
    """The last invoice number of a year, locked while the next one is drawn (no gap)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year} : {self.last}"


class Invoice(models.Model):
    """Issued when the payment is recorded (see docs: decisions), never changed afterwards."""

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="invoice")
    number = models.CharField(_("numéro"), max_length=20, unique=True)
    year = models.PositiveIntegerField(_("année"))
    sequence = models.PositiveIntegerField(_("rang"))
    issued_on = models.DateField(_("émise le"))
    total_ht = models.DecimalField(_("total HT"), max_digits=14, decimal_places=2)
    total_tva = models.DecimalField(_("TVA"), max_digits=14, decimal_places=2)
    total_ttc = models.DecimalField(_("total TTC"), max_digits=14, decimal_places=2)
    pdf = models.FileField(_("PDF"), upload_to=upload_to("boutique/factures"), blank=True)

    class Meta:
        verbose_name = _("facture")
        verbose_name_plural = _("factures")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="boutique_invoice_seq")
        ]

    def __str__(self) -> str:
        return self.number
