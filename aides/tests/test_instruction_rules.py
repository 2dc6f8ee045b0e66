"""Rules of the instruction (art. 3), tables of cases with their boundaries (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from aides.rules_instruction import (
    default_missing_items_deadline,
    instruction_due_on,
    is_instruction_late,
    is_lapsed,
    missing_items_deadline_errors,
    recommendation_errors,
)

TUESDAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("deadline", "ok"),
    [
        (None, False),
        (TUESDAY, False),  # today: not in the future
        (date(2026, 11, 30), False),
        (date(2026, 12, 2), True),  # tomorrow, a Wednesday
        (date(2026, 12, 5), False),  # Saturday
        (date(2026, 12, 25), False),  # Christmas, public holiday
        (date(2027, 3, 3), True),  # 92 days: the last day allowed
        (date(2027, 3, 4), False),  # 93 days
    ],
)
def test_missing_items_deadline(deadline, ok):
    assert (missing_items_deadline_errors(deadline, TUESDAY) == []) is ok


def test_default_deadline_is_fifteen_business_days_skipping_christmas_and_new_year():
    # From Tue 1 Dec 2026: 15 business days → Tue 22 Dec; from Fri 18 Dec: 25 Dec and 1 Jan
    # are skipped → Tue 12 Jan 2027.
    assert default_missing_items_deadline(TUESDAY) == date(2026, 12, 22)
    assert default_missing_items_deadline(date(2026, 12, 18)) == date(2027, 1, 12)


@pytest.mark.parametrize(
    ("on", "lapsed"),
    [
        (date(2026, 12, 14), False),  # the day before
        (date(2026, 12, 15), False),  # the deadline itself is still the applicant's
        (date(2026, 12, 16), True),  # the day after
    ],
)
def test_lapsed_the_day_after_the_deadline(on, lapsed):
    assert is_lapsed(date(2026, 12, 15), on) is lapsed


@pytest.mark.parametrize(
    ("on", "late"),
    [
        (date(2027, 1, 10), False),
        (date(2027, 1, 11), False),  # commission 1 Feb − 21 days = 11 Jan: still on time
        (date(2027, 1, 12), True),
    ],
)
def test_instruction_late_after_the_analysis_period(on, late):
    assert instruction_due_on(date(2027, 2, 1), 21) == date(2027, 1, 11)
    assert (
        is_instruction_late(commission_date=date(2027, 2, 1), min_analysis_days=21, on=on) is late
    )


def test_late_on_the_last_day_of_a_month_with_no_analysis_period():
    assert not is_instruction_late(
        commission_date=date(2027, 2, 28), min_analysis_days=0, on=date(2027, 2, 28)
    )
    assert is_instruction_late(
        commission_date=date(2027, 2, 28), min_analysis_days=0, on=date(2027, 3, 1)
    )


@pytest.mark.parametrize(
    ("amount", "ok"),
    [
        (None, False),
        (Decimal("0.00"), False),
        (Decimal("-1.00"), False),
        (Decimal("0.01"), True),
        (Decimal("12399.99"), True),
        (Decimal("12400.00"), True),  # exactly the maximum
        (Decimal("12400.01"), False),  # one cent above
        (Decimal("100.005"), False),  # three decimals
    ],
)
def test_recommendation_within_the_recomputed_maximum(amount, ok):
    assert (recommendation_errors(amount, Decimal("12400.00")) == []) is ok
