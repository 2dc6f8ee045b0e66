"""Applicant forms of the payment side: the bilan, the extension request, the RSE grid."""

from django import forms
from django.utils.translation import gettext_lazy as _

from aides import rse
from aides.services.computation import budget_categories
from cnm_portal.forms import DsfrFormMixin
from cnm_portal.money import MoneyField
from cnm_portal.uploads import DocumentFileField


class BilanForm(DsfrFormMixin, forms.Form):
    """Actual expenses by the programme's categories, actual revenues, documents."""

    def __init__(self, *args, dossier, rse_claimed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = budget_categories(dossier.programme_definition)
        for category in self.categories:
            self.fields[f"depense_{category.code}"] = MoneyField(
                label=_("Dépenses réalisées — %(c)s (HT)") % {"c": category.label},
                required=False,
                min_value=0,
            )
        self.fields["revenues"] = MoneyField(
            label=_("Recettes réalisées (HT)"), required=False, min_value=0
        )
        self.fields["comment"] = forms.CharField(
            label=_("Commentaire sur la réalisation du projet"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        self.fields["documents"] = DocumentFileField(
            label=_("Justificatifs des dépenses (état récapitulatif, factures, en un fichier)")
        )
        self.fields["rse_documents"] = DocumentFileField(
            label=_("Justificatifs de la grille RSE (article 11)"), required=rse_claimed
        )
        if not rse_claimed:
            del self.fields["rse_documents"]
        self.apply_dsfr()

    def expenses(self):
        return {c.code: self.cleaned_data.get(f"depense_{c.code}") for c in self.categories}


class ExtensionForm(DsfrFormMixin, forms.Form):
    requested_until = forms.DateField(
        label=_("Nouvelle date de remise souhaitée"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Motifs du retard"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Article 6 : l'événement qui vous empêche de remettre les pièces à temps."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_dsfr()


class RseGridForm(DsfrFormMixin, forms.Form):
    codes = forms.MultipleChoiceField(
        label=_("Critères remplis par le projet"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, article: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["codes"].choices = [
            (c.code, f"{c.label} ({c.points} point{'s' if c.points > 1 else ''})")
            for c in rse.grid_for(article)
        ]
        self.apply_dsfr()
