from django import forms
from django.utils.translation import gettext_lazy as _

from cnm_portal.forms import DsfrFormMixin
from cnm_portal.money import MoneyField
from cnm_portal.uploads import DocumentFileField
from compte_entrepreneur.models import Drawing, Transfer


class DrawingForm(DsfrFormMixin, forms.Form):
    amount = MoneyField(label=_("Montant demandé (€)"))
    use = forms.ChoiceField(
        label=_("Utilisation des sommes"), choices=Drawing.Use.choices, widget=forms.RadioSelect
    )
    project = forms.CharField(
        label=_("Projet financé"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Spectacles concernés, dates, lieux, budget."),
    )
    commitment = forms.BooleanField(
        label=_(
            "Je m'engage à poursuivre l'activité de création, de production ou de diffusion de "
            "spectacles de musique et de variétés de la structure au cours des 24 mois qui "
            "suivent la demande (article 48 du RGA)."
        ),
        required=False,
    )
    document = DocumentFileField(label=_("Justificatif (budget, contrats…)"))
    other_document = DocumentFileField(label=_("Autre justificatif (facultatif)"), required=False)
    token = forms.UUIDField(widget=forms.HiddenInput)

    def documents(self) -> list:
        return [
            f
            for f in (self.cleaned_data.get("document"), self.cleaned_data.get("other_document"))
            if f
        ]


class RegulariseForm(DsfrFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Votre réponse"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    document = DocumentFileField(label=_("Justificatif (facultatif)"), required=False)


# --- staff forms (admin) ----------------------------------------------------------------------


class RegularisationForm(forms.Form):
    message = forms.CharField(label=_("Ce qui est à régulariser"), widget=forms.Textarea)
    until = forms.DateField(
        label=_("À régulariser au plus tard le"), widget=forms.DateInput(attrs={"type": "date"})
    )


class RefusalForm(forms.Form):
    reasons = forms.CharField(label=_("Motifs du refus"), widget=forms.Textarea)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'annulation"), widget=forms.Textarea)


class TransferForm(forms.ModelForm):
    justified = forms.BooleanField(
        label=_("L'existence du transfert d'activité est justifiée (pièces vérifiées)"),
        required=False,
    )

    class Meta:
        model = Transfer
        fields = [
            "kind",
            "from_structure",
            "to_structure",
            "effective_on",
            "certain_on",
            "mentions_rights",
            "notified_on",
            "deed",
            "justified",
        ]
        widgets = {
            "effective_on": forms.DateInput(attrs={"type": "date"}),
            "certain_on": forms.DateInput(attrs={"type": "date"}),
            "notified_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            c for c in Transfer.Kind.choices if not c[0].startswith("gerance")
        ]
        self.fields["effective_on"].required = False
        self.fields["deed"] = DocumentFileField(label=_("Acte de transfert"), required=False)

    def _post_clean(self):
        """The service checks art. 47; the form does not build an instance."""


class GeranceEndForm(forms.Form):
    end_on = forms.DateField(
        label=_("Fin d'effet du contrat"), widget=forms.DateInput(attrs={"type": "date"})
    )
