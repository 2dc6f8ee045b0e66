"""Forms of the dossier's steps. The programme's own questions are built from its ``Figure``
definitions (one field per figure, by kind); values are checked by ``Figure.parse``, the same
function ``compute()`` uses, and stored as typed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from aides.models import BudgetLine, CommissionSession, OtherPublicAid
from aides.programmes import base
from aides.programmes.base import MAX_AMOUNT, Figure, Programme
from aides.services.computation import budget_categories
from cnm_portal.forms import DsfrFormMixin
from cnm_portal.money import MoneyField
from cnm_portal.uploads import DocumentFileField


class LockedForm(DsfrFormMixin, forms.Form):
    """Every form of a draft carries the ``lock_version`` the page was loaded with."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def figure_field(figure: Figure) -> forms.Field:
    """The form field of one figure, by its kind. A kind this function does not know fails
    loudly (``aides/tests/test_forms.py`` builds the fields of every programme)."""
    common = {
        "label": figure.label,
        "help_text": figure.help,
        "required": figure.required and figure.kind != base.BOOLEAN,
    }
    kind = figure.kind
    if kind in (base.AMOUNT, base.PERCENT):
        hint = _("en euros") if kind == base.AMOUNT else _("en %")
        return forms.CharField(
            max_length=30,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "data-unit": str(hint)}),
            **common,
        )
    if kind == base.INTEGER:
        return forms.CharField(
            max_length=12, widget=forms.TextInput(attrs={"inputmode": "numeric"}), **common
        )
    if kind == base.BOOLEAN:
        return forms.BooleanField(**common)
    if kind == base.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *figure.choices], **common)
    if kind == base.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == base.TEXT:
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    raise ImproperlyConfigured(
        f"Figure {figure.name!r}: kind {kind!r} has no form field in aides.forms.figure_field"
    )


EXTRA_TABLE_ROWS = 3


def table_rows(figure: Figure, rows: list) -> list[list[dict]]:
    """The cells of a TABLE figure's inputs (``<name>-<row>-<column>``, the names
    ``Figure.raw_value`` gathers): the stored rows plus a few empty ones."""
    result = []
    for index, row in enumerate([*rows, *({} for _row in range(EXTRA_TABLE_ROWS))]):
        cells = []
        for column in figure.columns:
            if column.kind == base.TABLE or column.kind not in FIELD_KINDS:
                raise ImproperlyConfigured(
                    f"Column {column.name!r} of {figure.name!r}: kind {column.kind!r} unknown"
                )
            value = row.get(column.name, "") if isinstance(row, dict) else ""
            cells.append(
                {
                    "name": f"{figure.name}-{index}-{column.name}",
                    "label": column.label,
                    "kind": column.kind,
                    "choices": column.choices,
                    "value": "" if value is None else str(value),
                    "checked": str(value).lower() in ("true", "1", "on", "oui"),
                }
            )
        result.append(cells)
    return result


FIELD_KINDS = (
    base.AMOUNT,
    base.PERCENT,
    base.INTEGER,
    base.BOOLEAN,
    base.CHOICE,
    base.DATE,
    base.TEXT,
)


class FiguresMixin:
    """Adds the fields of ``figures`` and checks them with ``Figure.parse``."""

    def add_figures(self, figures: tuple[Figure, ...] | list[Figure], stored: dict) -> None:
        self.figure_defs = {f.name: f for f in figures if f.kind != base.TABLE}
        self.table_defs = {f.name: f for f in figures if f.kind == base.TABLE}
        self.table_values: dict[str, list] = {}
        self.table_errors: dict[str, str] = {}
        self.stored_tables = {
            name: stored.get(name) if isinstance(stored.get(name), list) else []
            for name in self.table_defs
        }
        for figure in figures:
            if figure.kind == base.TABLE:
                continue
            self.fields[figure.name] = figure_field(figure)
            if not self.is_bound and figure.name in stored:
                value = stored[figure.name]
                if figure.kind == base.BOOLEAN:
                    value = str(value).lower() in ("true", "1", "on", "oui")
                self.initial[figure.name] = value

    def clean(self):
        cleaned = super().clean()
        for name, figure in self.figure_defs.items():
            if name in self.errors:
                continue
            value = cleaned.get(name)
            if figure.kind == base.DATE and value is not None:
                value = value.isoformat()
            _typed, error = figure.parse(value)
            if error:
                self.add_error(name, error)
        for name, figure in self.table_defs.items():
            raw = figure.raw_value(self.data)
            rows = [
                {k: ("" if v is None else str(v).strip()) for k, v in row.items()}
                for row in (raw or [])
                if isinstance(row, dict) and any(str(v or "").strip() for v in row.values())
            ]
            _typed, error = figure.parse(rows)
            if error:
                self.table_errors[name] = error
                self.add_error(None, f"{figure.label} : {error}")
            self.table_values[name] = rows
        return cleaned

    @property
    def tables(self) -> list[dict]:
        result = []
        for name, figure in self.table_defs.items():
            rows = self.table_values.get(name) if self.is_bound else self.stored_tables[name]
            result.append(
                {
                    "figure": figure,
                    "columns": figure.columns,
                    "rows": table_rows(figure, rows or []),
                    "error": self.table_errors.get(name, ""),
                }
            )
        return result

    def figure_values(self) -> dict[str, object]:
        values = {}
        for name, figure in self.figure_defs.items():
            value = self.cleaned_data.get(name)
            if figure.kind == base.DATE and value is not None:
                value = value.isoformat()
            values[name] = value
        values.update(self.table_values)
        return values


class StartForm(DsfrFormMixin, forms.Form):
    programme = forms.ChoiceField(label=_("Programme d'aide"))
    session = forms.ModelChoiceField(
        label=_("Session de commission"), queryset=CommissionSession.objects.none()
    )

    def __init__(self, *args, programmes: list[Programme], sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [
            ("", "—"),
            *[(p.article, f"{p.reference} — {p.title}") for p in programmes],
        ]
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda s: (
            f"{s.label} — art. {s.programme} — dépôt avant le "
            f"{s.deposit_deadline.astimezone().strftime('%d/%m/%Y %H:%M')}"
        )
        self.apply_dsfr()

    def clean(self):
        cleaned = super().clean()
        session, programme = cleaned.get("session"), cleaned.get("programme")
        if session and programme and session.programme != programme:
            self.add_error("session", _("Cette session ne concerne pas le programme choisi."))
        return cleaned


class ContactForm(LockedForm):
    contact_name = forms.CharField(
        label=_("Nom et prénom de la personne à contacter"), max_length=200
    )
    contact_role = forms.CharField(label=_("Fonction"), max_length=120, required=False)
    contact_email = forms.EmailField(label=_("Email"))
    contact_phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    address = forms.CharField(label=_("Adresse de correspondance"), max_length=255)
    postal_code = forms.CharField(label=_("Code postal"), max_length=10)
    city = forms.CharField(label=_("Commune"), max_length=120)


class ProjectForm(FiguresMixin, LockedForm):
    project_title = forms.CharField(label=_("Intitulé du projet"), max_length=255)
    project_description = forms.CharField(
        label=_("Présentation du projet"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        required=False,
    )

    def __init__(self, *args, figures=(), stored=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_figures(figures, stored or {})
        self.apply_dsfr()


class StepFiguresForm(FiguresMixin, LockedForm):
    """The budget and financing steps: only the programme's figures of that step."""

    def __init__(self, *args, figures=(), stored=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_figures(figures, stored or {})
        self.apply_dsfr()


class ExpenseLineForm(LockedForm):
    category = forms.ChoiceField(label=_("Poste de dépense"))
    label = forms.CharField(label=_("Libellé"), max_length=255)
    amount = MoneyField(label=_("Montant HT (€)"), max_value=MAX_AMOUNT)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (c.code, f"{c.label} — retenu à {base.format_share(c.share)}")
            for c in budget_categories(programme)
        ]
        self.apply_dsfr()


class RevenueLineForm(LockedForm):
    label = forms.CharField(
        label=_("Ressource (fonds propres, recettes, partenaires privés…)"), max_length=255
    )
    amount = MoneyField(label=_("Montant (€)"), max_value=MAX_AMOUNT)


class OtherAidForm(LockedForm):
    funder = forms.CharField(
        label=_("Financeur public (État, région, département, commune, autre établissement)"),
        max_length=255,
    )
    amount = MoneyField(label=_("Montant (€)"), max_value=MAX_AMOUNT)
    status = forms.ChoiceField(label=_("État de la demande"), choices=OtherPublicAid.Status.choices)


class DocumentForm(LockedForm):
    code = forms.ChoiceField(label=_("Pièce"))
    file = DocumentFileField(label=_("Fichier"))

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [
            (d.code, d.label + ("" if d.required else " (facultatif)")) for d in programme.documents
        ]
        self.apply_dsfr()


class DepositForm(LockedForm):
    sworn = forms.BooleanField(
        label=_(
            "J'atteste sur l'honneur l'exactitude des informations fournies, que la structure est "
            "à jour de ses obligations sociales et fiscales et qu'elle a déclaré toutes les aides "
            "publiques demandées ou obtenues pour ce projet."
        ),
        required=True,
        error_messages={
            "required": _("Cochez l'attestation sur l'honneur pour déposer le dossier.")
        },
    )


class LineRemoveForm(LockedForm):
    target = forms.IntegerField(widget=forms.HiddenInput)


BUDGET_KINDS = BudgetLine.Kind
