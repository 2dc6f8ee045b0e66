"""Rounding, parsing and formatting of amounts (no database)."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal

import pytest
from django import forms

from cnm_portal.money import (
    CENT,
    INVALID_AMOUNT_MESSAGE,
    MoneyField,
    apply_rate,
    format_euros,
    format_number,
    format_percentage,
    parse_amount,
    percentage,
    round_cents,
    round_down_cents,
    round_euros,
    sum_money,
    to_decimal,
)

NNBSP = "\u202f"
NBSP = "\u00a0"


def test_cent_is_one_hundredth() -> None:
    assert Decimal("0.01") == CENT


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12.345"), Decimal("12.345")),
        (12, Decimal("12")),
        (0, Decimal("0")),
        ("12.50", Decimal("12.50")),
        (" 7.1 ", Decimal("7.1")),
        ("-3", Decimal("-3")),
    ],
)
def test_to_decimal_accepts_decimal_int_and_str(
    value: Decimal | int | str, expected: Decimal
) -> None:
    result = to_decimal(value)
    assert isinstance(result, Decimal)
    assert result == expected


@pytest.mark.parametrize("value", [0.1, 1.0, True, False, None, [1]])
def test_to_decimal_refuses_float_bool_and_others(value: object) -> None:
    with pytest.raises(TypeError):
        to_decimal(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["abc", "", "1,5", "NaN", "Infinity", Decimal("NaN")])
def test_to_decimal_refuses_non_numbers(value: str | Decimal) -> None:
    with pytest.raises(ValueError, match=r"^Not a (decimal number|finite amount)"):
        to_decimal(value)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0.004", "0.00"),
        ("0.005", "0.01"),
        ("1.005", "1.01"),
        ("2.675", "2.68"),  # 2.67 with float arithmetic
        ("100.005", "100.01"),
        ("1000.125", "1000.13"),
        ("99999999999.995", "100000000000.00"),
        ("-1.005", "-1.01"),  # half up means away from zero
        ("-0.004", "0.00"),
        ("12", "12.00"),
        (7, "7.00"),
    ],
)
def test_round_cents_is_half_up(amount: str | int, expected: str) -> None:
    result = round_cents(amount)
    assert result == Decimal(expected)
    assert result.as_tuple().exponent == -2


def test_round_cents_takes_another_policy() -> None:
    assert round_cents("2.665", rounding=ROUND_HALF_EVEN) == Decimal("2.66")
    assert round_cents("2.665") == Decimal("2.67")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("1.009", "1.00"),
        ("1.001", "1.00"),
        ("100.999", "100.99"),
        ("-1.009", "-1.00"),
        ("5", "5.00"),
    ],
)
def test_round_down_cents_truncates(amount: str, expected: str) -> None:
    assert round_down_cents(amount) == Decimal(expected)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0.49", "0"),
        ("0.50", "1"),
        ("1234.49", "1234"),
        ("1234.50", "1235"),
        ("-2.50", "-3"),
        ("10", "10"),
    ],
)
def test_round_euros(amount: str, expected: str) -> None:
    result = round_euros(amount)
    assert result == Decimal(expected)
    assert result.as_tuple().exponent == 0


def test_round_euros_takes_another_policy() -> None:
    assert round_euros("1234.99", rounding=ROUND_DOWN) == Decimal("1234")


@pytest.mark.parametrize(
    ("base", "rate", "expected"),
    [
        ("1000.10", "0.035", "35.00"),  # 35.0035
        ("1000.14", "0.035", "35.00"),  # 35.0049
        ("1000.15", "0.035", "35.01"),  # 35.00525
        ("101.00", "0.035", "3.54"),  # 3.535: x.xx5 above 100 €
        ("100.00", "0.035", "3.50"),
        ("0.14", "0.035", "0.00"),  # 0.0049
        ("0.15", "0.035", "0.01"),  # 0.00525
        ("1234567.89", "0.035", "43209.88"),  # 43209.87615
        ("12345678901.23", "0.20", "2469135780.25"),  # 2469135780.246
        ("0", "0.035", "0.00"),
        ("1000", "1", "1000.00"),
    ],
)
def test_apply_rate_rounds_half_up_once(base: str, rate: str, expected: str) -> None:
    assert apply_rate(Decimal(base), Decimal(rate)) == Decimal(expected)


def test_apply_rate_refuses_float() -> None:
    with pytest.raises(TypeError):
        apply_rate(Decimal("100"), 0.035)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3.5", "0.035"), ("3,5", "0.035"), (20, "0.20"), ("0", "0"), ("100", "1"), ("5.5", "0.055")],
)
def test_percentage_converts_to_rate(value: str | int, expected: str) -> None:
    assert percentage(value) == Decimal(expected)


def test_percentage_is_exact() -> None:
    assert percentage("3.5") == Decimal("0.035")
    assert str(percentage("3.5")) == "0.035"


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        ([], "0.00"),
        ([Decimal("0.10"), Decimal("0.20")], "0.30"),
        ([1, "2.5", Decimal("0.25")], "3.75"),
        ((Decimal("-1.00"), Decimal("1.00")), "0.00"),
    ],
)
def test_sum_money(amounts: list[Decimal | int | str], expected: str) -> None:
    result = sum_money(amounts)
    assert result == Decimal(expected)
    assert isinstance(result, Decimal)


def test_sum_money_of_nothing_is_an_amount() -> None:
    assert str(sum_money([])) == "0.00"


def test_sum_money_refuses_float() -> None:
    with pytest.raises(TypeError):
        sum_money([Decimal("1"), 0.1])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1234567.89"), f"1{NNBSP}234{NNBSP}567,89{NBSP}€"),
        (Decimal("0"), f"0,00{NBSP}€"),
        (Decimal("0.5"), f"0,50{NBSP}€"),
        (Decimal("999.99"), f"999,99{NBSP}€"),
        (Decimal("1000"), f"1{NNBSP}000,00{NBSP}€"),
        (Decimal("-12.5"), f"-12,50{NBSP}€"),
        (Decimal("-1234.5"), f"-1{NNBSP}234,50{NBSP}€"),
        (Decimal("1.005"), f"1,01{NBSP}€"),
        (Decimal("-0.001"), f"0,00{NBSP}€"),
        (42, f"42,00{NBSP}€"),
        ("100000", f"100{NNBSP}000,00{NBSP}€"),
    ],
)
def test_format_euros(amount: Decimal | int | str, expected: str) -> None:
    assert format_euros(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1234.50"), f"1{NNBSP}235{NBSP}€"),
        (Decimal("1234.49"), f"1{NNBSP}234{NBSP}€"),
        (Decimal("999.50"), f"1{NNBSP}000{NBSP}€"),
        (Decimal("-12.50"), f"-13{NBSP}€"),
        (Decimal("0.4"), f"0{NBSP}€"),
    ],
)
def test_format_euros_without_decimals(amount: Decimal, expected: str) -> None:
    assert format_euros(amount, decimals=False) == expected


def test_format_euros_refuses_float() -> None:
    with pytest.raises(TypeError):
        format_euros(12.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        (Decimal("0.035"), f"3,5{NBSP}%"),
        (Decimal("0.20"), f"20{NBSP}%"),
        (Decimal("0.0550"), f"5,5{NBSP}%"),
        (Decimal("1"), f"100{NBSP}%"),
        (Decimal("0"), f"0{NBSP}%"),
        (Decimal("0.00125"), f"0,125{NBSP}%"),
    ],
)
def test_format_percentage(rate: Decimal, expected: str) -> None:
    assert format_percentage(rate) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1234", "1234.00"),
        ("1234,5", "1234.50"),
        ("0", "0.00"),
        ("0,01", "0.01"),
        (f"1{NBSP}234,56", "1234.56"),
        (f"1{NNBSP}234{NNBSP}567,89", "1234567.89"),
        ("1 234,56 €", "1234.56"),
        ("1234,56€", "1234.56"),
        (f"12,50{NBSP}€", "12.50"),
        ("  42  ", "42.00"),
        ("-12,50", "-12.50"),
        ("1 000 000", "1000000.00"),
    ],
)
def test_parse_amount_accepts_french_and_plain_forms(text: str, expected: str) -> None:
    result = parse_amount(text)
    assert result == Decimal(expected)
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "€",
        "12,345",  # three decimals: refused, not rounded
        "0.001",
        "12a",
        "abc",
        "1.234,56",  # two separators
        "12 34",  # badly grouped thousands
        "1234 567",
        ",5",
        "5,",
        "1e3",
        "--5",
        "12 €€",
    ],
)
def test_parse_amount_rejects_with_french_message(text: str) -> None:
    with pytest.raises(ValueError, match="Montant invalide") as excinfo:
        parse_amount(text)
    assert str(excinfo.value) == str(INVALID_AMOUNT_MESSAGE)
    assert "au plus deux décimales" in str(excinfo.value)


class _MoneyForm(forms.Form):
    montant = MoneyField(label="Montant")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 234,56", Decimal("1234.56")),
        ("0", Decimal("0.00")),
        ("0,01", Decimal("0.01")),
        ("999 999 999 999,99", Decimal("999999999999.99")),  # 14 digits: the largest amount
    ],
)
def test_money_field_cleans_french_input(typed: str, expected: Decimal) -> None:
    form = _MoneyForm(data={"montant": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["montant"] == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-0,01", "Le montant ne peut pas être négatif."),
        ("12,345", str(INVALID_AMOUNT_MESSAGE)),
        ("douze", str(INVALID_AMOUNT_MESSAGE)),
    ],
)
def test_money_field_errors_are_french(typed: str, message: str) -> None:
    form = _MoneyForm(data={"montant": typed})
    assert not form.is_valid()
    assert form.errors["montant"] == [message]


def test_money_field_refuses_more_than_14_digits() -> None:
    form = _MoneyForm(data={"montant": "1 000 000 000 000,00"})
    assert not form.is_valid()
    assert "montant" in form.errors


def test_money_field_renders_a_decimal_text_input_with_french_initial() -> None:
    form = _MoneyForm(initial={"montant": Decimal("1234.5")})
    html = str(form["montant"])
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert f'value="1{NNBSP}234,50"' in html
    assert form.fields["montant"].prepare_value(Decimal("1234.5")) == format_number("1234.5")


def test_money_field_other_minimum_has_its_own_message() -> None:
    class Form(forms.Form):
        montant = MoneyField(min_value=Decimal("100"))

    form = Form(data={"montant": "99,99"})
    assert not form.is_valid()
    assert form.errors["montant"] == [f"Le montant doit être d'au moins 100,00{NBSP}€."]


def test_money_field_without_minimum_accepts_negative() -> None:
    class Form(forms.Form):
        montant = MoneyField(min_value=None)

    form = Form(data={"montant": "-12,50"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["montant"] == Decimal("-12.50")
