from decimal import Decimal

import pytest

from boutique import rules
from cnm_portal.money import percentage

D = Decimal


@pytest.mark.parametrize(
    "value", ["9782957321506", "978-2-9573215-0-6", "979 10 89430 01 7", "9782130697350"]
)
def test_valid_isbn13(value):
    assert rules.isbn13_error(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9782957321507", "clé de contrôle"),
        ("2957321506", "13 chiffres"),
        ("97829573215X6", "13 chiffres"),
        ("1234567890128", "978 ou 979"),
        ("", "13 chiffres"),
    ],
)
def test_invalid_isbn13(value, message):
    assert message in rules.isbn13_error(value)


def test_split_at_five_and_a_half_percent():
    amounts = rules.split_ttc(D("25.00"), rules.BOOK_VAT_RATE)  # 23.6966… → 23.70
    assert (amounts.ht, amounts.tva, amounts.ttc) == (D("23.70"), D("1.30"), D("25.00"))


@pytest.mark.parametrize(
    ("ttc", "ht", "tva"),
    [
        (D("0.03"), D("0.03"), D("0.00")),  # 0.025 → half up
        (D("12.21"), D("10.18"), D("2.03")),  # 10.175 → 10.18
        (D("120.03"), D("100.03"), D("20.00")),  # 100.025 → 100.03 (≥ 100)
        (D("1200.03"), D("1000.03"), D("200.00")),  # 1000.025
    ],
)
def test_split_rounds_half_up_at_x_xx5(ttc, ht, tva):
    amounts = rules.split_ttc(ttc, percentage("20"))
    assert (amounts.ht, amounts.tva) == (ht, tva)
    assert amounts.ht + amounts.tva == ttc


def test_line_is_split_once_not_per_unit():
    # per unit: 9.90 / 1.055 = 9.3838 → 9.38 × 7 = 65.66; on the line: 69.30 / 1.055 = 65.687 → 65.69
    amounts = rules.line_amounts(D("9.90"), 7, rules.BOOK_VAT_RATE)
    assert (amounts.ht, amounts.tva, amounts.ttc) == (D("65.69"), D("3.61"), D("69.30"))


def test_totals_are_the_sums_of_the_lines():
    lines = [
        rules.line_amounts(D("25.00"), 2, rules.BOOK_VAT_RATE),
        rules.line_amounts(D("12.50"), 1, rules.BOOK_VAT_RATE),
        rules.line_amounts(rules.SHIPPING_TTC, 1, rules.BOOK_VAT_RATE),
    ]
    total = rules.totals(lines)
    assert total.ttc == D("67.40")
    assert total.ht == sum(line.ht for line in lines)
    assert total.ht + total.tva == total.ttc


def test_vat_summary_groups_by_rate():
    a = rules.split_ttc(D("10.55"), rules.BOOK_VAT_RATE)
    b = rules.split_ttc(D("12.00"), percentage("20"))
    summary = rules.vat_summary([(rules.BOOK_VAT_RATE, a), (percentage("20"), b), (D("0.055"), a)])
    assert [rate for rate, _amounts in summary] == [D("0.055"), D("0.20")]
    assert summary[0][1].ttc == D("21.10")
    assert summary[0][1].ht == D("20.00")


@pytest.mark.parametrize(
    ("quantity", "stock", "message"),
    [
        (0, None, "au moins 1"),
        (-3, 10, "au moins 1"),
        (51, None, "Au plus 50"),
        (4, 3, "reste que 3"),
        (1, 0, "épuisé"),
    ],
)
def test_quantity_errors(quantity, stock, message):
    assert message in rules.quantity_error(quantity, stock=stock)


@pytest.mark.parametrize(("quantity", "stock"), [(1, None), (3, 3), (50, None)])
def test_quantity_ok(quantity, stock):
    assert rules.quantity_error(quantity, stock=stock) is None


def test_invoice_number():
    assert rules.invoice_number(2026, 123) == "F-2026-000123"


def test_shipping_only_with_print():
    assert rules.shipping_for(True) == rules.SHIPPING_TTC
    assert rules.shipping_for(False) == D("0.00")
