from django import forms
from django.utils.translation import gettext_lazy as _

from annonces.choices import ContractType, JobFamily, Region
from cnm_portal.forms import DsfrFormMixin


class AlertForm(DsfrFormMixin, forms.Form):
    """« Paramétrer mon alerte emploi »."""

    active = forms.BooleanField(
        label=_("Recevoir un e-mail quotidien avec les nouvelles annonces"), required=False
    )
    keywords = forms.CharField(
        label=_("Mots-clés"),
        max_length=255,
        required=False,
        help_text=_(
            "Séparés par des virgules, par exemple : régie, production. Une annonce qui contient "
            "l'un d'eux vous est envoyée ; laissez vide pour toutes."
        ),
    )
    contract_types = forms.MultipleChoiceField(
        label=_("Types de contrat"),
        choices=ContractType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune case cochée : tous les contrats."),
    )
    regions = forms.MultipleChoiceField(
        label=_("Régions"),
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune case cochée : toutes les régions."),
    )
    families = forms.MultipleChoiceField(
        label=_("Familles de métiers"),
        choices=JobFamily.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune case cochée : toutes les familles."),
    )

    @classmethod
    def initial_from(cls, alert) -> dict:
        if alert is None:
            return {"active": True}
        return {
            "active": alert.active,
            "keywords": alert.keywords,
            "contract_types": alert.contract_types,
            "regions": alert.regions,
            "families": alert.families,
        }
