"""Rule tables of the payment side (RGA art. 5, 6, 11), with their boundaries; no database."""

from datetime import date
from decimal import Decimal as D

import pytest

from aides import rse, rules


@pytest.mark.parametrize(
    ("aid", "percentage", "expected"),
    [
        (D("10000.00"), D("4.99"), D("0.00")),  # under 5 %: nothing
        (D("10000.00"), D("5"), D("500.00")),  # exactly 5 %
        (D("10000.00"), D("20"), D("2000.00")),  # exactly 20 %
        (D("10000.00"), D("20.01"), D("2000.00")),  # capped at 20 %
        (D("3999.80"), D("5"), D("0.00")),  # 199.99 €: under 200 €
        (D("4000.00"), D("5"), D("200.00")),  # exactly 200 €
        (D("4000.10"), D("5"), D("200.01")),  # 200.005 rounds half up
        (D("0.00"), D("20"), D("0.00")),
    ],
)
def test_rse_incentive(aid, percentage, expected):
    assert rules.rse_incentive(aid_validated=aid, percentage=percentage) == expected


@pytest.mark.parametrize(
    ("points", "expected"), [(0, D("0")), (4, D("4")), (5, D("5")), (20, D("20")), (23, D("20"))]
)
def test_rse_percentage_one_point_one_percent_at_most_20(points, expected):
    assert rules.rse_percentage(points) == expected


def test_annexe4_grids():
    assert sum(c.points for c in rse.GRID_MUSIQUES_ACTUELLES) == 23
    assert sum(c.points for c in rse.GRID_CLASSIQUE) == 24
    assert rse.points("16", ["realisation", "mix", "inconnu"]) == 5
    assert rse.grid_for("12") == ()


@pytest.mark.parametrize(
    ("paid", "due", "expected"),
    [
        (D("7000.00"), D("4000.00"), D("3000.00")),
        (D("7000.00"), D("7000.00"), D("0.00")),
        (D("7000.00"), D("7000.01"), D("0.00")),
        (D("7000.00"), D("0.00"), D("7000.00")),
        (D("7000.00"), D("-5.00"), D("7000.00")),  # never more than what was paid
    ],
)
def test_reimbursement_amount(paid, due, expected):
    assert rules.reimbursement_amount(paid=paid, due=due) == expected


@pytest.mark.parametrize(
    ("recomputed", "attribue", "expected"),
    [
        (D("12400.00"), D("10000.00"), D("10000.00")),
        (D("9999.99"), D("10000.00"), D("9999.99")),
        (D("10000.00"), D("10000.00"), D("10000.00")),
        (D("0.00"), D("10000.00"), D("0.00")),
    ],
)
def test_aid_validated_at_bilan_never_above_attributed(recomputed, attribue, expected):
    assert rules.aid_validated_at_bilan(recomputed=recomputed, attribue=attribue) == expected


@pytest.mark.parametrize(
    ("on", "ok"),
    [(date(2027, 6, 29), True), (date(2027, 6, 30), True), (date(2027, 7, 1), False)],
)
def test_bilan_in_time_inclusive(on, ok):
    assert rules.bilan_in_time(due_on=date(2027, 6, 30), on=on) is ok


@pytest.mark.parametrize(
    ("on", "ok"),
    [(date(2027, 6, 29), True), (date(2027, 6, 30), False), (date(2027, 7, 1), False)],
)
def test_extension_asked_before_the_deadline(on, ok):
    assert rules.extension_request_allowed(due_on=date(2027, 6, 30), on=on) is ok


@pytest.mark.parametrize(
    ("on", "sent", "expected"),
    [
        (date(2027, 5, 30), [], None),  # 31 days before
        (date(2027, 5, 31), [], 30),  # 30 days before
        (date(2027, 5, 31), [30], None),  # already sent
        (date(2027, 6, 10), [], 30),  # missed (job down): sent late, once
        (date(2027, 6, 23), [30], 7),
        (date(2027, 6, 25), [30, 7], None),
        (date(2027, 6, 30), [30], 7),  # the deadline day itself
        (date(2027, 7, 1), [], None),  # after the deadline: never
    ],
)
def test_bilan_reminder_due(on, sent, expected):
    assert rules.bilan_reminder_due(due_on=date(2027, 6, 30), on=on, sent=sent) == expected


@pytest.mark.parametrize(
    ("decided", "months", "expected"),
    [
        (date(2026, 12, 1), 12, date(2027, 12, 31)),
        (date(2026, 12, 31), 18, date(2028, 6, 30)),
        (date(2027, 8, 31), None, date(2028, 8, 31)),  # no delay in the programme: 12 months
        (date(2027, 10, 31), 4, date(2028, 2, 29)),  # leap year
    ],
)
def test_bilan_due_on(decided, months, expected):
    assert rules.bilan_due_on(decided, months) == expected


@pytest.mark.parametrize(
    ("amount", "count"),
    [(D("4999.99"), 1), (D("5000.00"), 1), (D("5000.01"), 2)],
)
def test_art5_single_payment_threshold(amount, count):
    from aides.programmes import get

    schedule = get("16").payment_schedule(amount)
    assert len(schedule) == count
    assert sum(i.amount for i in schedule) == amount
