from django import forms
from django.utils.translation import gettext_lazy as _

from cnm_portal.forms import DsfrFormMixin
from cnm_portal.money import MoneyField
from taxe import rules
from taxe.choices import Category

VAT_CHOICES = [("", "—"), *((str(rate), rules.vat_rate_label(rate)) for rate in rules.VAT_RATES)]


class DeclarationForm(DsfrFormMixin, forms.Form):
    spectacle = forms.CharField(label=_("Titre du spectacle"), max_length=255)


class RepresentationForm(DsfrFormMixin, forms.Form):
    date = forms.DateField(
        label=_("Date de la représentation"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    venue = forms.CharField(label=_("Lieu"), max_length=255)
    city = forms.CharField(label=_("Commune"), max_length=120)
    category = forms.ChoiceField(
        label=_("Catégorie (décret n° 2004-117, article 1er)"),
        choices=[("", "—"), *Category.choices],
    )
    astp_theatre = forms.BooleanField(
        label=_("Représentation dans un théâtre adhérent de l'ASTP"), required=False
    )
    educational = forms.BooleanField(
        label=_(
            "Séance éducative d'un établissement sous tutelle ou sous contrat avec l'État (exonérée)"
        ),
        required=False,
    )
    ticketing = forms.ChoiceField(
        label=_("Recettes"),
        choices=[
            ("oui", _("Avec billetterie : recettes de billetterie")),
            ("non", _("Sans billetterie : prix de cession du droit d'exploitation")),
        ],
        widget=forms.RadioSelect,
        initial="oui",
    )
    base_ht = MoneyField(label=_("Montant HT (€)"), required=False)
    amount_ttc = MoneyField(label=_("ou montant TTC (€)"), required=False)
    vat_rate = forms.ChoiceField(
        label=_("avec le taux de TVA"), choices=VAT_CHOICES, required=False
    )


class CsvImportForm(DsfrFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV des représentations"),
        help_text=_(
            "Colonnes : date;lieu;commune;categorie;theatre_astp;seance_educative;billetterie;montant_ht;montant_ttc;taux_tva"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Le fichier CSV ne doit pas dépasser 2 Mo."))
        return upload


class SharesForm(DsfrFormMixin, forms.Form):
    """Up to five parties: numéro CNM and share in percent (RGA art. 46)."""

    ROWS = 5

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(self.ROWS):
            self.fields[f"numero_{i}"] = forms.CharField(
                label=_("Numéro CNM de la partie %(n)s") % {"n": i + 1},
                required=False,
                max_length=12,
            )
            self.fields[f"share_{i}"] = forms.DecimalField(
                label=_("Part (%%) de la partie %(n)s") % {"n": i + 1},
                required=False,
                max_digits=5,
                decimal_places=2,
                min_value=0,
            )
        self.apply_dsfr()

    def rows(self) -> list[tuple[str, object]]:
        return [
            (self.cleaned_data[f"numero_{i}"].strip().upper(), self.cleaned_data[f"share_{i}"])
            for i in range(self.ROWS)
            if self.cleaned_data.get(f"numero_{i}")
            or self.cleaned_data.get(f"share_{i}") is not None
        ]


class BankStatementForm(forms.Form):
    file = forms.FileField(label=_("Relevé bancaire (CSV : date;montant;libelle;identifiant)"))


class PaymentForm(forms.Form):
    amount = MoneyField(label=_("Montant"))
    paid_on = forms.DateField(
        label=_("Date du paiement"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reference = forms.CharField(label=_("Référence"), max_length=140)


class ReceiptForm(forms.Form):
    received_on = forms.DateField(
        label=_("Date de réception de la lettre (accusé de réception)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class HoldForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'examen"), widget=forms.Textarea(attrs={"rows": 4}))
