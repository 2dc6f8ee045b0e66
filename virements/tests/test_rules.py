"""Rules of SEPA payments: tables of cases including the boundaries (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from virements import rules


@pytest.mark.parametrize(
    ("typed", "error_part", "normalised"),
    [
        ("FR7630006000011234567890189", None, "FR7630006000011234567890189"),
        # spaces, lower case, dashes as typed from a RIB are normalised
        ("fr76 3000 6000 0112 3456 7890 189", None, "FR7630006000011234567890189"),
        (" FR76-3000-6000-0112-3456-7890-189 ", None, "FR7630006000011234567890189"),
        # La Banque Postale, letters in the account number
        ("FR14 2004 1010 0505 0001 3M02 606", None, "FR1420041010050500013M02606"),
        # foreign SEPA IBANs are accepted
        ("DE89 3704 0044 0532 0130 00", None, "DE89370400440532013000"),
        ("GB29NWBK60161331926819", None, "GB29NWBK60161331926819"),
        # wrong ISO checksum (last digit changed)
        ("FR7630006000011234567890188", "clé de contrôle", None),
        # wrong clé RIB with a recomputed ISO checksum
        ("FR7630004008280001000123456", "clé", None),
        ("FR76300060000112345678901", "longueur", None),
        ("", "Indiquez l'IBAN", None),
        ("XX00", "caractères", None),
        # outside the SEPA zone (Brazil)
        ("BR1800360305000010009795493C1", "zone SEPA", None),
    ],
)
def test_iban_table(typed, error_part, normalised):
    error = rules.iban_error(typed)
    if error_part is None:
        assert error is None
        assert rules.compact(typed) == normalised
    else:
        assert error is not None and error_part in error


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("BNPAFRPP", True),
        ("BNPAFRPPXXX", True),
        ("bnpa fr pp", True),
        ("AGRIFRPP882", True),
        ("ZZZZFRPP", False),  # well formed, unknown to the bank directory
        ("BNPAFR", False),  # 6 characters
        ("BNPAFRPPXXXX", False),  # 12 characters
    ],
)
def test_bic_table(typed, ok):
    assert (rules.bic_error(typed) is None) is ok


def test_check_account_derives_the_bic_from_a_french_iban():
    checked = rules.check_account("fr76 3000 6000 0112 3456 7890 189", "")
    assert checked.errors == {}
    assert checked.iban == "FR7630006000011234567890189"
    assert checked.bic == "AGRIFRPPXXX"


def test_check_account_keeps_a_given_bic_and_reports_both_errors():
    assert rules.check_account(rules.compact("DE89370400440532013000"), "cobadeff").bic == (
        "COBADEFF"
    )
    errors = rules.check_account("FR7630006000011234567890188", "ZZZZFRPP").errors
    assert set(errors) == {"iban", "bic"}
    assert "inconnu" in errors["bic"]


def test_mask_iban():
    assert rules.mask_iban("FR7630006000011234567890189") == "FR76 •••• •••• 0189"
    assert rules.mask_iban("fr76 3000 6000 0112 3456 7890 189") == "FR76 •••• •••• 0189"
    assert "1234" not in rules.mask_iban("FR7630006000011234567890189")


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("Aide n° 2026-0012 — acompte 70 %", "Aide no 2026-0012 - acompte 70 pct"),
        ("Opéra de Lyon & Cie", "Opera de Lyon et Cie"),
        ("  Œuvre   «\u00a0été\u00a0» ", "OEuvre ete"),
        ("Droit de tirage DT-2026-7/3", "Droit de tirage DT-2026-7/3"),
    ],
)
def test_sepa_text(text, cleaned):
    assert rules.sepa_text(text, 140) == cleaned


def test_label_boundaries():
    assert rules.label_error("x" * 140) is None
    assert "140" in rules.label_error("x" * 141)
    assert rules.label_error("«»") is not None  # nothing left once cleaned
    # accents count as one character once transliterated
    assert rules.label_error("é" * 140) is None


@pytest.mark.parametrize(
    ("amount", "ok"),
    [
        (Decimal("0.01"), True),
        (Decimal("0.00"), False),
        (Decimal("-0.01"), False),
        (Decimal("12.345"), False),
        (Decimal("12.3"), True),
        (Decimal("999999999.99"), True),
        (Decimal("1000000000.00"), False),
        (1500, False),  # not a Decimal: never an int or a float for money
    ],
)
def test_amount_table(amount, ok):
    assert (rules.amount_error(amount) is None) is ok


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (date(2026, 12, 1), True),  # today, a Tuesday
        (date(2026, 11, 30), False),  # yesterday
        (date(2026, 12, 5), False),  # Saturday
        (date(2026, 12, 6), False),  # Sunday
        (date(2026, 12, 25), False),  # Christmas
        (date(2026, 12, 24), True),
        (date(2027, 1, 1), False),  # New Year's Day
        (date(2027, 5, 6), False),  # Ascension 2027
        (date(2026, 12, 31), True),  # last day of the month, a Thursday
    ],
)
def test_execution_date_table(day, ok):
    assert (rules.execution_date_error(day, today=date(2026, 12, 1)) is None) is ok


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (date(2026, 12, 1), True),  # the export day
        (date(2026, 11, 30), False),  # the day before the export
        (date(2026, 12, 10), True),  # today
        (date(2026, 12, 11), False),  # tomorrow
    ],
)
def test_paid_on_table(day, ok):
    error = rules.paid_on_error(day, exported_on=date(2026, 12, 1), today=date(2026, 12, 10))
    assert (error is None) is ok


def test_batch_reference():
    assert rules.batch_reference(2026, 1) == "VIR-2026-0001"
    assert rules.batch_reference(2026, 12345) == "VIR-2026-12345"
