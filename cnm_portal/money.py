"""Money: the one module that decides how amounts are rounded, parsed and shown.

Every amount in the portal is a ``Decimal`` (stored as ``DecimalField(max_digits=14,
decimal_places=2)``). Floats are refused at the door because ``0.1 + 0.2`` is not ``0.3`` and a tax
or an aid computed in binary floating point can be off by a cent. Rounding always goes through
``quantize`` with an explicit policy, never ``round()`` (which rounds half to even): the default
policy is half up to the cent, so that 35.005 € is 35.01 €, as an accountant expects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

CENT = Decimal("0.01")
EURO = Decimal("1")
ZERO = Decimal("0.00")

# French typography: a narrow no-break space groups thousands ("1 234 567,89"), a no-break
# space separates the number from its unit ("12,50 €", "3,5 %").
THOUSANDS_SEPARATOR = "\u202f"
UNIT_SEPARATOR = "\u00a0"

# What the helpers accept: never float (see ``to_decimal``).
Amount = Decimal | int | str

# Digits grouped by three with single spaces ("1 234 567"), or not grouped at all ("1234567");
# then at most two decimals after a comma or a dot. Spaces have been normalised beforehand.
_AMOUNT_RE = re.compile(r"(?P<sign>-)?(?P<units>\d{1,3}(?: \d{3})+|\d+)(?:[.,](?P<cents>\d{1,2}))?")
_SPACES_RE = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")


def to_decimal(value: Amount) -> Decimal:
    """Return ``value`` as a finite ``Decimal``, refusing floats.

    A float has already lost the exact value the user typed; accepting it here would hide the bug
    that produced it, so it is a ``TypeError`` (and so is ``bool``, which is an ``int`` subclass
    that is never an amount). Strings use the dot as decimal separator; user input goes through
    ``parse_amount`` instead.
    """
    if isinstance(value, bool | float):
        raise TypeError(f"Money must be Decimal, int or str, not {type(value).__name__}.")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError(f"Not a decimal number: {value!r}.") from exc
    else:
        raise TypeError(f"Money must be Decimal, int or str, not {type(value).__name__}.")
    if not result.is_finite():
        raise ValueError(f"Not a finite amount: {value!r}.")
    return result


def round_cents(amount: Amount, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round to the cent, half up unless a rule says otherwise (pass another ``decimal`` mode)."""
    return to_decimal(amount).quantize(CENT, rounding=rounding)


def round_down_cents(amount: Amount) -> Decimal:
    """Truncate to the cent, for rules that must never give more than what is due (ceilings)."""
    return round_cents(amount, rounding=ROUND_DOWN)


def round_euros(amount: Amount, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round to the whole euro (``Decimal`` without decimals), for amounts announced in euros."""
    return to_decimal(amount).quantize(EURO, rounding=rounding)


def apply_rate(base: Amount, rate: Amount) -> Decimal:
    """Return ``base × rate`` rounded half up to the cent.

    The product is exact (``Decimal``), so the only rounding is the final one: 3.5 % of 1000.15 is
    35.00525, which gives 35.01, not 35.00 as a float computation could.
    """
    return round_cents(to_decimal(base) * to_decimal(rate))


def percentage(value: str | int | Decimal) -> Decimal:
    """Convert a percentage as written in a rule ("3.5", "3,5" or 20) to a rate (0.035, 0.20).

    Rates are kept as exact decimals; shifting the exponent avoids any division rounding.
    """
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
    return to_decimal(value).scaleb(-2)


def sum_money(amounts: Iterable[Amount]) -> Decimal:
    """Sum amounts exactly, starting from 0.00 so that an empty sum is still an amount."""
    return sum((to_decimal(amount) for amount in amounts), start=ZERO)


def _group_thousands(digits: str) -> str:
    """Group a string of digits by three from the right with the narrow no-break space."""
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return THOUSANDS_SEPARATOR.join(groups)


def format_number(amount: Amount, *, places: int = 2) -> str:
    """Format a number the French way ("1 234,56"), rounded half up to ``places`` decimals.

    Used for amounts shown in form inputs (no unit) and by ``format_euros``. A value that rounds to
    zero is shown without a minus sign.
    """
    quantum = Decimal(1).scaleb(-places)
    value = to_decimal(amount).quantize(quantum, rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)
    sign = "-" if value < 0 else ""
    units, _dot, decimals = f"{abs(value):f}".partition(".")
    text = sign + _group_thousands(units)
    if decimals:
        text += "," + decimals
    return text


def format_euros(amount: Amount, *, decimals: bool = True) -> str:
    """Format an amount in euros as French readers expect: "1 234 567,89 €", "-12,50 €".

    With ``decimals=False`` the amount is first rounded half up to the euro ("1 235 €"), for
    headlines and tables where cents are noise.
    """
    return format_number(amount, places=2 if decimals else 0) + UNIT_SEPARATOR + "€"


def format_percentage(rate: Amount) -> str:
    """Format a rate as a French percentage: 0.035 → "3,5 %", 0.20 → "20 %".

    All significant decimals are kept (a legal rate must be shown exactly), trailing zeros are not.
    """
    value = to_decimal(rate).scaleb(2)
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in {"-0", ""}:
        text = "0"
    return text.replace(".", ",") + UNIT_SEPARATOR + "%"


# The French error shown for any amount that cannot be read, by ``parse_amount`` and ``MoneyField``.
INVALID_AMOUNT_MESSAGE = gettext_lazy(
    "Montant invalide\u00a0: saisissez un nombre avec au plus deux décimales, "
    "par exemple 1\u202f234,56."
)


def parse_amount(text: str) -> Decimal:
    """Read an amount typed by a user: "1 234,56", "1234.56", "1234", "1 234,56 €".

    Spaces (regular, no-break, narrow no-break) may group thousands by three, the decimal separator
    is a comma or a dot, and a trailing "€" is ignored. More than two decimals is refused rather
    than silently rounded: the user must see that the value they typed is not what would be
    stored. Raises ``ValueError`` with a French message fit for display.
    """
    if not isinstance(text, str):
        raise ValueError(str(INVALID_AMOUNT_MESSAGE))
    cleaned = _SPACES_RE.sub(" ", text).strip()
    cleaned = cleaned.removesuffix("€").rstrip()
    cleaned = cleaned.replace("\u2212", "-")  # the typographic minus sign
    match = _AMOUNT_RE.fullmatch(cleaned)
    if match is None:
        raise ValueError(str(INVALID_AMOUNT_MESSAGE))
    units = match["units"].replace(" ", "")
    cents = (match["cents"] or "").ljust(2, "0")
    value = Decimal(f"{match['sign'] or ''}{units}.{cents}")
    return abs(value) if value == 0 else value


class MoneyField(forms.DecimalField):
    """A form field for an amount in euros, typed the French way ("1 234,56").

    It is a text input (``inputmode="decimal"`` brings up the numeric keypad on phones) because a
    ``type="number"`` input refuses the spaces French users type between thousands. Parsing is
    ``parse_amount``; amounts are non-negative unless ``min_value`` says otherwise.
    """

    widget = forms.TextInput
    default_error_messages = {"invalid": INVALID_AMOUNT_MESSAGE}

    def __init__(
        self,
        *,
        min_value: Decimal | int | None = Decimal("0"),
        max_value: Decimal | int | None = None,
        max_digits: int = 14,
        decimal_places: int = 2,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            min_value=min_value,
            max_value=max_value,
            max_digits=max_digits,
            decimal_places=decimal_places,
            **kwargs,
        )
        if min_value is not None:
            # Replace Django's generic "greater than or equal to" message with one about money.
            self.validators = [v for v in self.validators if not isinstance(v, MinValueValidator)]
            if to_decimal(min_value) == 0:
                message = gettext_lazy("Le montant ne peut pas être négatif.")
            else:
                message = format_lazy(
                    gettext_lazy("Le montant doit être d'au moins {minimum}."),
                    minimum=format_euros(min_value),
                )
            self.validators.append(MinValueValidator(min_value, message=message))

    def to_python(self, value: Any) -> Decimal | None:
        """Parse with ``parse_amount``; Decimal and int values (initial data) pass through."""
        if value in self.empty_values:
            return None
        try:
            if isinstance(value, Decimal | int) and not isinstance(value, bool):
                return to_decimal(value)
            return parse_amount(str(value))
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def prepare_value(self, value: Any) -> Any:
        """Show stored amounts the way users type them ("1 234,50"), which parses back."""
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return format_number(value)
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs.setdefault("inputmode", "decimal")
            attrs.setdefault("autocomplete", "off")
        return attrs
