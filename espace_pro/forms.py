import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cnm_portal.dates import today
from cnm_portal.forms import DsfrFormMixin
from cnm_portal.uploads import DocumentFileField
from espace_pro import rules
from espace_pro.choices import DocumentType, LegalForm

ROLE_HELP = _("Par exemple : gérant·e, président·e, administrateur·rice, chargé·e de production.")
MORAL_FORMS = [
    (value, label) for value, label in LegalForm.choices if value != LegalForm.PERSONNE_PHYSIQUE
]


class CodeSearchForm(DsfrFormMixin, forms.Form):
    numero_cnm = forms.CharField(label=_("Numéro CNM"), max_length=12)
    code = forms.CharField(
        label=_("Code d'activation"),
        max_length=32,
        help_text=_(
            "Sur les documents du service taxe, le n° de document est le code d'activation."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class CodeConfirmForm(DsfrFormMixin, forms.Form):
    numero_cnm = forms.CharField(widget=forms.HiddenInput, max_length=12)
    code = forms.CharField(widget=forms.HiddenInput, max_length=32)
    role = forms.CharField(
        label=_("Votre fonction dans la structure"), max_length=120, help_text=ROLE_HELP
    )


class SiretSearchForm(DsfrFormMixin, forms.Form):
    siret = forms.CharField(label=_("Siret"), max_length=20, help_text=_("14 chiffres"))

    def clean_siret(self) -> str:
        return rules.validate_siret(self.cleaned_data["siret"])


class RnaSearchForm(DsfrFormMixin, forms.Form):
    rna = forms.CharField(label=_("N° RNA"), max_length=12, help_text=_("W suivi de 9 caractères"))

    def clean_rna(self) -> str:
        return rules.validate_rna(self.cleaned_data["rna"])


class AddressFormMixin:
    def clean_postal_code(self) -> str:
        value = self.cleaned_data["postal_code"].strip()
        country = (self.data.get(self.add_prefix("country")) or "France").strip().lower()
        if country == "france" and not re.fullmatch(r"\d{5}", value):
            raise ValidationError(_("Le code postal doit comporter 5 chiffres."))
        return value


def _document_fields(form: forms.Form, legal_form: str) -> None:
    required, optional = rules.required_documents(legal_form)
    for doc_type in (*required, *optional):
        label = DocumentType(doc_type).label
        form.fields[f"doc_{doc_type}"] = DocumentFileField(
            label=label
            if doc_type in required
            else _("%(label)s — si applicable") % {"label": label},
            required=doc_type in required,
        )


class DocumentsMixin:
    def documents(self) -> list[tuple[str, object]]:
        return [
            (name.removeprefix("doc_"), value)
            for name, value in self.cleaned_data.items()
            if name.startswith("doc_") and value
        ]


class MoraleRequestForm(DsfrFormMixin, AddressFormMixin, DocumentsMixin, forms.Form):
    name = forms.CharField(label=_("Raison sociale"), max_length=255)
    address = forms.CharField(
        label=_("Adresse du siège social (n° et nom de voie)"),
        max_length=255,
        help_text=_(
            "Elle doit correspondre au justificatif fourni ; le nom de l'établissement doit figurer "
            "sur la boîte aux lettres : le courrier avec le code d'activation y sera envoyé."
        ),
    )
    address_complement = forms.CharField(
        label=_("Complément d'adresse"), max_length=255, required=False
    )
    postal_code = forms.CharField(label=_("Code postal"), max_length=10)
    city = forms.CharField(label=_("Commune"), max_length=120)
    role = forms.CharField(
        label=_("Votre fonction dans la structure"), max_length=120, help_text=ROLE_HELP
    )

    def __init__(self, *args, legal_form: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.legal_form = legal_form
        _document_fields(self, legal_form)
        self.apply_dsfr()


class LegalFormChoiceForm(DsfrFormMixin, forms.Form):
    forme = forms.ChoiceField(label=_("Forme juridique de l'établissement"), choices=MORAL_FORMS)


class PersonnePhysiqueForm(DsfrFormMixin, AddressFormMixin, DocumentsMixin, forms.Form):
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        help_text=_("Tel qu'il figure sur votre pièce d'identité : pas de nom d'artiste."),
    )
    first_names = forms.CharField(label=_("Prénom(s)"), max_length=255)
    birth_date = forms.DateField(
        label=_("Date de naissance"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    country = forms.CharField(label=_("Pays"), max_length=80, initial="France")
    address = forms.CharField(label=_("N° et nom de voie"), max_length=255)
    address_complement = forms.CharField(
        label=_("Appartement, escalier, étage"), max_length=255, required=False
    )
    postal_code = forms.CharField(label=_("Code postal"), max_length=10)
    city = forms.CharField(label=_("Commune"), max_length=120)
    fiscal_residence_certified = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_residence_certified"].label = _(
            "Je certifie sur l'honneur être résident fiscal en France en %(year)s"
        ) % {"year": rules.fiscal_residence_year(today())}
        self.fields["fiscal_residence_certified"].help_text = _(
            "Si vous cochez cette case, votre affiliation au CNM sera automatique pour la première année."
        )
        _document_fields(self, LegalForm.PERSONNE_PHYSIQUE)
        self.fields["doc_piece_identite"].help_text = _(
            "Obligatoire. Pour des raisons de protection des données, ce document n'est pas conservé "
            "par le CNM : il est supprimé dès que la demande est traitée. "
        ) + str(self.fields["doc_piece_identite"].help_text)
        self.apply_dsfr()

    def clean_birth_date(self) -> date:
        value = self.cleaned_data["birth_date"]
        if value > today():
            raise ValidationError(_("La date de naissance ne peut pas être dans le futur."))
        if value.year < 1900:
            raise ValidationError(_("Vérifiez l'année de naissance."))
        return value


class CorrectionForm(DsfrFormMixin, DocumentsMixin, forms.Form):
    def __init__(self, *args, legal_form: str, **kwargs):
        super().__init__(*args, **kwargs)
        _document_fields(self, legal_form)
        for field in self.fields.values():
            field.required = False
        self.apply_dsfr()

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.documents():
            raise ValidationError(_("Joignez au moins un justificatif corrigé."))
        return cleaned


class InvitationForm(DsfrFormMixin, forms.Form):
    email = forms.EmailField(label=_("Email de la personne à inviter"))
    role = forms.CharField(
        label=_("Sa fonction dans la structure"), max_length=120, help_text=ROLE_HELP
    )
