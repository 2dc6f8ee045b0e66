"""RGA art. 44-48 as tables of cases, boundaries included (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from compte_entrepreneur import rules

D = Decimal


@pytest.mark.parametrize(
    ("tax", "credit"),
    [
        (D("0.00"), D("0.00")),
        (D("0.01"), D("0.01")),  # 0.0065 → 0.01
        (D("0.07"), D("0.05")),  # 0.0455 → 0.05
        (D("1.00"), D("0.65")),
        (D("100.10"), D("65.07")),  # 65.065 half up
        (D("1000.15"), D("650.10")),  # 650.0975
        (D("1153.85"), D("750.00")),  # 750.0025
        (D("1153.84"), D("750.00")),  # 749.996 → 750.00
        (D("1153.83"), D("749.99")),  # 749.9895
        (D("123456.70"), D("80246.86")),  # 80246.855 half up, above 100
    ],
)
def test_credit_from_tax_is_65_percent_half_up(tax, credit):
    assert rules.credit_from_tax(tax) == credit
    assert rules.credit_from_tax(tax) + rules.support_share(tax) == tax


def test_credit_from_negative_tax_is_refused():
    with pytest.raises(ValueError):
        rules.credit_from_tax(D("-1.00"))


@pytest.mark.parametrize(
    ("balance", "sufficient"),
    [(D("749.99"), False), (D("750.00"), True), (D("750.01"), True), (D("0.00"), False)],
)
def test_drawing_needs_750_euros(balance, sufficient):
    assert rules.drawing_balance_sufficient(balance) is sufficient


@pytest.mark.parametrize(
    ("office", "principal", "majoration", "before", "amount", "eligible"),
    [
        (False, "100.00", "0.00", "0.00", "100.00", "100.00"),
        (False, "100.00", "10.00", "0.00", "60.00", "60.00"),  # principal first
        (False, "100.00", "10.00", "60.00", "50.00", "40.00"),  # then the majoration
        (False, "100.00", "10.00", "100.00", "10.00", "0.00"),  # only majoration
        (False, "100.00", "0.00", "0.00", "150.00", "100.00"),  # overpayment is not tax
        (False, "100.00", "0.00", "100.00", "5.00", "0.00"),
        (True, "1000.00", "400.00", "0.00", "1400.00", "0.00"),  # taxation d'office
    ],
)
def test_eligible_tax(office, principal, majoration, before, amount, eligible):
    assert rules.eligible_tax(
        taxation_office=office,
        principal=D(principal),
        majoration=D(majoration),
        paid_before=D(before),
        amount=D(amount),
    ) == D(eligible)


@pytest.mark.parametrize(
    ("total", "shares", "parts"),
    [
        ("10.01", ["50", "50"], ["5.01", "5.00"]),  # 5.005 each: the cent to the first
        ("0.01", ["50", "50"], ["0.01", "0.00"]),
        ("100.00", ["33.33", "33.33", "33.34"], ["33.33", "33.33", "33.34"]),
        ("10.00", ["33.33", "33.33", "33.34"], ["3.33", "3.33", "3.34"]),  # 3.334 largest
        ("1.00", ["33.34", "33.33", "33.33"], ["0.34", "0.33", "0.33"]),
        ("650.10", ["70", "30"], ["455.07", "195.03"]),
        ("0.05", ["10", "90"], ["0.01", "0.04"]),  # 0.005 / 0.045: tie → first
        ("123.45", ["100"], ["123.45"]),
    ],
)
def test_split_credit_adds_up_exactly(total, shares, parts):
    result = rules.split_credit(D(total), [(i, D(s)) for i, s in enumerate(shares)])
    assert [part for _key, part in result] == [D(p) for p in parts]
    assert sum(part for _key, part in result) == D(total)


def test_split_needs_shares_summing_to_100():
    with pytest.raises(ValueError):
        rules.split_credit(D("10.00"), [(1, D("50")), (2, D("49.99"))])


@pytest.mark.parametrize(
    ("notified", "last_day"),
    [
        (date(2026, 12, 1), date(2029, 12, 1)),
        (date(2028, 2, 29), date(2031, 2, 28)),  # no 29 February in 2031
        (date(2027, 2, 28), date(2030, 2, 28)),
        (date(2025, 2, 28), date(2028, 2, 28)),  # not the 29th of the leap year
        (date(2026, 1, 31), date(2029, 1, 31)),
        (date(2026, 12, 31), date(2029, 12, 31)),
    ],
)
def test_generation_usable_three_years_from_notification(notified, last_day):
    assert rules.generation_valid_until(notified) == last_day


@pytest.mark.parametrize(
    ("on", "usable"),
    [(date(2031, 2, 27), True), (date(2031, 2, 28), True), (date(2031, 3, 1), False)],
)
def test_generation_usable_boundaries_on_29_february(on, usable):
    assert rules.generation_usable(rules.generation_valid_until(date(2028, 2, 29)), on) is usable


def test_expiry_warning_90_days_before():
    assert rules.expiry_warning_on(date(2029, 12, 1)) == date(2029, 9, 2)


def test_consume_oldest_first_skips_expired_generations():
    gens = [
        ("b", D("100.00"), date(2028, 1, 1)),
        ("a", D("50.00"), date(2027, 1, 1)),
        ("old", D("500.00"), date(2026, 11, 30)),
    ]
    assert rules.consume_oldest_first(gens, D("120.00"), date(2026, 12, 1)) == [
        ("a", D("50.00")),
        ("b", D("70.00")),
    ]
    with pytest.raises(ValueError):
        rules.consume_oldest_first(gens, D("150.01"), date(2026, 12, 1))


@pytest.mark.parametrize(
    ("amount", "balance", "ok"),
    [
        (D("800.00"), D("800.00"), True),
        (D("800.01"), D("800.00"), False),
        (D("0.00"), D("800.00"), False),
        (D("-5.00"), D("800.00"), False),
        (D("10.001"), D("800.00"), False),
        (None, D("800.00"), False),
    ],
)
def test_drawing_amount(amount, balance, ok):
    assert (rules.drawing_amount_errors(amount, balance) == []) is ok


@pytest.mark.parametrize(
    ("certain", "deadline"),
    [
        (date(2026, 3, 15), date(2026, 9, 15)),
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 12, 31), date(2027, 6, 30)),
    ],
)
def test_transfer_notification_deadline_six_months(certain, deadline):
    assert rules.transfer_notification_deadline(certain) == deadline


def _transfer(notified, certain=date(2026, 3, 15), on=date(2026, 12, 1), **kw):
    args = {"justified": True, "certain_on": certain, "mentions_rights": True}
    args.update(kw)
    return rules.transfer_errors(notified_on=notified, on=on, **args)


@pytest.mark.parametrize(
    ("notified", "ok"),
    [
        (date(2026, 9, 14), True),
        (date(2026, 9, 15), True),  # the last day
        (date(2026, 9, 16), False),  # one day late
        (date(2026, 3, 15), True),  # the day it acquired date certaine
        (date(2026, 3, 14), False),  # before the date certaine
    ],
)
def test_transfer_notified_within_six_months(notified, ok):
    assert ("notified_on" not in _transfer(notified)) is ok


def test_transfer_conditions_are_cumulative():
    errors = _transfer(date(2026, 4, 1), certain=None, justified=False, mentions_rights=False)
    assert set(errors) == {"justified", "certain_on", "mentions_rights"}
    assert "notified_on" in _transfer(date(2026, 12, 2))  # in the future
    assert "certain_on" in _transfer(date(2026, 12, 1), certain=date(2026, 12, 2))


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        (date(2026, 1, 1), None, True),
        (date(2026, 1, 1), date(2026, 1, 2), True),
        (date(2026, 1, 1), date(2026, 1, 1), False),
        (None, None, False),
    ],
)
def test_location_gerance_dates(start, end, ok):
    assert (rules.location_gerance_errors(start_on=start, end_on=end) == {}) is ok


@pytest.mark.parametrize(("days", "ok"), [(14, False), (15, True), (120, True), (121, False)])
def test_regularisation_deadline(days, ok):
    from datetime import timedelta

    on = date(2026, 12, 1)
    assert (rules.regularisation_deadline_errors(on + timedelta(days=days), on) == []) is ok
