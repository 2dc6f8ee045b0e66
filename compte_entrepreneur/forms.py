from django import forms
from django.utils.translation import gettext_lazy as _

from cnm_portal.forms import DsfrFormMixin
from cnm_portal.money import MoneyField
from cnm_portal.uploads import DocumentFileField
from compte_entrepreneur.models import Drawing, Transfer
from espace_pro.models import Structure


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


class StructureByNumeroField(forms.CharField):
    """A structure typed by its numéro CNM (a select of every structure would not scale)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        structure = Structure.objects.filter(numero_cnm=value.strip().upper()).first()
        if structure is None:
            raise forms.ValidationError(_("Aucune structure n'a ce numéro CNM."))
        return structure


DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


class TransferForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Nature du transfert"),
        choices=[c for c in Transfer.Kind.choices if not c[0].startswith("gerance")],
    )
    from_structure = StructureByNumeroField(label=_("Cédant (numéro CNM)"))
    to_structure = StructureByNumeroField(label=_("Bénéficiaire (numéro CNM)"))
    effective_on = forms.DateField(label=_("Date du transfert définie dans l'acte"), **DATE)
    certain_on = forms.DateField(label=_("Date certaine de l'acte"), required=False, **DATE)
    mentions_rights = forms.BooleanField(
        label=_("L'acte mentionne expressément le transfert des droits acquis auprès du CNM"),
        required=False,
    )
    notified_on = forms.DateField(label=_("Acte notifié au CNM le"), required=False, **DATE)
    deed = DocumentFileField(label=_("Acte de transfert"), required=False)
    justified = forms.BooleanField(
        label=_("L'existence du transfert d'activité est justifiée (pièces vérifiées)"),
        required=False,
    )


class GeranceForm(forms.Form):
    owner = StructureByNumeroField(label=_("Loueur du fonds (numéro CNM)"))
    manager = StructureByNumeroField(label=_("Locataire-gérant (numéro CNM)"))
    start_on = forms.DateField(label=_("Prise d'effet du contrat"), **DATE)
    end_on = forms.DateField(label=_("Fin d'effet du contrat (si connue)"), required=False, **DATE)
    authorisation = forms.CharField(
        label=_("Autorisation du ministère de la Culture (référence)"), max_length=255
    )
    contract = DocumentFileField(label=_("Contrat de location-gérance"))


class GeranceEndForm(forms.Form):
    end_on = forms.DateField(
        label=_("Fin d'effet du contrat"), widget=forms.DateInput(attrs={"type": "date"})
    )
