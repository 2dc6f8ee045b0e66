"""RGA article 1 as tables, boundaries included. No database."""

from datetime import date

import pytest

from affiliation import rules


@pytest.mark.parametrize(
    ("notified", "current_until", "expected"),
    [
        (date(2026, 3, 15), None, (date(2026, 3, 15), date(2027, 3, 14))),
        (date(2026, 1, 1), None, (date(2026, 1, 1), date(2026, 12, 31))),
        # leap years: the year from 29 February ends on the eve of its anniversary (1 March)
        (date(2028, 2, 28), None, (date(2028, 2, 28), date(2029, 2, 27))),
        (date(2028, 2, 29), None, (date(2028, 2, 29), date(2029, 2, 28))),
        (date(2028, 3, 1), None, (date(2028, 3, 1), date(2029, 2, 28))),
        # the year that contains 29 February: it is counted, the year ends on the 29th
        (date(2027, 3, 1), None, (date(2027, 3, 1), date(2028, 2, 29))),
        (date(2027, 2, 28), None, (date(2027, 2, 28), date(2028, 2, 27))),
        # year ends
        (date(2026, 12, 31), None, (date(2026, 12, 31), date(2027, 12, 30))),
        (date(2027, 1, 1), None, (date(2027, 1, 1), date(2027, 12, 31))),
        # renewal after a year that started on 29 February: continuity over the leap day
        (date(2029, 2, 1), date(2029, 2, 28), (date(2029, 3, 1), date(2030, 2, 28))),
        (date(2028, 2, 1), date(2028, 2, 28), (date(2028, 2, 29), date(2029, 2, 28))),
        # renewal notified while the current one runs: continuity, no overlap
        (date(2026, 2, 1), date(2026, 3, 14), (date(2026, 3, 15), date(2027, 3, 14))),
        # notified on the very last day of the current one
        (date(2026, 3, 14), date(2026, 3, 14), (date(2026, 3, 15), date(2027, 3, 14))),
        # current one already over: starts at notification
        (date(2026, 4, 1), date(2026, 3, 14), (date(2026, 4, 1), date(2027, 3, 31))),
    ],
)
def test_validity_is_one_year_from_notification(notified, current_until, expected):
    assert rules.validity_period(notified, current_until) == expected


@pytest.mark.parametrize(
    ("relance", "deadline"),
    [
        (date(2026, 1, 15), date(2026, 2, 15)),
        (date(2026, 1, 31), date(2026, 2, 28)),  # last day of a month
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 12, 20), date(2027, 1, 20)),
    ],
)
def test_one_month_from_the_relance(relance, deadline):
    assert rules.completion_deadline(relance) == deadline


@pytest.mark.parametrize(
    ("on", "overdue"),
    [(date(2026, 2, 14), False), (date(2026, 2, 15), False), (date(2026, 2, 16), True)],
)
def test_completion_overdue_the_day_after_the_deadline(on, overdue):
    assert rules.is_completion_overdue(date(2026, 2, 15), on) is overdue


@pytest.mark.parametrize(
    ("on", "due"),
    [
        (date(2026, 1, 13), None),  # 61 days before
        (date(2026, 1, 14), 60),  # exactly 60
        (date(2026, 2, 27), 60),
        (date(2026, 2, 28), 15),  # exactly 15
        (date(2026, 3, 15), 15),  # last valid day
        (date(2026, 3, 16), None),  # after the end
    ],
)
def test_reminders_60_and_15_days_before(on, due):
    assert rules.reminder_due(date(2026, 3, 15), on) == due


@pytest.mark.parametrize(
    ("on", "expired"),
    [(date(2026, 3, 15), False), (date(2026, 3, 16), True)],
)
def test_expiry_the_day_after_the_last_valid_day(on, expired):
    assert rules.is_expired(date(2026, 3, 15), on) is expired


@pytest.mark.parametrize(
    ("until", "on", "allowed"),
    [
        (None, date(2026, 1, 1), True),
        (date(2026, 12, 31), date(2026, 10, 1), False),  # 91 days before
        (date(2026, 12, 31), date(2026, 10, 2), True),  # 90 days before
        (date(2026, 12, 31), date(2027, 1, 5), True),  # after expiry
    ],
)
def test_renewal_window(until, on, allowed):
    assert rules.can_request_renewal(until, on) is allowed


@pytest.mark.parametrize(
    ("morale", "previous", "renewal", "needed"),
    [
        (True, 0, True, True),  # first renewal of a legal entity
        (True, 1, True, False),  # later renewals
        (True, 0, False, False),  # first affiliation
        (False, 0, True, False),  # personne physique
    ],
)
def test_training_attestation_for_the_first_renewal_of_a_legal_entity(
    morale, previous, renewal, needed
):
    assert (
        rules.needs_training_attestation(
            is_personne_morale=morale, previous_renewals=previous, is_renewal=renewal
        )
        is needed
    )


@pytest.mark.parametrize(
    ("activity", "number", "until", "fields"),
    [
        ("none", "", None, set()),
        ("occasionnel", "", None, set()),
        ("licence", "PLATESV-R-2023-001234", date(2026, 6, 30), set()),
        ("licence", "PLATESV-R-2023-001234", date(2026, 6, 1), set()),  # valid on its last day
        ("licence", "PLATESV-R-2023-001234", date(2026, 5, 31), {"licence_valid_until"}),
        ("recepisse", "", date(2027, 1, 1), {"licence_number"}),
        ("licence", "X", None, {"licence_valid_until"}),
    ],
)
def test_licence_must_be_valid(activity, number, until, fields):
    errors = rules.licence_errors(
        activity=activity, licence_number=number, licence_valid_until=until, on=date(2026, 6, 1)
    )
    assert set(errors) == fields


def test_expired_licence_message_is_french_with_the_date():
    errors = rules.licence_errors(
        activity="licence",
        licence_number="X",
        licence_valid_until=date(2026, 5, 31),
        on=date(2026, 6, 1),
    )
    assert "Votre licence a expiré le 31/05/2026" in errors["licence_valid_until"]


@pytest.mark.parametrize(
    ("deadline", "request_by"),
    [
        (date(2022, 11, 14), date(2022, 10, 13)),  # seed 003: 1 and 11 Nov 2022 are holidays
        (date(2026, 6, 1), date(2026, 4, 28)),  # 1, 8, 14 (Ascension) and 25 May skipped
        (date(2026, 1, 30), date(2026, 1, 2)),  # across 1 January
    ],
)
def test_affiliation_should_be_requested_20_business_days_before_a_deadline(deadline, request_by):
    assert rules.affiliation_request_by(deadline) == request_by
