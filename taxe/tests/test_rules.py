"""Loi 2003-1312 art. 76, décret 2004-117 art. 1-2 and RGA art. 46 as tables. No database."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from taxe import rules

NBSP = "\u00a0"


# --- Rate and base (art. 76 IV-V) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "due"),
    [
        ("1000.14", "35.00"),  # 35.0049
        ("1000.15", "35.01"),  # 35.00525: a float could give 35.00
        ("101.00", "3.54"),  # 3.535 → half up
        ("15.00", "0.53"),  # 0.525 → half up (round() would give 0.52)
        ("0", "0.00"),
        ("0.14", "0.00"),  # 0.0049
        ("0.15", "0.01"),  # 0.00525
        ("1234567.89", "43209.88"),  # 43209.87615
        ("100", "3.50"),
    ],
)
def test_tax_due_is_3_5_percent_half_up_to_the_cent(base, due):
    result = rules.tax_due(D(base))
    assert result == D(due)
    assert result.as_tuple().exponent == -2  # always two decimals


def test_tax_rate_is_3_5_percent():
    assert D("0.035") == rules.TAX_RATE


def test_tax_due_refuses_floats():
    with pytest.raises(TypeError):
        rules.tax_due(1000.15)


@pytest.mark.parametrize(
    ("ttc", "rate", "ht"),
    [
        ("105.50", "0.055", "100.00"),
        ("102.10", "0.021", "100.00"),
        ("110.00", "0.10", "100.00"),
        ("120.00", "0.20", "100.00"),
        ("120.00", "0.2", "100.00"),  # same rate, other spelling
        ("10.00", "0.055", "9.48"),  # 9.4786…
        ("1.00", "0.20", "0.83"),  # 0.8333…
        ("0.05", "0.10", "0.05"),  # 0.04545… → 0.05
        ("0", "0.20", "0.00"),
        ("1234567.89", "0.055", "1170206.53"),  # 1170206.530805…
    ],
)
def test_ht_from_ttc(ttc, rate, ht):
    assert rules.ht_from_ttc(D(ttc), D(rate)) == D(ht)


@pytest.mark.parametrize("rate", ["0.07", "0.196", "5.5", "0", "-0.055"])
def test_ht_from_ttc_refuses_an_unknown_rate(rate):
    with pytest.raises(ValueError, match="VAT rate"):
        rules.ht_from_ttc(D("100.00"), D(rate))


# --- Scope (art. 76 II-III, décret art. 1 II and art. 2) --------------------------------------


@pytest.mark.parametrize(
    ("category", "astp", "educational", "expected"),
    [
        # categories 1° to 3°: taxable, ASTP theatre or not
        ("1", False, False, rules.TAXABLE),
        ("1", True, False, rules.TAXABLE),
        ("2", False, False, rules.TAXABLE),
        ("2", True, False, rules.TAXABLE),
        ("3", False, False, rules.TAXABLE),
        ("3", True, False, rules.TAXABLE),
        # categories 4° and 5°: taxable unless in an ASTP theatre (décret art. 1 II)
        ("4", False, False, rules.TAXABLE),
        ("4", True, False, rules.OUT_OF_SCOPE_ASTP),
        ("5", False, False, rules.TAXABLE),
        ("5", True, False, rules.OUT_OF_SCOPE_ASTP),
        # educational séances are exempt (art. 76 III) when otherwise within the tax
        ("1", False, True, rules.EXEMPT_EDUCATIONAL),
        ("3", True, True, rules.EXEMPT_EDUCATIONAL),
        ("4", False, True, rules.EXEMPT_EDUCATIONAL),
        ("5", False, True, rules.EXEMPT_EDUCATIONAL),
        # ... but outside the tax takes precedence over the exemption
        ("4", True, True, rules.OUT_OF_SCOPE_ASTP),
        ("5", True, True, rules.OUT_OF_SCOPE_ASTP),
        # traditional music: never within the tax (art. 76 II)
        ("traditionnelle", False, False, rules.OUT_OF_SCOPE_TRADITIONAL),
        ("traditionnelle", True, False, rules.OUT_OF_SCOPE_TRADITIONAL),
        ("traditionnelle", False, True, rules.OUT_OF_SCOPE_TRADITIONAL),
        ("traditionnelle", True, True, rules.OUT_OF_SCOPE_TRADITIONAL),
        # fits no category: commission de médiation (décret art. 2), whatever the flags
        ("aucune", False, False, rules.MEDIATION),
        ("aucune", True, False, rules.MEDIATION),
        ("aucune", False, True, rules.MEDIATION),
        ("aucune", True, True, rules.MEDIATION),
    ],
)
def test_taxability(category, astp, educational, expected):
    assert rules.taxability(category=category, astp_theatre=astp, educational=educational) == (
        expected
    )


def test_taxability_values_are_the_documented_strings():
    assert {
        rules.TAXABLE,
        rules.OUT_OF_SCOPE_TRADITIONAL,
        rules.OUT_OF_SCOPE_ASTP,
        rules.EXEMPT_EDUCATIONAL,
        rules.MEDIATION,
    } == {
        "taxable",
        "hors_champ_traditionnelle",
        "hors_champ_astp",
        "exoneree_educative",
        "mediation",
    }


@pytest.mark.parametrize("category", ["6", "0", "", "1°", "Traditionnelle", 1])
def test_taxability_refuses_an_unknown_category(category):
    with pytest.raises(ValueError, match="category"):
        rules.taxability(category=category, astp_theatre=False, educational=False)


def test_taxability_is_keyword_only():
    with pytest.raises(TypeError):
        rules.taxability("1", False, False)


# --- Declaration, liquidation, payment (art. 76 VI) ------------------------------------------


@pytest.mark.parametrize(
    ("representation", "deadline"),
    [
        (date(2026, 1, 15), date(2026, 4, 30)),
        (date(2026, 1, 1), date(2026, 4, 30)),
        (date(2026, 1, 31), date(2026, 4, 30)),
        (date(2027, 11, 30), date(2028, 2, 29)),  # leap year
        (date(2026, 11, 30), date(2027, 2, 28)),
        (date(2026, 10, 31), date(2027, 1, 31)),  # across the year
        (date(2026, 12, 1), date(2027, 3, 31)),
        (date(2026, 12, 31), date(2027, 3, 31)),
        (date(2026, 3, 31), date(2026, 6, 30)),
    ],
)
def test_declaration_deadline_is_the_end_of_the_third_month_after(representation, deadline):
    assert rules.declaration_deadline(representation) == deadline


@pytest.mark.parametrize(
    ("received", "late"),
    [
        (date(2026, 1, 15), False),  # same day as the show
        (date(2026, 4, 29), False),
        (date(2026, 4, 30), False),  # the deadline itself
        (date(2026, 5, 1), True),  # the day after
        (date(2027, 1, 1), True),
    ],
)
def test_declaration_late_the_day_after_the_deadline(received, late):
    assert rules.is_declaration_late(date(2026, 1, 15), received) is late


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        (date(2026, 3, 1), date(2026, 3, 16)),
        (date(2026, 2, 20), date(2026, 3, 7)),  # across February
        (date(2028, 2, 20), date(2028, 3, 6)),  # leap February
        (date(2026, 12, 20), date(2027, 1, 4)),  # across the year
    ],
)
def test_liquidation_within_15_days_of_receipt(received, deadline):
    assert rules.LIQUIDATION_DAYS == 15
    assert rules.liquidation_deadline(received) == deadline


@pytest.mark.parametrize(
    ("notice", "deadline"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2026, 1, 1), date(2026, 2, 28)),
        (date(2028, 1, 1), date(2028, 2, 29)),  # leap year
        (date(2026, 12, 15), date(2027, 1, 31)),  # across the year
        (date(2026, 2, 28), date(2026, 3, 31)),
        (date(2026, 3, 31), date(2026, 4, 30)),
    ],
)
def test_payment_deadline_is_the_end_of_the_month_after_the_notice(notice, deadline):
    assert rules.payment_deadline(notice) == deadline


@pytest.mark.parametrize(
    ("total", "recoverable"),
    [
        ("0.00", False),
        ("79.99", False),
        ("80.00", True),  # "inférieur à 80 euros": 80 itself is recovered
        ("80", True),
        ("80.01", True),
        ("12345.67", True),
    ],
)
def test_not_recovered_under_80_euros_a_year(total, recoverable):
    assert rules.is_recoverable(D(total)) is recoverable


# --- Majorations (art. 76 VII-VIII) ----------------------------------------------------------


def test_majoration_rates():
    assert D("0.10") == rules.MAJORATION_RETARD
    assert D("0.10") == rules.MAJORATION_RECTIFICATION
    assert D("0.40") == rules.MAJORATION_TAXATION_OFFICE


@pytest.mark.parametrize(
    ("amount", "rate", "expected"),
    [
        ("12.35", rules.MAJORATION_RETARD, "1.24"),  # 1.235 → half up
        ("12.34", rules.MAJORATION_RETARD, "1.23"),  # 1.234
        ("0.05", rules.MAJORATION_RETARD, "0.01"),  # 0.005 → half up
        ("0.04", rules.MAJORATION_RETARD, "0.00"),  # 0.004
        ("0.05", rules.MAJORATION_TAXATION_OFFICE, "0.02"),
        ("1.25", rules.MAJORATION_TAXATION_OFFICE, "0.50"),
        ("35.01", rules.MAJORATION_TAXATION_OFFICE, "14.00"),  # 14.004
        ("35.00", rules.MAJORATION_RECTIFICATION, "3.50"),
        ("0.00", rules.MAJORATION_RETARD, "0.00"),
    ],
)
def test_majoration_half_up_to_the_cent(amount, rate, expected):
    assert rules.majoration(D(amount), rate) == D(expected)


# --- Reply delays (art. 76 VII-VIII) ----------------------------------------------------------

THIRTY_DAYS = [
    (date(2026, 1, 15), date(2026, 2, 14)),
    (date(2026, 1, 31), date(2026, 3, 2)),  # across February
    (date(2026, 2, 1), date(2026, 3, 3)),
    (date(2028, 1, 31), date(2028, 3, 1)),  # leap February
    (date(2028, 2, 1), date(2028, 3, 2)),
    (date(2028, 2, 29), date(2028, 3, 30)),
    (date(2026, 12, 15), date(2027, 1, 14)),  # across the year
    (date(2026, 4, 30), date(2026, 5, 30)),
]


@pytest.mark.parametrize(("start", "end"), THIRTY_DAYS)
def test_thirty_day_delays(start, end):
    assert rules.REPLY_DAYS == 30
    assert rules.titre_date_after_reminder(start) == end
    assert rules.observations_deadline(start) == end
    assert rules.regularisation_deadline(start) == end
    assert rules.titre_date_after_taxation_office(start) == end
    # without observations the titre waits until the 30 days to present them are over: the
    # last day of the delay stays the redevable's (art. 76 VIII al. 2 and 4)
    assert rules.titre_date_after_rectification(notification_received_on=start) == end + timedelta(
        days=1
    )
    assert rules.taxation_office_possible_from(start) == end + timedelta(days=1)


@pytest.mark.parametrize(
    ("received", "last_day", "titre"),
    [
        (date(2026, 1, 15), date(2026, 2, 14), date(2026, 2, 15)),
        (date(2026, 1, 31), date(2026, 3, 2), date(2026, 3, 3)),
        (date(2028, 1, 31), date(2028, 3, 1), date(2028, 3, 2)),  # leap February
        (date(2026, 12, 2), date(2027, 1, 1), date(2027, 1, 2)),  # 1 January, a holiday: no shift
    ],
)
def test_titre_after_rectification_only_once_the_observation_delay_is_over(
    received, last_day, titre
):
    assert rules.observations_deadline(received) == last_day
    assert rules.titre_date_after_rectification(notification_received_on=received) == titre


def test_titre_after_rectification_counts_from_the_answer_to_observations():
    notified = date(2026, 1, 10)
    answered = date(2026, 2, 20)
    assert rules.titre_date_after_rectification(
        notification_received_on=notified, answer_received_on=answered
    ) == date(2026, 3, 22)
    assert rules.titre_date_after_rectification(
        notification_received_on=notified, answer_received_on=None
    ) == date(2026, 2, 10)


def test_titre_after_rectification_across_leap_february():
    assert rules.titre_date_after_rectification(
        notification_received_on=date(2027, 12, 1), answer_received_on=date(2028, 2, 10)
    ) == date(2028, 3, 11)


@pytest.mark.parametrize(
    ("titre", "prescription"),
    [
        (date(2026, 3, 15), date(2030, 3, 15)),
        (date(2028, 2, 29), date(2032, 2, 29)),  # 2032 is a leap year too
        (date(2024, 2, 29), date(2028, 2, 29)),
        (date(2027, 2, 28), date(2031, 2, 28)),
        (date(2026, 12, 31), date(2030, 12, 31)),
    ],
)
def test_recovery_prescribed_four_years_after_the_titre(titre, prescription):
    assert rules.recovery_prescription_date(titre) == prescription


def test_recovery_prescription_clamps_a_leap_day():
    # 29 February of a leap year + 4 years is always a leap year in this century, except
    # when crossing 2100: the clamp then gives the 28th.
    assert rules.recovery_prescription_date(date(2096, 2, 29)) == date(2100, 2, 28)


@pytest.mark.parametrize(
    ("exigible", "limit"),
    [
        (date(2026, 3, 15), date(2029, 12, 31)),
        (date(2026, 1, 1), date(2029, 12, 31)),
        (date(2026, 12, 31), date(2029, 12, 31)),
        (date(2028, 2, 29), date(2031, 12, 31)),
    ],
)
def test_reassessment_until_31_december_of_the_third_year_after(exigible, limit):
    assert rules.reassessment_limit(exigible) == limit


@pytest.mark.parametrize(
    ("on", "allowed"),
    [
        (date(2026, 3, 15), True),
        (date(2029, 12, 30), True),
        (date(2029, 12, 31), True),
        (date(2030, 1, 1), False),
    ],
)
def test_can_reassess(on, allowed):
    assert rules.can_reassess(date(2026, 3, 15), on) is allowed


@pytest.mark.parametrize(
    ("bases", "median"),
    [
        (["1000.00"], "1000.00"),
        (["3000.00", "1000.00", "2000.00"], "2000.00"),  # order does not matter
        (["1000.00", "2000.00"], "1500.00"),
        (["1000.00", "1000.01"], "1000.01"),  # 1000.005 → half up
        (["10.00", "20.00", "30.00", "1000000.00"], "25.00"),  # an outlier does not weigh
        (["0", "0.01"], "0.01"),  # 0.005 → half up
        (["100", "200", "300"], "200.00"),  # always two decimals
    ],
)
def test_comparable_base_is_the_median(bases, median):
    result = rules.comparable_base([D(base) for base in bases])
    assert result == D(median)
    assert result.as_tuple().exponent == -2


def test_comparable_base_needs_at_least_one_base():
    with pytest.raises(ValueError):
        rules.comparable_base([])


def test_comparable_base_refuses_a_negative_base():
    with pytest.raises(ValueError):
        rules.comparable_base([D("100.00"), D("-1.00")])


# --- Coproduction split (RGA art. 46) --------------------------------------------------------


@pytest.mark.parametrize(
    "shares",
    [
        ["100"],
        ["50", "50"],
        ["33.33", "33.33", "33.34"],
        ["70", "30"],
        ["0.01", "99.99"],
        ["25.5", "74.50"],
        ["10"] * 10,
    ],
)
def test_valid_shares(shares):
    assert rules.split_errors([D(share) for share in shares]) == []


def test_shares_must_total_100():
    assert rules.split_errors([D("33.33"), D("33.33"), D("33.33")]) == [
        f"Les parts doivent totaliser 100{NBSP}% (total actuel{NBSP}: 99,99{NBSP}%)."
    ]
    assert rules.split_errors([D("60"), D("50")]) == [
        f"Les parts doivent totaliser 100{NBSP}% (total actuel{NBSP}: 110{NBSP}%)."
    ]


def test_no_share_at_all():
    assert rules.split_errors([]) == ["Indiquez au moins une part."]


@pytest.mark.parametrize(
    ("shares", "expected"),
    [
        (["0", "100"], "La part n°\u00a01 doit être supérieure à 0\u00a0%"),
        (["-10", "110"], "La part n°\u00a01 doit être supérieure à 0\u00a0%"),
        (["-10", "110"], "La part n°\u00a02 ne peut pas dépasser 100\u00a0%"),
        (["33.333", "66.667"], "La part n°\u00a01 a plus de deux décimales"),
        (["33.333", "66.667"], "La part n°\u00a02 a plus de deux décimales"),
    ],
)
def test_each_share_is_checked(shares, expected):
    errors = rules.split_errors([D(share) for share in shares])
    assert any(error.startswith(expected) for error in errors), errors


def test_trailing_zeros_are_not_extra_decimals():
    assert rules.split_errors([D("50.000"), D("50.0000")]) == []


@pytest.mark.parametrize(
    ("amount", "shares", "parts"),
    [
        ("100.00", ["33.33", "33.33", "33.34"], ["33.33", "33.33", "33.34"]),
        ("0.01", ["50", "50"], ["0.01", "0.00"]),  # tie: the first share gets the cent
        ("35.01", ["70", "30"], ["24.51", "10.50"]),  # 24.507 / 10.503
        ("35.01", ["30", "70"], ["10.50", "24.51"]),
        ("10.00", ["33.33", "33.33", "33.34"], ["3.33", "3.33", "3.34"]),
        ("1.00", ["33.33", "33.33", "33.34"], ["0.33", "0.33", "0.34"]),
        ("0.02", ["33.33", "33.33", "33.34"], ["0.01", "0.00", "0.01"]),  # largest remainders
        ("0.00", ["50", "50"], ["0.00", "0.00"]),
        ("123.45", ["100"], ["123.45"]),
        ("-0.01", ["50", "50"], ["-0.01", "0.00"]),  # a correction
        ("1234567.89", ["12.34", "87.66"], ["152345.68", "1082222.21"]),
    ],
)
def test_split_amount_adds_up_exactly(amount, shares, parts):
    result = rules.split_amount(D(amount), [D(share) for share in shares])
    assert result == [D(part) for part in parts]
    assert sum(result) == D(amount)
    assert all(part.as_tuple().exponent == -2 for part in result)


@pytest.mark.parametrize("cents", [1, 2, 3, 7, 99, 100, 101, 3501, 99999])
@pytest.mark.parametrize(
    "shares", [["33.33", "33.33", "33.34"], ["0.01", "99.99"], ["14.29"] * 6 + ["14.26"]]
)
def test_split_amount_never_loses_a_cent(cents, shares):
    amount = D(cents).scaleb(-2)
    result = rules.split_amount(amount, [D(share) for share in shares])
    assert sum(result) == amount
    assert all(part >= 0 for part in result)


def test_split_amount_refuses_bad_shares():
    with pytest.raises(ValueError, match="totaliser"):
        rules.split_amount(D("100.00"), [D("50"), D("49")])


def test_split_amount_refuses_sub_cent_amounts():
    with pytest.raises(ValueError):
        rules.split_amount(D("100.001"), [D("50"), D("50")])


# --- Typo guard on the representation date ------------------------------------------------------

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    "day",
    [
        TODAY,
        date(2026, 1, 15),
        date(2000, 1, 1),  # earliest accepted
        date(2027, 3, 11),  # today + 366 days, latest accepted
    ],
)
def test_sensible_representation_dates(day):
    assert rules.representation_date_errors(day, today=TODAY) == []


def test_representation_too_far_in_the_future():
    assert rules.representation_date_errors(date(2027, 3, 12), today=TODAY) == [
        "La date de représentation ne peut pas dépasser le 11 mars 2027."
    ]


def test_representation_before_2000():
    assert rules.representation_date_errors(date(1999, 12, 31), today=TODAY) == [
        "La date de représentation ne peut pas être antérieure au 1er janvier 2000."
    ]


def test_future_bound_across_a_leap_year():
    # 366 days after 1 March 2027 is 1 March 2028 (29 February 2028 in between).
    assert rules.representation_date_errors(date(2028, 3, 1), today=date(2027, 3, 1)) == []
    assert rules.representation_date_errors(date(2028, 3, 2), today=date(2027, 3, 1)) == [
        "La date de représentation ne peut pas dépasser le 1er mars 2028."
    ]


def test_both_bounds_are_reported_independently():
    assert len(rules.representation_date_errors(date(1999, 1, 1), today=TODAY)) == 1
    assert len(rules.representation_date_errors(date(2206, 1, 1), today=TODAY)) == 1


# --- Every public function names its source --------------------------------------------------


def test_every_public_function_names_its_source():
    import inspect

    functions = [
        obj
        for name, obj in vars(rules).items()
        if inspect.isfunction(obj) and not name.startswith("_") and obj.__module__ == rules.__name__
    ]
    assert len(functions) >= 20
    for function in functions:
        summary = (function.__doc__ or "").strip().splitlines()[0]
        assert summary.startswith(("Loi 2003-1312", "Décret 2004-117", "RGA art.")), function


@pytest.mark.parametrize(
    ("on", "due"),
    [
        (date(2026, 4, 14), False),
        (date(2026, 4, 15), True),  # 15 days before 30 April
        (date(2026, 4, 30), True),  # the deadline itself
        (date(2026, 5, 1), False),  # late: no "before the deadline" reminder
    ],
)
def test_declaration_reminder_window(on, due):
    assert rules.declaration_reminder_due(date(2026, 1, 5), on) is due


@pytest.mark.parametrize(
    ("on", "due"),
    [
        (date(2026, 2, 20), False),
        (date(2026, 2, 21), True),
        (date(2026, 2, 28), True),
        (date(2026, 3, 1), False),
    ],
)
def test_payment_reminder_window(on, due):
    assert rules.payment_reminder_due(date(2026, 2, 28), on) is due
