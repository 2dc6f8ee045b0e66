import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from cnm_portal.forms import DsfrFormMixin
from formations import rules
from formations.choices import Format, Parcours
from formations.models import Module, Session

PERSONAL = "personnel"


class ModuleFilterForm(DsfrFormMixin, forms.Form):
    """The public list: parcours, format and the period of the sessions (all optional)."""

    parcours = forms.ChoiceField(
        label=_("Parcours"),
        choices=[("", _("Tous les parcours")), *Parcours.choices],
        required=False,
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", _("Tous les formats")), *Format.choices], required=False
    )
    date_from = forms.DateField(
        label=_("Sessions à partir du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Jusqu'au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_dsfr()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Cette date précède la date de début de la période."))
        return data


class InscriptionForm(DsfrFormMixin, forms.Form):
    session = forms.IntegerField(widget=forms.HiddenInput)
    structure = forms.ChoiceField(
        label=_("Je m'inscris"),
        help_text=_("À titre personnel, ou au titre d'une de vos structures."),
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, session, structures, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", uuid.uuid4())
        kwargs["initial"].setdefault("session", session.pk)
        kwargs["initial"].setdefault("structure", PERSONAL)
        super().__init__(*args, **kwargs)
        self.structures = {str(s.pk): s for s in structures}
        self.fields["structure"].choices = [
            (PERSONAL, _("À titre personnel")),
            *(
                (pk, _("Au titre de %(name)s") % {"name": s.name})
                for pk, s in self.structures.items()
            ),
        ]
        self.apply_dsfr()

    def chosen_structure(self):
        return self.structures.get(self.cleaned_data["structure"])


# --- staff (admin) ------------------------------------------------------------------------------


class ModuleAdminForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = [
            "title",
            "slug",
            "parcours",
            "format",
            "duration_hours",
            "price",
            "description",
            "published",
        ]
        localized_fields = ["duration_hours", "price"]  # « 3,5 » as French staff type it

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("Cette adresse est réservée : choisissez-en une autre."))
        return slug


# First-level paths of /formations/ that a module's address may not take.
RESERVED_SLUGS = {"mes-inscriptions", "inscription"}


class SessionAdminForm(forms.ModelForm):
    link = forms.URLField(
        label=_("Lien de connexion"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Session
        fields = [
            "module",
            "start",
            "end",
            "online",
            "place",
            "link",
            "seats",
            "cancellation_delay_days",
        ]

    def clean_seats(self):
        seats = self.cleaned_data["seats"]
        if seats > rules.MAX_SEATS:
            raise forms.ValidationError(
                _("Une session compte au plus %(n)s places.") % {"n": rules.MAX_SEATS}
            )
        return seats

    def clean(self):
        data = super().clean()
        for field, message in rules.session_errors(
            start=data.get("start"),
            end=data.get("end"),
            online=data.get("online", False),
            place=data.get("place", ""),
            link=data.get("link", ""),
        ).items():
            if field not in self.errors:
                self.add_error(field, message)
        seats = data.get("seats")
        if self.instance.pk and seats:
            from formations.models import Inscription
            from formations.workflow import SEATED

            taken = Inscription.objects.filter(session=self.instance, status__in=SEATED).count()
            if seats < taken:
                self.add_error(
                    "seats",
                    _(
                        "%(n)s personnes sont déjà inscrites : la session ne peut compter moins de places."
                    )
                    % {"n": taken},
                )
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation (envoyé aux personnes concernées)"),
        widget=forms.Textarea,
    )


class RecordForm(forms.Form):
    comment = forms.CharField(label=_("Commentaire (facultatif)"), required=False)
