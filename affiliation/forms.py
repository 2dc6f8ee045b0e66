from django import forms
from django.utils.translation import gettext_lazy as _

from affiliation.models import AffiliationDocument, LiveShowActivity
from affiliation.services import AffiliationData
from cnm_portal.forms import DsfrFormMixin
from cnm_portal.uploads import DocumentFileField

COMMITMENTS = {
    "commit_etabli_france": {
        "physique": _(
            "1° Je suis établi(e) en France : je peux attester d'une résidence fiscale et d'une "
            "activité professionnelle régulière en France."
        ),
        "morale": _(
            "1° La structure est établie en France : elle peut attester d'un établissement stable "
            "en France, au sens du droit fiscal, et son siège social est situé en France ou dans un "
            "État membre de l'Espace économique européen."
        ),
    },
    "commit_obligations": _(
        "2° Je m'engage à respecter les obligations sociales, fiscales et en matière de propriété "
        "intellectuelle : code du travail, conventions et accords collectifs, déclaration et "
        "paiement des cotisations sociales, de l'impôt sur les sociétés, de la TVA, de la taxe sur "
        "les spectacles de variétés, code de la propriété intellectuelle et versement des droits "
        "d'auteur et droits voisins."
    ),
    "commit_protocole_vss": _(
        "3° La structure respecte le protocole de prévention des violences et du harcèlement "
        "sexistes et sexuels annexé au règlement général des aides (annexe 3)."
    ),
    "commit_licence": _(
        "4° Pour l'activité d'entrepreneur de spectacles vivants : je suis titulaire d'une licence "
        "ou d'un récépissé valant licence en cours de validité (article L. 7122-3 du code du "
        "travail) ou d'un récépissé de déclaration (article R. 7122-2), ou, pour une activité "
        "temporaire et occasionnelle, j'en ai préalablement informé l'autorité administrative "
        "(article R. 7122-9)."
    ),
    "commit_sibil": _(
        "5° Titulaire d'une licence, j'ai créé un compte sur le système d'information billetterie "
        "(SIBIL), conformément à l'article 48 de la loi n° 2016-925 du 7 juillet 2016."
    ),
}


class AffiliationForm(DsfrFormMixin, forms.Form):
    """The demande d'affiliation: commitments of art. 1 and the live-show questions.

    Fields are optional at this level so that a draft can be saved half-filled; what a
    submitted request needs is checked by ``services.completeness_errors``.
    """

    commit_etabli_france = forms.BooleanField(required=False)
    commit_obligations = forms.BooleanField(required=False, label=COMMITMENTS["commit_obligations"])
    commit_protocole_vss = forms.BooleanField(
        required=False, label=COMMITMENTS["commit_protocole_vss"]
    )
    live_show_activity = forms.ChoiceField(
        label=_("Activité d'entrepreneur de spectacles vivants"),
        choices=LiveShowActivity.choices,
        widget=forms.RadioSelect,
        initial=LiveShowActivity.NONE,
    )
    licence_number = forms.CharField(
        label=_("Numéro de licence ou de récépissé"),
        required=False,
        max_length=40,
        help_text=_("Par exemple PLATESV-R-2023-001234"),
    )
    licence_category = forms.ChoiceField(
        label=_("Catégorie"),
        required=False,
        choices=[
            ("", "—"),
            ("1", _("1 — exploitant de lieu")),
            ("2", _("2 — producteur")),
            ("3", _("3 — diffuseur")),
        ],
    )
    licence_valid_until = forms.DateField(
        label=_("Date de fin de validité"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    commit_licence = forms.BooleanField(required=False, label=COMMITMENTS["commit_licence"])
    commit_sibil = forms.BooleanField(required=False, label=COMMITMENTS["commit_sibil"])
    doc_licence = DocumentFileField(label=AffiliationDocument.Kind.LICENCE.label, required=False)
    doc_occasionnel = DocumentFileField(
        label=AffiliationDocument.Kind.DECLARATION_OCCASIONNELLE.label, required=False
    )
    doc_attestation_vss = DocumentFileField(
        label=AffiliationDocument.Kind.ATTESTATION_VSS.label, required=False
    )
    doc_autre = DocumentFileField(label=AffiliationDocument.Kind.AUTRE.label, required=False)

    def __init__(self, *args, personne_physique: bool, attestation_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commit_etabli_france"].label = COMMITMENTS["commit_etabli_france"][
            "physique" if personne_physique else "morale"
        ]
        if personne_physique:
            del self.fields["commit_protocole_vss"]
        if not attestation_required:
            del self.fields["doc_attestation_vss"]
        else:
            self.fields["doc_attestation_vss"].help_text = _(
                "Obligatoire pour le premier renouvellement : sans elle, la demande de "
                "renouvellement est annulée (RGA, article 1). Plusieurs attestations : un seul PDF."
            )
        self.apply_dsfr()

    def data_object(self) -> AffiliationData:
        cleaned = self.cleaned_data
        return AffiliationData(
            commit_etabli_france=cleaned["commit_etabli_france"],
            commit_obligations=cleaned["commit_obligations"],
            commit_protocole_vss=cleaned.get("commit_protocole_vss", False),
            commit_licence=cleaned["commit_licence"],
            commit_sibil=cleaned["commit_sibil"],
            live_show_activity=cleaned["live_show_activity"],
            licence_number=cleaned["licence_number"].strip(),
            licence_category=cleaned["licence_category"],
            licence_valid_until=cleaned["licence_valid_until"],
        )

    def documents(self) -> list[tuple[str, object]]:
        mapping = {
            "doc_licence": AffiliationDocument.Kind.LICENCE,
            "doc_occasionnel": AffiliationDocument.Kind.DECLARATION_OCCASIONNELLE,
            "doc_attestation_vss": AffiliationDocument.Kind.ATTESTATION_VSS,
            "doc_autre": AffiliationDocument.Kind.AUTRE,
        }
        return [
            (kind, self.cleaned_data[name])
            for name, kind in mapping.items()
            if self.cleaned_data.get(name)
        ]


class DesaffiliationForm(DsfrFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Motif (facultatif)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_(
            "Je demande la désaffiliation de la structure : elle ne pourra plus solliciter d'aide du CNM."
        )
    )
