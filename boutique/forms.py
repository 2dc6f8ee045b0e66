"""Forms of the shop: catalogue filters, cart quantities, checkout; staff forms of the admin."""

import re
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from boutique import rules
from boutique.models import Order, Title
from cnm_portal.dates import today
from cnm_portal.forms import DsfrFormMixin

_POSTAL_CODE = re.compile(r"\d{5}")


class CatalogueFilterForm(DsfrFormMixin, forms.Form):
    collection = forms.ChoiceField(
        label=_("Collection"),
        required=False,
        choices=[("", _("Toutes les collections")), *Title.Collection.choices],
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Tous les formats")), *Title.Kind.choices],
    )


class QuantityForm(DsfrFormMixin, forms.Form):
    """Add a title to the cart, or change its quantity there."""

    title = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    quantity = forms.IntegerField(
        label=_("Quantité"),
        min_value=1,
        max_value=rules.MAX_QUANTITY,
        error_messages={
            "required": _("Indiquez une quantité."),
            "invalid": _("La quantité doit être un nombre entier."),
            "min_value": _("Indiquez une quantité d'au moins 1."),
            "max_value": _("Au plus %(limit_value)s exemplaires par titre."),
        },
        widget=forms.NumberInput(attrs={"min": 1, "max": rules.MAX_QUANTITY}),
    )


class RemoveForm(forms.Form):
    title = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


def _postal_code(value: str) -> str:
    value = value.strip()
    if not _POSTAL_CODE.fullmatch(value):
        raise forms.ValidationError(_("Le code postal comporte 5 chiffres."))
    return value


class CheckoutForm(DsfrFormMixin, forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
    billing_structure = forms.ModelChoiceField(
        label=_("Structure facturée (facultatif)"),
        queryset=None,
        required=False,
        empty_label=_("À mon nom"),
        error_messages={"invalid_choice": _("Choisissez l'une de vos structures.")},
    )
    billing_name = forms.CharField(label=_("Nom ou raison sociale"), max_length=200)
    billing_address = forms.CharField(label=_("Adresse"), max_length=250)
    billing_postal_code = forms.CharField(label=_("Code postal"), max_length=10)
    billing_city = forms.CharField(label=_("Commune"), max_length=100)
    same_shipping = forms.BooleanField(
        label=_("Livrer à l'adresse de facturation"), required=False, initial=True
    )
    shipping_name = forms.CharField(label=_("Destinataire"), max_length=200, required=False)
    shipping_address = forms.CharField(
        label=_("Adresse de livraison"), max_length=250, required=False
    )
    shipping_postal_code = forms.CharField(
        label=_("Code postal de livraison"), max_length=10, required=False
    )
    shipping_city = forms.CharField(label=_("Commune de livraison"), max_length=100, required=False)
    payment_mode = forms.ChoiceField(
        label=_("Mode de paiement"),
        choices=Order.PaymentMode.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez un mode de paiement."),
            "invalid_choice": _("Choisissez un mode de paiement."),
        },
    )
    purchase_order_ref = forms.CharField(
        label=_("Numéro du bon de commande"),
        max_length=60,
        required=False,
        help_text=_("Obligatoire pour un paiement sur bon de commande administratif."),
    )

    def __init__(self, *args, structures, needs_shipping: bool, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.needs_shipping = needs_shipping
        self.fields["billing_structure"].queryset = structures
        if not needs_shipping:
            for name in (
                "same_shipping",
                "shipping_name",
                "shipping_address",
                "shipping_postal_code",
                "shipping_city",
            ):
                del self.fields[name]
        self.apply_dsfr()

    def clean_billing_postal_code(self):
        return _postal_code(self.cleaned_data["billing_postal_code"])

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = value.strip()
        for name in ("billing_name", "billing_address", "billing_city"):
            if name in data and not data[name]:
                self.add_error(name, _("Ce champ est obligatoire."))
        if data.get("payment_mode") == Order.PaymentMode.BON_DE_COMMANDE and not data.get(
            "purchase_order_ref"
        ):
            self.add_error("purchase_order_ref", _("Indiquez le numéro de votre bon de commande."))
        if self.needs_shipping and not data.get("same_shipping"):
            for name in ("shipping_name", "shipping_address", "shipping_city"):
                if not data.get(name):
                    self.add_error(name, _("Ce champ est obligatoire pour la livraison."))
            code = data.get("shipping_postal_code", "")
            if not _POSTAL_CODE.fullmatch(code or ""):
                self.add_error("shipping_postal_code", _("Le code postal comporte 5 chiffres."))
        return data

    def addresses(self):
        from boutique.services import Address

        data = self.cleaned_data
        billing = Address(
            data["billing_name"],
            data["billing_address"],
            data["billing_postal_code"],
            data["billing_city"],
        )
        if not self.needs_shipping:
            return billing, None
        if data.get("same_shipping"):
            return billing, billing
        return billing, Address(
            data["shipping_name"],
            data["shipping_address"],
            data["shipping_postal_code"],
            data["shipping_city"],
        )


# --- admin -------------------------------------------------------------------------------------


class MarkPaidForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Date du paiement"),
        initial=today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez la date du paiement."),
            "invalid": _("Date invalide (JJ/MM/AAAA)."),
        },
    )
    note = forms.CharField(
        label=_("Justificatif (relevé, mandat)"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : relevé du 01/12, virement reçu ; mandat n° 2026-145."),
    )


class ShipForm(forms.Form):
    tracking_number = forms.CharField(
        label=_("Numéro de suivi du colis"), max_length=60, required=False
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indiquez le motif de l'annulation.")},
    )


class TitleAdminForm(forms.ModelForm):
    """The digital file is checked by content (a PDF), never served from MEDIA_URL."""

    class Meta:
        model = Title
        fields = [
            "slug",
            "name",
            "kind",
            "collection",
            "author",
            "isbn",
            "description",
            "published_on",
            "pages",
            "price_ttc",
            "vat_rate",
            "stock",
            "file",
            "on_sale",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a plain file input: the admin's clearable one links the stored file under MEDIA_URL
        self.fields["file"].widget = forms.FileInput(attrs={"accept": "application/pdf,.pdf"})

    def clean_isbn(self):
        return rules.compact_isbn(self.cleaned_data["isbn"])

    def clean_file(self):
        from cnm_portal.uploads import validate_upload

        file = self.cleaned_data.get("file")
        if file and hasattr(file, "content_type"):  # a new upload
            validate_upload(file, allowed=("pdf",), max_bytes=100 * 1024 * 1024)
        return file
