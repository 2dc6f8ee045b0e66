"""Rules of the commission and the decision: tables of cases with their boundaries (no DB)."""

import datetime as dt
from decimal import Decimal as D

import pytest

from aides.rules_commission import (
    amount_within_maximum,
    available_on_envelope,
    avis_majority,
    bilan_due_date,
    proportional_reduction,
    score_valid,
)


@pytest.mark.parametrize(
    ("amounts", "available", "expected"),
    [
        # under or exactly at the envelope: unchanged
        ({1: "100.00", 2: "200.00"}, "300.00", {1: "100.00", 2: "200.00"}),
        ({1: "100.00", 2: "200.00"}, "300.01", {1: "100.00", 2: "200.00"}),
        # one cent over: 99.9966… and 199.9933…, the larger remainder (the first) takes the cent
        ({1: "100.00", 2: "200.00"}, "299.99", {1: "100.00", 2: "199.99"}),
        # exact halves
        ({1: "1000.00", 2: "3000.00"}, "2000.00", {1: "500.00", 2: "1500.00"}),
        # thirds: 100 × 3 → 200: 66.666… each, the first (key order on ties) takes the cent
        ({1: "100.00", 2: "100.00", 3: "100.00"}, "200.00", {1: "66.67", 2: "66.67", 3: "66.66"}),
        # x.xx5 exact shares: 10.01 and 20.01 halved to 15.01 → 5.005 / 10.005 → 5.00 / 10.01
        ({1: "10.01", 2: "20.01"}, "15.01", {1: "5.00", 2: "10.01"}),
        # amounts ≥ 100 with a remainder of .xx5: 1 234.57 and 2 469.13 to 1 851.85
        ({1: "1234.57", 2: "2469.13"}, "1851.85", {1: "617.28", 2: "1234.57"}),
        # nothing available
        ({1: "100.00", 2: "50.00"}, "0.00", {1: "0.00", 2: "0.00"}),
        # a zero proposal stays at zero
        ({1: "0.00", 2: "100.00"}, "50.00", {1: "0.00", 2: "50.00"}),
    ],
)
def test_proportional_reduction_table(amounts, available, expected):
    result = proportional_reduction({k: D(v) for k, v in amounts.items()}, D(available))
    assert result == {k: D(v) for k, v in expected.items()}
    total = sum(result.values())
    assert total <= max(D(available), D(0))
    if sum(D(v) for v in amounts.values()) > D(available):
        assert total == D(available)
    for key, value in result.items():
        assert value <= D(amounts[key])
        assert value == value.quantize(D("0.01"))


def test_proportional_reduction_many_dossiers_never_exceeds_envelope():
    amounts = {i: D(1000 + i * 7) + D("0.33") for i in range(97)}
    available = D("50000.00")
    result = proportional_reduction(amounts, available)
    assert sum(result.values()) == available
    # proportional to the cent: each within one cent of its exact share
    total = sum(amounts.values())
    for key, amount in amounts.items():
        assert abs(result[key] - amount * available / total) < D("0.01")


@pytest.mark.parametrize(
    ("decided", "months", "due"),
    [
        (dt.date(2026, 12, 1), 18, dt.date(2028, 6, 1)),
        (dt.date(2026, 12, 1), None, dt.date(2027, 12, 1)),  # default 12 months
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),  # clamped to the month's end
        (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),  # leap year
        (dt.date(2026, 1, 31), 8, dt.date(2026, 9, 30)),
    ],
)
def test_bilan_due_date(decided, months, due):
    assert bilan_due_date(decided, months) == due


@pytest.mark.parametrize(
    ("score", "valid"),
    [(0, True), (3, True), (-1, False), (4, False), (True, False), ("2", False), (None, False)],
)
def test_score_valid(score, valid):
    assert score_valid(score) is valid


@pytest.mark.parametrize(
    ("amount", "maximum", "ok"),
    [
        ("12400.00", "12400.00", True),
        ("12400.01", "12400.00", False),
        ("12399.99", "12400.00", True),
        ("0.00", "12400.00", False),
        ("0.01", "12400.00", True),
        ("-5.00", "12400.00", False),
    ],
)
def test_amount_within_maximum(amount, maximum, ok):
    assert amount_within_maximum(D(amount), D(maximum)) is ok


@pytest.mark.parametrize(
    ("kinds", "majority"),
    [
        ([], None),
        (["favorable"], "favorable"),
        (["favorable", "defavorable"], None),
        (["favorable", "favorable", "defavorable"], "favorable"),
        (["ajourne", "ajourne", "favorable"], "ajourne"),
        (["favorable", "defavorable", "ajourne"], None),
    ],
)
def test_avis_majority(kinds, majority):
    assert avis_majority(kinds) == majority


@pytest.mark.parametrize(
    ("envelope", "granted", "available"),
    [
        (None, "0", None),
        ("1000.00", "0.00", "1000.00"),
        ("1000.00", "999.99", "0.01"),
        ("1000.00", "1000.00", "0.00"),
        ("1000.00", "1000.01", "0.00"),
    ],
)
def test_available_on_envelope(envelope, granted, available):
    result = available_on_envelope(D(envelope) if envelope else None, D(granted))
    assert result == (D(available) if available is not None else None)
