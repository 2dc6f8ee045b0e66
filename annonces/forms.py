import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from annonces import rules
from annonces.choices import ContractType, JobFamily, Region, Remote
from cnm_portal.forms import DsfrFormMixin

DATE = {"type": "date"}


class AdSearchForm(DsfrFormMixin, forms.Form):
    """The public list: words and three filters, all optional."""

    q = forms.CharField(label=_("Rechercher"), max_length=100, required=False)
    contract_type = forms.ChoiceField(
        label=_("Type de contrat"),
        choices=[("", _("Tous les contrats")), *ContractType.choices],
        required=False,
    )
    region = forms.ChoiceField(
        label=_("Région"), choices=[("", _("Toutes les régions")), *Region.choices], required=False
    )
    family = forms.ChoiceField(
        label=_("Famille de métiers"),
        choices=[("", _("Toutes les familles")), *JobFamily.choices],
        required=False,
    )


class AdForm(DsfrFormMixin, forms.Form):
    """« Publier une annonce » and its edit page."""

    title = forms.CharField(label=_("Intitulé du poste"), max_length=rules.TITLE_MAX)
    structure = forms.ChoiceField(label=_("Structure qui recrute"))
    contract_type = forms.ChoiceField(label=_("Type de contrat"), choices=ContractType.choices)
    family = forms.ChoiceField(label=_("Famille de métiers"), choices=JobFamily.choices)
    city = forms.CharField(label=_("Lieu (ville)"), max_length=100)
    region = forms.ChoiceField(label=_("Région"), choices=Region.choices)
    remote = forms.ChoiceField(label=_("Télétravail"), choices=Remote.choices)
    description = forms.CharField(
        label=_("Description du poste et du profil recherché"),
        max_length=rules.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    start_date = forms.DateField(
        label=_("Date de prise de poste"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text=_("Laissez vide pour « dès que possible »."),
    )
    closing_date = forms.DateField(
        label=_("Date de clôture des candidatures"),
        widget=forms.DateInput(attrs=DATE),
        help_text=_("L'annonce reste en ligne jusqu'à cette date incluse (%(n)s jours au plus).")
        % {"n": rules.MAX_OPEN_DAYS},
    )
    contact_name = forms.CharField(label=_("Nom du contact"), max_length=150)
    contact_email = forms.EmailField(label=_("E-mail de candidature"))
    contact_phone = forms.CharField(
        label=_("Téléphone (facultatif)"), max_length=30, required=False
    )
    application_url = forms.URLField(
        label=_("Lien pour candidater (facultatif)"), required=False, assume_scheme="https"
    )
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, structures, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.structures = {str(s.pk): s for s in structures}
        field = self.fields["structure"]
        if self.structures:
            field.choices = [("", _("Choisissez une structure"))] + [
                (pk, s.name) for pk, s in self.structures.items()
            ]
        else:
            # a person without a structure publishes « à titre personnel »
            field.choices = [("", _("À titre personnel"))]
            field.required = False
            field.help_text = _(
                "Votre compte n'est rattaché à aucune structure : l'annonce paraît à titre "
                "personnel, sous le nom du contact."
            )
        self.apply_dsfr()

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_description(self):
        return self.cleaned_data["description"].strip()

    def chosen_structure(self):
        return self.structures.get(self.cleaned_data.get("structure") or "")

    def ad_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("structure", "token")}

    @classmethod
    def initial_from(cls, ad) -> dict:
        from annonces.services import FIELDS

        initial = {name: getattr(ad, name) for name in FIELDS}
        initial["structure"] = str(ad.for_structure_id or "")
        return initial


# --- staff (admin) ----------------------------------------------------------------------------


class PublishForm(forms.Form):
    comment = forms.CharField(
        label=_("Message à l'auteur (facultatif, joint à l'e-mail de publication)"),
        required=False,
        widget=forms.Textarea,
    )


class ChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("Ce que l'auteur doit modifier (envoyé à l'auteur)"), widget=forms.Textarea
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Motif du refus (envoyé à l'auteur)"), widget=forms.Textarea)
