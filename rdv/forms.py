import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from cnm_portal.forms import DsfrFormMixin
from rdv import rules
from rdv.choices import TOPIC_LABELS, Mode, Permanence, Topic, encode_topics

PERSONAL = "personnel"


class SlotFilterForm(DsfrFormMixin, forms.Form):
    """« Prendre un RDV CNM »: the permanence and the topic (both optional)."""

    permanence = forms.ChoiceField(
        label=_("Permanence"),
        choices=[("", _("Toutes les permanences")), *Permanence.choices],
        required=False,
    )
    topic = forms.ChoiceField(
        label=_("Sujet"), choices=[("", _("Tous les sujets")), *Topic.choices], required=False
    )


class BookingForm(DsfrFormMixin, forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)
    topic = forms.ChoiceField(label=_("Sujet du rendez-vous"))
    structure = forms.ChoiceField(
        label=_("Au titre de"),
        help_text=_("Une de vos structures, ou à titre personnel (projet en cours de création)."),
    )
    description = forms.CharField(
        label=_("Votre projet en quelques lignes"),
        max_length=rules.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("%(n)s caractères au plus : ce que vous faites, ce que vous attendez du RDV.")
        % {"n": rules.DESCRIPTION_MAX},
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, slot, structures, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", uuid.uuid4())
        kwargs["initial"].setdefault("slot", slot.pk)
        super().__init__(*args, **kwargs)
        self.structures = {str(s.pk): s for s in structures}
        self.fields["topic"].choices = [
            (t, TOPIC_LABELS[t]) for t in slot.topic_list if t in TOPIC_LABELS
        ]
        self.fields["structure"].choices = [
            *((pk, s.name) for pk, s in self.structures.items()),
            (PERSONAL, _("À titre personnel")),
        ]
        self.apply_dsfr()

    def clean_description(self):
        return self.cleaned_data["description"].strip()

    def chosen_structure(self):
        return self.structures.get(self.cleaned_data["structure"])


class MoveForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)


# --- staff (admin) ----------------------------------------------------------------------------


class TopicsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=Topic.choices, **kwargs)


class TopicsModelForm(forms.ModelForm):
    """Adviser / slot forms: the topics ticked, stored as one indexed text column."""

    topics = TopicsField(label=_("Sujets"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["topics"] = self.instance.topic_list

    def clean_topics(self):
        return encode_topics(self.cleaned_data["topics"])


WEEKDAYS = [
    (0, _("lundi")),
    (1, _("mardi")),
    (2, _("mercredi")),
    (3, _("jeudi")),
    (4, _("vendredi")),
    (5, _("samedi")),
]


class SlotSeriesForm(forms.Form):
    """« Créer des créneaux »: every chosen weekday of a period, at the hours given."""

    adviser = forms.ModelChoiceField(label=_("Conseiller"), queryset=None)
    first_day = forms.DateField(label=_("Du"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label=_("Au"), widget=forms.DateInput(attrs={"type": "date"}))
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Jours"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    times = forms.CharField(
        label=_("Heures de début"),
        help_text=_("Séparées par des virgules, par exemple : 09:30, 11:00, 14:00"),
    )
    duration = forms.TypedChoiceField(
        label=_("Durée (minutes)"),
        choices=[(d, str(d)) for d in rules.DURATIONS],
        coerce=int,
        initial=45,
    )
    mode = forms.ChoiceField(label=_("Modalité"), choices=Mode.choices)
    location = forms.CharField(label=_("Lieu ou lien"), max_length=255, required=False)
    topics = TopicsField(label=_("Sujets proposés"))
    published = forms.BooleanField(label=_("Publier tout de suite"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from rdv.models import Adviser

        self.fields["adviser"].queryset = Adviser.objects.filter(active=True)

    def clean_times(self):
        import datetime as dt

        values = []
        for part in self.cleaned_data["times"].replace(";", ",").split(","):
            part = part.strip().replace("h", ":").replace("H", ":")
            if not part:
                continue
            if part.endswith(":"):
                part += "00"
            try:
                values.append(dt.datetime.strptime(part, "%H:%M").time())
            except ValueError:
                raise forms.ValidationError(
                    _("« %(v)s » n'est pas une heure (format 14:30).") % {"v": part}
                ) from None
        if not values:
            raise forms.ValidationError(_("Indiquez au moins une heure."))
        return values

    def clean(self):
        data = super().clean()
        adviser = data.get("adviser")
        topics = data.get("topics") or []
        if adviser and topics:
            missing = [t for t in topics if t not in adviser.topic_list]
            if missing:
                self.add_error(
                    "topics",
                    _("Ce conseiller ne traite pas : %(t)s.")
                    % {"t": ", ".join(str(TOPIC_LABELS[t]) for t in missing)},
                )
        return data


class CancelByCnmForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation (envoyé à la personne)"), widget=forms.Textarea
    )


class RecordForm(forms.Form):
    comment = forms.CharField(label=_("Commentaire (facultatif)"), required=False)
