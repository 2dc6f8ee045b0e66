"""Forms of the commission members' pages and of the president's decisions (the services
validate again; these give each field its French message)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aides.models import Avis
from aides.rules_commission import SCORE_LABELS
from cnm_portal.dates import today
from cnm_portal.forms import DsfrFormMixin
from cnm_portal.money import MoneyField


class AvisForm(DsfrFormMixin, forms.Form):
    """One avis: its kind, an amount when favorable, the motivation, one score per criterion."""

    kind = forms.ChoiceField(label=_("Avis"), choices=Avis.Kind.choices, widget=forms.RadioSelect)
    amount = MoneyField(
        label=_("Montant proposé (avis favorable)"),
        required=False,
        help_text=_("En euros, au plus l'aide maximale du dossier."),
    )
    motivation = forms.CharField(label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, criteria: tuple[str, ...] = (), **kwargs):
        self.criteria = criteria
        super().__init__(*args, **kwargs)
        for index, criterion in enumerate(criteria):
            self.fields[f"score_{index}"] = forms.TypedChoiceField(
                label=criterion,
                choices=[("", "—"), *SCORE_LABELS.items()],
                coerce=int,
                error_messages={"required": _("Notez ce critère.")},
            )
        self.apply_dsfr()

    def clean(self):
        data = super().clean()
        kind, amount = data.get("kind"), data.get("amount")
        if kind == Avis.Kind.FAVORABLE and amount is None:
            self.add_error("amount", _("Un avis favorable propose un montant."))
        if kind and kind != Avis.Kind.FAVORABLE and amount is not None:
            self.add_error("amount", _("Seul un avis favorable propose un montant."))
        return data

    def scores(self) -> list[int]:
        return [self.cleaned_data[f"score_{i}"] for i in range(len(self.criteria))]


class ConflictForm(DsfrFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Motif du conflit d'intérêts"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Par exemple : lien familial, professionnel ou financier avec le demandeur."),
    )


class AttributionForm(forms.Form):
    amount = MoneyField(label=_("Montant attribué"))
    reason = forms.CharField(
        label=_("Motivation de la décision"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args, initial_amount=None, maximum=None, **kwargs):
        super().__init__(*args, **kwargs)
        if initial_amount is not None:
            self.fields["amount"].initial = initial_amount
        if maximum is not None:
            from cnm_portal.money import format_euros

            self.fields["amount"].help_text = _("Aide maximale recalculée : %(max)s") % {
                "max": format_euros(maximum)
            }


class RefusalForm(forms.Form):
    reason = forms.CharField(label=_("Motif du refus"), widget=forms.Textarea)


class SecondReviewForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi la commission est saisie une seconde fois"), widget=forms.Textarea
    )


class SessionDecisionForm(forms.Form):
    refusal_reason = forms.CharField(
        label=_("Motif des refus (dossiers à avis majoritairement défavorable)"),
        widget=forms.Textarea,
    )


class PresentMembersForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Membres présents"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = session.members.order_by("last_name", "first_name")


class ContestationForm(forms.Form):
    received_on = forms.DateField(
        label=_("Reçue le"), widget=forms.DateInput(attrs={"type": "date"}), initial=today
    )
    text = forms.CharField(label=_("Objet de la contestation"), widget=forms.Textarea)
