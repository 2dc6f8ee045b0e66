"""What a programme of the RGA is made of, and the one computation every screen calls.

A programme (one article of the RGA, 12 to 43, or a closed fund) is a :class:`Programme`: data
(who may apply, the figures the dossier asks, expense categories and their eligible share, the
documents, the appreciation criteria, the payment split) plus rule functions (objective criteria)
and a pipeline of :class:`Step` objects (base × coefficient × rate, flat amounts, unit rates, caps,
minimum). :meth:`Programme.compute` runs the pipeline on a dossier's figures and returns a
:class:`Computation` whose ``steps`` record, for each step, its label, its article and the amount
before and after: the dossier, the simulator, the instructor's recommendation, the decision and
the bilan all show the same reasoning.

Figures shared by every programme keep one name: ``depenses_eligibles``, ``budget_total``,
``autres_aides_publiques``, ``deja_attribue_annee``, ``montant_sollicite``. A programme with expense
categories gets one amount figure per category (``depenses_<code>``) and ``depenses_eligibles``
is computed from them with each category's eligible share.

Table figures (kind ``TABLE``, added for art. 24's list of representations) hold a list of rows,
each row a dict typed by the figure's ``columns`` (ordinary figures). A form or the API sends them
either as a JSON list of dicts (``{"representations": [{"date": "2027-03-12", ...}]}``, or that
list as a JSON string in one field) or as Django-formset-style flat names
``<figure>-<row index>-<column>`` (``representations-0-cout_plateau``), gathered by
:meth:`Figure.raw_value`; rows left entirely empty are ignored. Parsed, the value is a list of
dicts of typed cells; an invalid cell is reported under the table's name with its row and column.

A criterion's check may return an :class:`Unverified` message when it cannot decide without what
the portal only knows at deposit (the deposit date, in the simulator): the criterion is shown
« à vérifier » (``met=None``) with a warning, never a blocking error.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from cnm_portal.money import apply_rate, format_euros, round_cents, to_decimal

ZERO = Decimal("0.00")
_NUMBER = re.compile(r"-?\d{1,12}(\.\d{1,2})?")
MAX_AMOUNT = Decimal("999999999.99")  # fits DecimalField(max_digits=14, decimal_places=2)

# --- who applies ----------------------------------------------------------------------------

PHYSIQUE = "physique"
MORALE = "morale"
APPLICANT_KIND_LABELS = {PHYSIQUE: "personne physique", MORALE: "personne morale"}


@dataclass(frozen=True)
class Applicant:
    """What the portal knows of the applicant on the deposit date (``None``: not known, as in the
    simulator: the check becomes a warning instead of a blocking error)."""

    kind: str | None = None  # PHYSIQUE or MORALE
    legal_form: str | None = None  # espace_pro.choices.LegalForm value
    affiliated: bool | None = None  # art. 1, on the deposit date
    has_licence: bool | None = None  # licence d'entrepreneur de spectacles (or récépissé)
    on: datetime.date | None = None  # deposit date
    session_deadline: datetime.date | None = None  # deposit deadline of the dossier's session
    aids_this_year: int | None = None  # aids of this programme already obtained this year
    name: str = ""


# --- figures --------------------------------------------------------------------------------

AMOUNT = "amount"
INTEGER = "integer"
PERCENT = "percent"
BOOLEAN = "boolean"
CHOICE = "choice"
DATE = "date"
TEXT = "text"
TABLE = "table"  # a list of rows typed by ``Figure.columns`` (see the module docstring)

# Dossier steps a figure is asked in.
DEMANDEUR = "demandeur"
PROJET = "projet"
BUDGET = "budget"
FINANCEMENT = "financement"


@dataclass(frozen=True)
class Figure:
    """One typed input of the computation or of a criterion.

    A ``TABLE`` figure is a list of rows whose cells are the ``columns`` figures (each with its own
    kind, label, choices, bounds and ``required``). What a form or the API must send, either:

    - ``figures[name]`` = a list of dicts ``[{"<column>": "<raw value>", ...}, ...]`` (the JSON API;
      also what :meth:`serialize` stores), or that list as a JSON string (one hidden input);
    - or flat formset-style names ``<name>-<index>-<column>`` (``representations-0-cout_plateau``,
      ``representations-0-date``…), any index order, gaps allowed; a row with
      ``<name>-<index>-DELETE`` set is dropped, as are rows left entirely empty.

    The parsed value is a list of dicts of typed cells (``Decimal``, ``int``, ``date``, ``bool``,
    choice code). Errors come back as one French message under ``name`` naming the row (from 1)
    and the column label, e.g. « Ligne 2, « Coûts plateau » : La valeur ne peut pas être
    négative. »
    """

    name: str
    label: str
    kind: str = AMOUNT
    help: str = ""
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    min_value: Decimal | int | None = None
    max_value: Decimal | int | None = None
    step: str = PROJET
    article: str = ""
    columns: tuple[Figure, ...] = ()  # TABLE only: the typed cells of each row
    max_rows: int = 500  # TABLE only

    def raw_value(self, raw: Mapping[str, object]) -> object:
        """This figure's raw input in ``raw``: ``raw[name]``, or for a table sent as formset-style
        flat names (``representations-0-cout_plateau``) the rows gathered in index order."""
        if self.kind != TABLE or self.name in raw:
            return raw.get(self.name)
        pattern = re.compile(rf"{re.escape(self.name)}-(\d{{1,4}})-(\w+)")
        rows: dict[int, dict[str, object]] = {}
        for key, value in raw.items():
            match = pattern.fullmatch(str(key))
            if match:
                rows.setdefault(int(match[1]), {})[match[2]] = value
        kept = [
            rows[index]
            for index in sorted(rows)
            if str(rows[index].pop("DELETE", "")).strip().lower() not in ("on", "true", "1")
        ]
        return kept if rows else None

    def parse(self, raw: object) -> tuple[object, str | None]:
        """``(value, error)``: the typed value, or ``None`` and a French message."""
        if self.kind == TABLE:
            return self._parse_table(raw)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if self.kind == BOOLEAN:
                return False, None
            if self.required:
                return None, "Ce champ est obligatoire."
            return None, None
        try:
            value = self._convert(raw)
        except (ValueError, TypeError, InvalidOperation):
            return None, self._type_message()
        return self._check_range(value)

    def _parse_table(self, raw: object) -> tuple[object, str | None]:
        if isinstance(raw, str):
            try:
                raw = json.loads(raw, parse_float=str) if raw.strip() else []
            except ValueError:
                return None, "Le tableau transmis est illisible."
        if raw is None:
            raw = []
        if not isinstance(raw, list | tuple):
            return None, "Le tableau transmis est illisible."
        rows: list[dict[str, object]] = []
        errors: list[str] = []
        for index, row in enumerate(raw, start=1):
            if not isinstance(row, Mapping):
                errors.append(f"Ligne {index} : format invalide.")
                continue
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row.values()):
                continue  # an empty extra line of the form
            typed: dict[str, object] = {}
            for column in self.columns:
                value, error = column.parse(row.get(column.name))
                if error:
                    errors.append(f"Ligne {index}, « {column.label} » : {error}")
                else:
                    typed[column.name] = value
            rows.append(typed)
        if errors:
            more = f" (et {len(errors) - 3} autre(s) erreur(s))" if len(errors) > 3 else ""
            return None, " ".join(errors[:3]) + more
        if len(rows) > self.max_rows:
            return None, f"Le tableau ne peut pas dépasser {self.max_rows} lignes."
        if not rows and self.required:
            return None, "Ajoutez au moins une ligne."
        return rows, None

    def _convert(self, raw: object) -> object:
        if self.kind in (AMOUNT, PERCENT):
            if isinstance(raw, float):
                raise TypeError("floats are refused: money is Decimal")
            text = str(raw).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
            text = text.replace("€", "").replace("%", "").replace(",", ".")
            if not _NUMBER.fullmatch(text):
                raise ValueError("not a number with at most two decimals")
            return Decimal(text)
        if self.kind == INTEGER:
            if isinstance(raw, (bool, float)):
                raise TypeError("not an integer")
            text = str(raw).strip().replace(" ", "")
            if not text.lstrip("-").isdigit():
                raise ValueError("not an integer")
            return int(text)
        if self.kind == BOOLEAN:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "on", "oui", "yes"):
                return True
            if text in ("0", "false", "off", "non", "no"):
                return False
            raise ValueError("not a boolean")
        if self.kind == CHOICE:
            text = str(raw)
            if text not in {code for code, _ in self.choices}:
                raise ValueError("unknown choice")
            return text
        if self.kind == DATE:
            if isinstance(raw, datetime.date):
                return raw
            return datetime.date.fromisoformat(str(raw).strip())
        text = str(raw).strip()
        if len(text) > 5000:
            raise ValueError("too long")
        return text

    def _type_message(self) -> str:
        return {
            AMOUNT: "Saisissez un montant en euros, avec au plus deux décimales (ex. 12 500,00).",
            PERCENT: "Saisissez un pourcentage, avec au plus deux décimales (ex. 45,5).",
            INTEGER: "Saisissez un nombre entier.",
            BOOLEAN: "Répondez par oui ou par non.",
            CHOICE: "Choisissez une des valeurs proposées.",
            DATE: "Saisissez une date valide (JJ/MM/AAAA).",
        }.get(self.kind, "Texte trop long (5 000 caractères au plus).")

    def _check_range(self, value: object) -> tuple[object, str | None]:
        if self.kind in (AMOUNT, PERCENT, INTEGER):
            low = self.min_value if self.min_value is not None else 0
            high = self.max_value
            if high is None:
                high = (
                    MAX_AMOUNT if self.kind == AMOUNT else (100 if self.kind == PERCENT else 10**9)
                )
            if value < low:
                if low == 0:
                    return None, "La valeur ne peut pas être négative."
                return None, f"La valeur doit être au moins {low}."
            if value > high:
                return None, f"La valeur ne peut pas dépasser {high}."
        if self.kind == DATE:
            # min_value / max_value (dates) widen the default range, e.g. a composer's death.
            low = self.min_value or datetime.date(2000, 1, 1)
            high = self.max_value or datetime.date(2100, 12, 31)
            if not low <= value <= high:
                return None, f"Saisissez une date entre {low.year} et {high.year}."
        return value, None

    def serialize(self, value: object) -> object:
        """JSON-safe form of a typed value (stored on the dossier)."""
        if self.kind == TABLE and isinstance(value, list):
            columns = {c.name: c for c in self.columns}
            return [
                {k: columns[k].serialize(v) for k, v in row.items() if k in columns}
                for row in value
            ]
        if isinstance(value, Decimal | datetime.date):
            return str(value)
        return value


def amount(name: str, label: str, **kwargs) -> Figure:
    return Figure(name, label, AMOUNT, **kwargs)


def integer(name: str, label: str, **kwargs) -> Figure:
    return Figure(name, label, INTEGER, **kwargs)


def percent(name: str, label: str, **kwargs) -> Figure:
    return Figure(name, label, PERCENT, **kwargs)


def boolean(name: str, label: str, **kwargs) -> Figure:
    return Figure(name, label, BOOLEAN, required=False, **kwargs)


def choice(name: str, label: str, choices: tuple[tuple[str, str], ...], **kwargs) -> Figure:
    return Figure(name, label, CHOICE, choices=choices, **kwargs)


def date(name: str, label: str, **kwargs) -> Figure:
    return Figure(name, label, DATE, **kwargs)


def text(name: str, label: str, **kwargs) -> Figure:
    return Figure(name, label, TEXT, **kwargs)


def table(name: str, label: str, columns: tuple[Figure, ...], **kwargs) -> Figure:
    """A list of rows (see the module docstring); not required unless ``required=True``."""
    kwargs.setdefault("required", False)
    return Figure(name, label, TABLE, columns=columns, **kwargs)


# The figures every programme shares (same names everywhere).
DEPENSES_ELIGIBLES = amount(
    "depenses_eligibles",
    "Dépenses éligibles (HT)",
    help="Total des dépenses du projet retenues par le programme.",
    step=BUDGET,
)
BUDGET_TOTAL = amount(
    "budget_total", "Budget total du projet (HT)", help="Toutes dépenses confondues.", step=BUDGET
)
AUTRES_AIDES_PUBLIQUES = amount(
    "autres_aides_publiques",
    "Autres aides publiques demandées ou obtenues pour ce projet",
    help="État, collectivités, autres établissements publics (art. 3 du RGA).",
    step=FINANCEMENT,
    required=False,
    article="3",
)
DEJA_ATTRIBUE_ANNEE = amount(
    "deja_attribue_annee",
    "Aides déjà obtenues sur ce programme cette année civile",
    help="Calculé par le portail pour un vrai dossier ; à saisir dans le simulateur.",
    step=FINANCEMENT,
    required=False,
)
MONTANT_SOLLICITE = amount(
    "montant_sollicite",
    "Montant de l'aide sollicitée",
    step=FINANCEMENT,
    required=False,
)
COMMON_FIGURES = (AUTRES_AIDES_PUBLIQUES, DEJA_ATTRIBUE_ANNEE, MONTANT_SOLLICITE)


@dataclass(frozen=True)
class ExpenseCategory:
    """A budget line category with the share of it that is eligible (art. 16: 30 % of
    promotion)."""

    code: str
    label: str
    share: Decimal = Decimal("1")
    article: str = ""

    @property
    def figure(self) -> Figure:
        label = self.label
        if self.share != 1:
            label = f"{label} (retenu à {format_share(self.share)})"
        return amount(f"depenses_{self.code}", label, step=BUDGET, required=False)


def format_share(share: Decimal) -> str:
    text = f"{(share * 100).normalize():f}".replace(".", ",")
    return f"{text} %"


# --- criteria -------------------------------------------------------------------------------

Check = Callable[[Mapping[str, object], Applicant | None], str | None]


class Unverified(str):
    """What a check returns when it cannot decide yet (e.g. a rule on the deposit date in the
    simulator): the criterion is « à vérifier » and the message a warning, not an error."""


@dataclass(frozen=True)
class Criterion:
    """An eligibility criterion. Objective ones have a ``check`` (a rule function returning a
    French message when the criterion is not met, ``None`` when it is); judgement ones are text the
    instructor ticks in the checklist. ``blocking=False`` turns a failed check into a warning."""

    code: str
    label: str
    article: str
    check: Check | None = None
    blocking: bool = True
    scope: str = "projet"  # "demandeur" or "projet"

    @property
    def objective(self) -> bool:
        return self.check is not None


@dataclass(frozen=True)
class CriterionResult:
    code: str
    label: str
    article: str
    met: bool | None  # None: judgement, checked by the instructor
    message: str = ""
    blocking: bool = True


# --- documents, payment ---------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    code: str
    label: str
    required: bool = True
    help: str = ""


@dataclass(frozen=True)
class Installment:
    label: str
    amount: Decimal
    trigger: str  # "attribution" or "bilan"


@dataclass(frozen=True)
class PaymentSplit:
    """Shares of the aid paid at attribution and on the bilan (art. 5 and each programme's
    "modalités de versement"). ``shares`` add up to 1; the last one takes the rounding."""

    shares: tuple[tuple[str, Decimal, str], ...] = (
        ("Acompte après l'attribution", Decimal("0.70"), "attribution"),
        ("Solde sur présentation du bilan", Decimal("0.30"), "bilan"),
    )
    text: str = ""
    article: str = "5"

    def __post_init__(self) -> None:
        if sum(share for _, share, _ in self.shares) != 1:
            raise ValueError("payment shares must add up to 1")


ONE_PAYMENT = PaymentSplit((("Versement unique", Decimal("1"), "attribution"),))
SPLIT_70_30 = PaymentSplit()
SPLIT_60_40 = PaymentSplit(
    (
        ("Acompte de 60 % après l'attribution", Decimal("0.60"), "attribution"),
        ("Solde de 40 % sur présentation du bilan", Decimal("0.40"), "bilan"),
    )
)
SPLIT_80_20 = PaymentSplit(
    (
        ("Acompte de 80 % après l'attribution", Decimal("0.80"), "attribution"),
        ("Solde de 20 % sur présentation du bilan", Decimal("0.20"), "bilan"),
    )
)
SPLIT_50_50 = PaymentSplit(
    (
        ("Acompte de 50 % après l'attribution", Decimal("0.50"), "attribution"),
        ("Solde de 50 % sur présentation du bilan", Decimal("0.50"), "bilan"),
    )
)

# --- the calculation ------------------------------------------------------------------------


@dataclass(frozen=True)
class StepRecord:
    label: str
    article: str
    before: Decimal | None
    after: Decimal | None
    detail: str = ""

    @property
    def removed(self) -> Decimal:
        if self.before is None or self.after is None:
            return ZERO
        return max(self.before - self.after, ZERO)


@dataclass
class Context:
    """What the steps read and write while the pipeline runs."""

    figures: Mapping[str, object]
    applicant: Applicant | None
    programme: Programme
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    values: dict[str, Decimal] = field(default_factory=dict)  # derived: cadre, depenses_eligibles

    def money(self, name: str) -> Decimal:
        """A derived value or an amount figure (0 when absent)."""
        if name in self.values:
            return self.values[name]
        value = self.figures.get(name)
        return to_decimal(value) if value not in (None, "") else ZERO

    def flag(self, name: str) -> bool:
        return bool(self.figures.get(name))


class Step:
    """One step of the pipeline: ``run(amount, ctx) -> (amount, StepRecord | None)``. ``amount``
    is ``None`` until a step sets a starting amount (a rate of the base, a flat amount, a unit
    rate); caps only lower it."""

    label: str = ""
    article: str = ""

    def run(self, current: Decimal | None, ctx: Context) -> tuple[Decimal | None, StepRecord]:
        raise NotImplementedError

    def describe(self) -> str:
        """One sentence for the public page of the programme."""
        return self.label


def _lower(current: Decimal | None, limit: Decimal) -> Decimal:
    limit = max(round_cents(limit), ZERO)
    return limit if current is None else min(current, limit)


@dataclass(frozen=True)
class RateOf(Step):
    """``rate`` of a base: ``"cadre"`` (eligible expenses × the coefficient), ``"depenses_eligibles"``,
    ``"budget_total"`` or any amount figure. As the first step it sets the amount; later it caps
    it."""

    rate: Decimal
    of: str = "cadre"
    label: str = ""
    article: str = ""

    def run(self, current, ctx):
        base = ctx.money(self.of)
        limit = apply_rate(base, self.rate)
        after = _lower(current, limit)
        detail = f"{format_share(self.rate)} × {format_euros(base)} = {format_euros(limit)}"
        return after, StepRecord(self.label, self.article, current, after, detail)

    def describe(self):
        return self.label or f"{format_share(self.rate)} de {self.of}"


@dataclass(frozen=True)
class Flat(Step):
    """A flat amount (art. 12: 5 000 €)."""

    value: Decimal
    label: str = ""
    article: str = ""

    def run(self, current, ctx):
        after = _lower(current, self.value)
        return after, StepRecord(self.label, self.article, current, after, format_euros(self.value))


@dataclass(frozen=True)
class UnitRate(Step):
    """``rate`` € per unit of an integer figure (art. 14-1: 30 € per engraved page). Several unit
    rates add up; as a later step it adds to the amount set before it."""

    figure: str
    rate: Decimal
    unit: str
    label: str = ""
    article: str = ""

    def run(self, current, ctx):
        units = int(ctx.figures.get(self.figure) or 0)
        value = round_cents(self.rate * units)
        after = value if current is None else current + value
        detail = f"{units} {self.unit} × {format_euros(self.rate)} = {format_euros(value)}"
        return after, StepRecord(self.label, self.article, current, after, detail)


@dataclass(frozen=True)
class CapEur(Step):
    """A cap in euros per project (``raised``: ``(condition(ctx) -> bool, value, why)`` for the
    raised caps of the RGA, first matching wins)."""

    value: Decimal
    label: str = ""
    article: str = ""
    raised: tuple[tuple[Callable[[Context], bool], Decimal, str], ...] = ()

    def limit(self, ctx: Context) -> tuple[Decimal, str]:
        for condition, value, why in self.raised:
            if condition(ctx):
                return value, why
        return self.value, ""

    def run(self, current, ctx):
        value, why = self.limit(ctx)
        after = _lower(current, value)
        detail = f"plafond de {format_euros(value)}" + (f" ({why})" if why else "")
        return after, StepRecord(self.label, self.article, current, after, detail)


@dataclass(frozen=True)
class CapYearly(CapEur):
    """A cap per beneficiary and per calendar year: what is left of ``value`` once the aids
    already obtained this year (figure ``already``, read from the database for a dossier) are
    deducted. ``articles`` names the programmes the cap is shared with (for the database read)."""

    already: str = "deja_attribue_annee"
    articles: tuple[str, ...] = ()

    def run(self, current, ctx):
        value, why = self.limit(ctx)
        already = ctx.money(self.already)
        left = max(value - already, ZERO)
        after = _lower(current, left)
        detail = (
            f"plafond annuel de {format_euros(value)}"
            + (f" ({why})" if why else "")
            + f", déjà obtenu {format_euros(already)}, reste {format_euros(left)}"
        )
        if left == 0:
            ctx.errors.append(
                f"Le plafond annuel de {format_euros(value)} par bénéficiaire est atteint "
                f"(art. {self.article})."
            )
        return after, StepRecord(self.label, self.article, current, after, detail)


@dataclass(frozen=True)
class CapPublicShare(Step):
    """Public funding (this aid included) limited to ``rate`` of a base (the project's budget):
    the aid is at most ``rate × budget − other public aids``."""

    rate: Decimal
    of: str = "budget_total"
    label: str = ""
    article: str = ""

    def run(self, current, ctx):
        base = ctx.money(self.of)
        others = ctx.money("autres_aides_publiques")
        limit = apply_rate(base, self.rate) - others
        after = _lower(current, limit)
        detail = (
            f"{format_share(self.rate)} × {format_euros(base)} − {format_euros(others)} "
            f"d'autres aides publiques = {format_euros(max(limit, ZERO))}"
        )
        return after, StepRecord(self.label, self.article, current, after, detail)


@dataclass(frozen=True)
class Minimum(Step):
    """An aid under ``value`` cannot be granted (art. 27-31: 400 €): a blocking error, the
    amount is kept so the simulator shows it."""

    value: Decimal
    label: str = ""
    article: str = ""

    def run(self, current, ctx):
        if current is not None and current < self.value:
            ctx.errors.append(
                f"L'aide calculée ({format_euros(current)}) est inférieure au minimum de "
                f"{format_euros(self.value)} (art. {self.article})."
            )
        return current, StepRecord(
            self.label, self.article, current, current, f"minimum {format_euros(self.value)}"
        )


@dataclass(frozen=True)
class Custom(Step):
    """A step of the programme's own: ``func(current, ctx) -> (amount, detail)``."""

    func: Callable[[Decimal | None, Context], tuple[Decimal | None, str]]
    label: str = ""
    article: str = ""
    description: str = ""

    def run(self, current, ctx):
        after, detail = self.func(current, ctx)
        if after is not None:
            after = max(round_cents(after), ZERO)
        return after, StepRecord(self.label, self.article, current, after, detail)

    def describe(self):
        return self.description or self.label


@dataclass
class Computation:
    """The result of :meth:`Programme.compute`. ``amount`` is the maximum aid, computed even
    when ``errors`` is not empty, never negative."""

    amount: Decimal
    errors: list[str]
    warnings: list[str]
    steps: list[StepRecord]
    criteria: list[CriterionResult]
    field_errors: dict[str, str]
    values: dict[str, object]  # the typed figures, plus derived values (cadre…)

    @property
    def eligible(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        """JSON form (stored on the dossier at deposit, answered by the simulator's API)."""

        def money(value):
            return None if value is None else str(value)

        return {
            "amount": str(self.amount),
            "eligible": self.eligible,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "field_errors": dict(self.field_errors),
            "steps": [
                {
                    "label": s.label,
                    "article": s.article,
                    "before": money(s.before),
                    "after": money(s.after),
                    "removed": str(s.removed),
                    "detail": s.detail,
                }
                for s in self.steps
            ],
            "criteria": [
                {
                    "code": c.code,
                    "label": c.label,
                    "article": c.article,
                    "met": c.met,
                    "message": c.message,
                    "blocking": c.blocking,
                }
                for c in self.criteria
            ],
        }


# --- the programme --------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    number: int
    title: str


@dataclass(frozen=True)
class Programme:
    article: str  # "12", "14-1", or "fonds-edition" for a closed fund
    title: str
    section: Section
    version: str  # the last deliberation applied, e.g. "2023/CA/04 du 15 mars 2023"
    valid_from: datetime.date
    objectives: str
    beneficiaries: str
    applicant_kinds: frozenset[str]
    steps: tuple[Step, ...]
    deliberations: str = ""
    legal_forms: frozenset[str] | None = None  # None: every legal form of the applicant kinds
    licence_required: bool = False
    affiliation_required: bool = True
    criteria: tuple[Criterion, ...] = ()
    figures: tuple[Figure, ...] = ()
    expense_categories: tuple[ExpenseCategory, ...] = ()
    eligible_expenses: str = ""
    coefficient: Decimal | None = None  # cadre subventionnable = dépenses éligibles × coefficient
    max_aids_per_year: int | None = None
    limits_text: tuple[str, ...] = ()
    payment: PaymentSplit = SPLIT_70_30
    documents: tuple[Document, ...] = ()
    appreciation: tuple[str, ...] = ()
    bilan: str = ""
    bilan_months: int | None = None  # months after the attribution to file the bilan
    rse_grid: bool = False  # art. 11 and annexe 4 apply
    closed: bool = False
    notes: tuple[str, ...] = ()
    uses_budget: bool = True  # the dossier asks for a budget (expense and revenue lines)

    # --- reading -------------------------------------------------------------------------
    @property
    def slug(self) -> str:
        return f"article-{self.article}" if self.article[0].isdigit() else self.article

    @property
    def reference(self) -> str:
        return f"Article {self.article}" if self.article[0].isdigit() else self.title

    def all_figures(self) -> tuple[Figure, ...]:
        """Every figure the dossier and the simulator ask, in order, without duplicates."""
        seen: dict[str, Figure] = {}
        budget: list[Figure] = []
        if self.uses_budget:
            if self.expense_categories:
                budget = [c.figure for c in self.expense_categories]
            else:
                budget = [DEPENSES_ELIGIBLES]
            budget.append(BUDGET_TOTAL)
        for figure in (*self.figures, *budget, *COMMON_FIGURES):
            seen.setdefault(figure.name, figure)
        return tuple(seen.values())

    def figure(self, name: str) -> Figure:
        for figure in self.all_figures():
            if figure.name == name:
                return figure
        raise KeyError(name)

    def yearly_caps(self) -> tuple[CapYearly, ...]:
        return tuple(s for s in self.steps if isinstance(s, CapYearly))

    def accepts(self, kind: str | None, legal_form: str | None) -> bool:
        """Can a structure of that kind and legal form apply? (catalogue filter)"""
        if kind is not None and kind not in self.applicant_kinds:
            return False
        return not (
            legal_form is not None
            and self.legal_forms is not None
            and legal_form not in self.legal_forms
        )

    # --- computing -----------------------------------------------------------------------
    def clean(self, raw: Mapping[str, object]) -> tuple[dict[str, object], dict[str, str]]:
        """Typed figures and the French error of each figure that is not valid."""
        values: dict[str, object] = {}
        errors: dict[str, str] = {}
        for figure in self.all_figures():
            value, error = figure.parse(figure.raw_value(raw))
            if error:
                errors[figure.name] = error
            else:
                values[figure.name] = value
        return values, errors

    def serialize(self, values: Mapping[str, object]) -> dict[str, object]:
        names = {f.name: f for f in self.all_figures()}
        return {k: names[k].serialize(v) for k, v in values.items() if k in names}

    def compute(
        self, figures: Mapping[str, object], *, applicant: Applicant | None = None
    ) -> Computation:
        """The maximum aid with its steps, the criteria met or not, blocking errors and
        warnings. ``figures`` may be raw (strings from a form or JSON) or typed."""
        values, field_errors = self.clean(figures)
        ctx = Context(figures=values, applicant=applicant, programme=self)
        if field_errors:
            ctx.errors.append("Certaines données saisies sont invalides ou manquantes.")
        criteria = self._check_applicant(ctx) + self._check_criteria(ctx, field_errors)
        steps: list[StepRecord] = []
        if self.uses_budget:
            steps += self._base(ctx)
        current: Decimal | None = None
        for step in self.steps:
            current, record = step.run(current, ctx)
            steps.append(record)
        requested = values.get("montant_sollicite")
        if requested is not None and requested > 0:
            before = current
            current = _lower(current, requested)
            steps.append(
                StepRecord(
                    "Montant sollicité",
                    "3",
                    before,
                    current,
                    f"l'aide ne dépasse pas le montant demandé ({format_euros(requested)})",
                )
            )
        final = max(round_cents(current), ZERO) if current is not None else ZERO
        if self.closed:
            ctx.errors.append("Ce programme est clos : aucune demande ne peut plus être déposée.")
        all_values = {**values, **ctx.values}
        return Computation(
            amount=final,
            errors=ctx.errors,
            warnings=ctx.warnings,
            steps=steps,
            criteria=criteria,
            field_errors=field_errors,
            values=all_values,
        )

    def _base(self, ctx: Context) -> list[StepRecord]:
        records = []
        if self.expense_categories:
            total = ZERO
            parts = []
            for category in self.expense_categories:
                spent = ctx.money(category.figure.name)
                kept = apply_rate(spent, category.share)
                total += kept
                if spent:
                    parts.append(f"{category.label} : {format_euros(kept)}")
            ctx.values["depenses_eligibles"] = total
            records.append(
                StepRecord(
                    "Dépenses éligibles",
                    self.article,
                    None,
                    total,
                    " ; ".join(parts) or "aucune dépense éligible saisie",
                )
            )
        base = ctx.money("depenses_eligibles")
        if self.coefficient is not None:
            cadre = round_cents(base * self.coefficient)
            records.append(
                StepRecord(
                    "Cadre subventionnable",
                    self.article,
                    base,
                    cadre,
                    f"{format_euros(base)} × {str(self.coefficient).replace('.', ',')}",
                )
            )
        else:
            cadre = base
        ctx.values["cadre"] = cadre
        budget = ctx.money("budget_total")
        if budget and base > budget:
            ctx.errors.append(
                "Les dépenses éligibles ne peuvent pas dépasser le budget total du projet."
            )
        return records

    def _check_applicant(self, ctx: Context) -> list[CriterionResult]:
        applicant = ctx.applicant or Applicant()
        results = []

        def add(code, label, article, met, message):
            results.append(CriterionResult(code, label, article, met, message if not met else ""))
            if met is False:
                ctx.errors.append(message)
            elif met is None:
                ctx.warnings.append(f"À vérifier : {label.lower()}.")

        kinds = " ou ".join(APPLICANT_KIND_LABELS[k] for k in sorted(self.applicant_kinds))
        kind_ok = None if applicant.kind is None else applicant.kind in self.applicant_kinds
        if kind_ok and applicant.legal_form and self.legal_forms is not None:
            kind_ok = applicant.legal_form in self.legal_forms
        add(
            "demandeur",
            f"Demandeur : {kinds}",
            self.article,
            kind_ok,
            f"Ce programme n'est pas ouvert à ce type de demandeur ({kinds} seulement).",
        )
        if self.affiliation_required:
            add(
                "affiliation",
                "Être affilié au CNM à la date du dépôt",
                "1",
                applicant.affiliated,
                "La structure doit être affiliée au CNM à la date du dépôt (art. 1 du RGA).",
            )
        if self.licence_required:
            add(
                "licence",
                "Être titulaire de la licence d'entrepreneur de spectacles",
                self.article,
                applicant.has_licence,
                "La licence d'entrepreneur de spectacles est exigée par ce programme.",
            )
        if self.max_aids_per_year is not None and applicant.aids_this_year is not None:
            met = applicant.aids_this_year < self.max_aids_per_year
            add(
                "limite_annuelle",
                f"Au plus {self.max_aids_per_year} aide(s) par an sur ce programme",
                self.article,
                met,
                f"Le nombre maximal d'aides par an sur ce programme ({self.max_aids_per_year}) "
                "est atteint.",
            )
        return results

    def _check_criteria(
        self, ctx: Context, field_errors: Mapping[str, str]
    ) -> list[CriterionResult]:
        results = []
        for criterion in self.criteria:
            if criterion.check is None:
                results.append(
                    CriterionResult(criterion.code, criterion.label, criterion.article, None)
                )
                continue
            try:
                message = criterion.check(ctx.figures, ctx.applicant)
            except (KeyError, TypeError):  # a figure it needs is missing or invalid
                message = None if field_errors else "Données manquantes pour ce critère."
                if field_errors:
                    results.append(
                        CriterionResult(
                            criterion.code,
                            criterion.label,
                            criterion.article,
                            None,
                            "Données manquantes pour ce critère.",
                            criterion.blocking,
                        )
                    )
                    continue
            if isinstance(message, Unverified):
                results.append(
                    CriterionResult(
                        criterion.code,
                        criterion.label,
                        criterion.article,
                        None,
                        str(message),
                        criterion.blocking,
                    )
                )
                ctx.warnings.append(str(message))
                continue
            met = message is None
            results.append(
                CriterionResult(
                    criterion.code,
                    criterion.label,
                    criterion.article,
                    met,
                    message or "",
                    criterion.blocking,
                )
            )
            if not met:
                (ctx.errors if criterion.blocking else ctx.warnings).append(message)
        return results

    def payment_schedule(self, amount: Decimal) -> list[Installment]:
        """The installments of an aid of ``amount``, adding up exactly to it (art. 5: an aid of
        5 000 € or less is paid at once)."""
        from aides.rules import installments

        return installments(amount, self.payment)

    def public_steps(self) -> list[str]:
        return [step.describe() for step in self.steps]


def deposit_day(applicant: Applicant | None) -> datetime.date:
    """The deposit date of a real dossier, today in the simulator (for "n years of existence
    on the deposit date" criteria)."""
    if applicant is not None and applicant.on is not None:
        return applicant.on
    return datetime.date.today()


def money_of(figures: Mapping[str, object], name: str) -> Decimal:
    """An amount figure as Decimal (0 when absent): for rule functions."""
    value = figures.get(name)
    return to_decimal(value) if value not in (None, "") else ZERO


def first_error(*messages: str | None) -> str | None:
    for message in messages:
        if message:
            return message
    return None


def all_of(checks: Iterable[Check]) -> Check:
    checks = tuple(checks)

    def check(figures, applicant):
        return first_error(*(c(figures, applicant) for c in checks))

    return check
