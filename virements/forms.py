"""The applicant's bank details form; the checks themselves live in ``rules`` and the service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cnm_portal.forms import DsfrFormMixin
from cnm_portal.uploads import DocumentFileField
from virements import rules


class BankAccountForm(DsfrFormMixin, forms.Form):
    holder = forms.CharField(
        label=_("Titulaire du compte"),
        max_length=rules.NAME_MAX,
        help_text=_("Tel qu'il figure sur le RIB : le nom de la structure ou de la personne."),
    )
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=50,
        help_text=_(
            "27 caractères pour un compte en France (FR76…), recopiés du RIB ; "
            "les espaces sont acceptés."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    bic = forms.CharField(
        label=_("BIC"),
        max_length=20,
        required=False,
        help_text=_(
            "8 ou 11 caractères, par exemple BNPAFRPP. Facultatif pour un compte en France : "
            "il est déduit de l'IBAN."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    rib = DocumentFileField(label=_("RIB (relevé d'identité bancaire)"))

    def clean_iban(self) -> str:
        message = rules.iban_error(self.cleaned_data["iban"])
        if message:
            raise forms.ValidationError(message)
        return rules.compact(self.cleaned_data["iban"])

    def clean(self):
        data = super().clean()
        if "iban" in data and "bic" in data:
            checked = rules.check_account(data["iban"], data["bic"])
            if "bic" in checked.errors:
                self.add_error("bic", checked.errors["bic"])
            else:
                data["bic"] = checked.bic
        return data


# --- accounting agent (admin) ---------------------------------------------------------------


class ExecutionDateForm(forms.Form):
    execution_date = forms.DateField(
        label=_("Date d'exécution demandée à la banque"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Un jour ouvré, aujourd'hui ou plus tard."),
    )


class PaidOnForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Date du débit sur le compte du CNM"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Lisez-la sur le relevé bancaire : tous les virements du lot sont payés."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
