"""Shared by the tax admins: CSV export, forms of the agents' actions."""

import csv

from django import forms
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from cnm_portal.money import MoneyField
from espace_pro.models import Structure
from taxe.choices import Category


def export_csv(modeladmin, request, queryset):
    """CSV export of the selected rows (the columns of the list)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{modeladmin.model._meta.model_name}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    fields = [f for f in modeladmin.list_display if f != "__str__"]
    writer.writerow(fields)
    for obj in queryset.iterator(chunk_size=2000):
        row = []
        for field in fields:
            value = getattr(obj, field, "")
            row.append(value() if callable(value) else value)
        writer.writerow(row)
    return response


export_csv.short_description = _("Exporter en CSV")


class RectificationForm(forms.Form):
    corrected_base = MoneyField(label=_("Base rectifiée HT"))
    motive = forms.CharField(
        label=_("Insuffisance, inexactitude ou omission constatée"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class TextForm(forms.Form):
    text = forms.CharField(
        label=_("Réponse motivée aux observations"), widget=forms.Textarea(attrs={"rows": 6})
    )


class MiseEnDemeureForm(forms.Form):
    structure = forms.ModelChoiceField(
        label=_("Redevable"),
        queryset=Structure.objects.all(),
        widget=forms.NumberInput,
        help_text=_("Identifiant de la structure (voir la liste des structures)."),
    )
    spectacle = forms.CharField(label=_("Spectacle"), max_length=255)
    representation_date = forms.DateField(
        label=_("Date de la représentation"), widget=forms.DateInput(attrs={"type": "date"})
    )
    venue = forms.CharField(label=_("Lieu"), max_length=255)
    city = forms.CharField(label=_("Commune"), max_length=120)
    category = forms.ChoiceField(label=_("Catégorie"), choices=Category.choices)


class DeclarationIdForm(forms.Form):
    declaration = forms.IntegerField(label=_("N° de la déclaration déposée"))


class ComparablesForm(forms.Form):
    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comparables"] = forms.MultipleChoiceField(
            label=_("Représentations comparables retenues (la base est leur médiane)"),
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
        )
