"""Art. 42 and 43: the caps art. 42 gives, the amount set by convention, the criteria."""

from decimal import Decimal

import pytest

from aides import programmes
from aides.programmes.base import MORALE, PHYSIQUE, Applicant

D = Decimal
STRUCTURE = Applicant(kind=MORALE, affiliated=True)


def compute(article, applicant=STRUCTURE, **figures):
    base = {"depenses_eligibles": "100000", "budget_total": "120000"}
    return programmes.get(article).compute({**base, **figures}, applicant=applicant)


@pytest.mark.parametrize(
    ("expenses", "already", "expected", "reached"),
    [
        ("100000", "0", "50000.00", False),  # 50 % of the eligible expenses
        ("100000.01", "0", "50000.01", False),  # 50 000.005 half up
        ("0.01", "0", "0.01", False),  # 0.005 half up
        ("400000", "0", "200000.00", False),  # exactly the yearly cap
        ("400000.02", "0", "200000.00", False),
        ("100000", "150000", "50000.00", False),  # 50 000 left exactly
        ("100000", "150000.01", "49999.99", False),
        ("100000", "200000", "0.00", True),
    ],
)
def test_art42_caps(expenses, already, expected, reached):
    result = compute(
        "42", depenses_eligibles=expenses, budget_total=expenses, deja_attribue_annee=already
    )
    assert result.amount == D(expected)
    assert ("plafond annuel" in " ".join(result.errors)) is reached


def test_art42_steps_end_with_the_convention():
    result = compute("42")
    assert [s.label for s in result.steps] == [
        "50 % des dépenses éligibles",
        "Plafond par bénéficiaire et par an (200\u202f000\xa0€)",
        "Montant fixé par la convention",
    ]
    assert any("fixé par la convention" in w for w in result.warnings)
    assert result.errors == []


def test_art42_requested_amount_lowers_it():
    assert compute("42", montant_sollicite="12000").amount == D("12000.00")


def test_art42_affiliation_is_left_to_the_convention():
    result = compute("42", applicant=Applicant(kind=MORALE, affiliated=False))
    assert result.errors == []
    assert "affiliation" not in [c.code for c in result.criteria]
    assert "affiliation_convention" in [c.code for c in result.criteria]


@pytest.mark.parametrize("article", ["42", "43"])
def test_no_other_cnm_support_on_the_same_expenses(article):
    assert "autre soutien du CNM" in " ".join(compute(article, autre_soutien_cnm="oui").errors)
    assert compute(article, autre_soutien_cnm="non").errors == []


def test_art42_is_for_structures_only():
    result = compute("42", applicant=Applicant(kind=PHYSIQUE, affiliated=True))
    assert any("pas ouvert" in e for e in result.errors)


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ({}, "100000.00"),  # no amount in the article: at most the eligible expenses
        ({"montant_sollicite": "30000"}, "30000.00"),
        ({"montant_sollicite": "100000.01"}, "100000.00"),
        ({"depenses_eligibles": "0"}, "0.00"),
    ],
)
def test_art43_amount_set_by_the_convention(figures, expected):
    result = compute("43", **figures)
    assert result.amount == D(expected)
    assert result.steps[1].label == "Montant fixé par la convention territoriale"
    assert any("convention territoriale" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("applicant", "blocked"),
    [
        (Applicant(kind=PHYSIQUE, affiliated=True), False),
        (Applicant(kind=MORALE, affiliated=True), False),
        (Applicant(kind=MORALE, affiliated=False), True),  # section 1 applies
    ],
)
def test_art43_applicants_and_affiliation(applicant, blocked):
    result = compute("43", applicant=applicant)
    assert bool(result.errors) is blocked


@pytest.mark.parametrize("bad", ["-1", "abc", "1.001"])
def test_bad_figures(bad):
    result = compute("42", depenses_eligibles=bad)
    assert "depenses_eligibles" in result.field_errors
    assert not result.eligible


@pytest.mark.parametrize(
    ("article", "amount", "parts"),
    [
        ("42", "5000.00", ["5000.00"]),  # art. 5 by default
        ("42", "50000.01", ["35000.01", "15000.00"]),  # 35 000.007
        ("43", "10000.00", ["7000.00", "3000.00"]),
    ],
)
def test_payment_schedule(article, amount, parts):
    schedule = programmes.get(article).payment_schedule(D(amount))
    assert [str(i.amount) for i in schedule] == parts


def test_section_10():
    program42, program43 = programmes.get("42"), programmes.get("43")
    assert program42.section.number == program43.section.number == 10
    assert program42.bilan_months == 12
    assert program42.version == program43.version == "2023/CA/04 du 15 mars 2023"
