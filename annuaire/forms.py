"""Forms of the directory: the public search, the entry form, the staff's messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from annuaire import rules
from annuaire.choices import ActivityCode, region_choices
from annuaire.services import EntryData
from cnm_portal.forms import DsfrFormMixin


class SearchForm(DsfrFormMixin, forms.Form):
    q = forms.CharField(label=_("Nom"), required=False, max_length=100)
    activite = forms.ChoiceField(
        label=_("Activité"),
        required=False,
        choices=[("", _("Toutes les activités")), *ActivityCode.choices],
    )
    region = forms.ChoiceField(
        label=_("Région"),
        required=False,
        choices=[("", _("Toutes les régions")), *region_choices()],
    )

    def filters(self) -> dict:
        data = self.cleaned_data
        return {"q": data["q"], "activity": data["activite"], "region": data["region"]}


class EntryForm(DsfrFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Nom public"),
        max_length=rules.NAME_MAX,
        help_text=_("Le nom sous lequel la structure ou la personne apparaît dans l'annuaire."),
    )
    activities = forms.MultipleChoiceField(
        label=_("Activités"),
        choices=ActivityCode.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De une à %(n)s activités.") % {"n": rules.ACTIVITIES_MAX},
        error_messages={"required": _("Choisissez au moins une activité.")},
    )
    region = forms.ChoiceField(
        label=_("Région"),
        required=False,
        choices=[("", _("Choisir une région")), *region_choices()],
    )
    city = forms.CharField(label=_("Commune"), required=False, max_length=rules.CITY_MAX)
    presentation = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=rules.PRESENTATION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Quelques lignes, %(n)s caractères au plus.") % {"n": rules.PRESENTATION_MAX},
    )
    email = forms.EmailField(
        label=_("E-mail public"),
        required=False,
        help_text=_("Facultatif : publié seulement si vous le renseignez."),
    )
    phone = forms.CharField(
        label=_("Téléphone public"),
        required=False,
        max_length=20,
        help_text=_("Facultatif : publié seulement si vous le renseignez."),
    )
    website = forms.URLField(
        label=_("Site internet"),
        required=False,
        assume_scheme="https",
        help_text=_("Facultatif, par exemple https://www.exemple.fr"),
    )

    def clean(self):
        data = super().clean()
        errors = rules.field_errors(
            name=data.get("name", ""),
            activities=data.get("activities") or [],
            city=data.get("city", ""),
            presentation=data.get("presentation", ""),
            phone=data.get("phone", ""),
        )
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

    def entry_data(self) -> EntryData:
        data = self.cleaned_data
        return EntryData(
            name=data["name"],
            activities=list(data["activities"]),
            region=data["region"],
            city=data["city"],
            email=data["email"],
            phone=data["phone"],
            website=data["website"],
            presentation=data["presentation"],
        )

    @staticmethod
    def initial_of(entry) -> dict:
        return {
            "name": entry.name,
            "activities": [activity.code for activity in entry.activity_rows.all()],
            "region": entry.region,
            "city": entry.city,
            "email": entry.email,
            "phone": entry.phone,
            "website": entry.website,
            "presentation": entry.presentation,
        }


class CommentForm(DsfrFormMixin, forms.Form):
    """The staff's message to the member (required: a correction or a refusal says why)."""

    comment = forms.CharField(
        label=_("Message au membre"),
        max_length=rules.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PublishForm(DsfrFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Message au membre (facultatif)"),
        required=False,
        max_length=rules.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
