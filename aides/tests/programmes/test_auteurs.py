"""Art. 12: the income thresholds (3 000 €, 30 %), the flat bourse and its two-year cap."""

from decimal import Decimal

import pytest

from aides import programmes
from aides.programmes.base import MORALE, PHYSIQUE, Applicant
from espace_pro.choices import LegalForm

D = Decimal
AUTEUR = Applicant(kind=PHYSIQUE, legal_form=LegalForm.PERSONNE_PHYSIQUE, affiliated=True)


def income(*years):
    """``years``: (artistic income, gross global income) for N-1, N-2, …"""
    figures = {}
    for offset, (revenus, total) in enumerate(years, start=1):
        figures[f"revenus_artistiques_n{offset}"] = revenus
        figures[f"revenu_brut_global_n{offset}"] = total
    return figures


OK_YEARS = [("3000", "10000")] * 3


def compute(years=None, applicant=AUTEUR, **overrides):
    figures = {**income(*(years if years is not None else OK_YEARS)), **overrides}
    return programmes.get("12").compute(figures, applicant=applicant)


def errors(result):
    return " ".join(result.errors)


@pytest.mark.parametrize(
    ("years", "eligible"),
    [
        ([("3000", "10000")] * 3, True),  # exactly 3 000 € three years out of five
        ([("3000", "10000")] * 2 + [("2999.99", "10000")], False),
        ([("3000.01", "10000")] * 2 + [("0", "0"), ("0", "0"), ("3000", "10000")], True),
        ([("3000", "10000")] * 2, False),  # only two years
        ([("2999.99", "10000")] * 5, False),
        ([("0", "0")] * 2 + [("5000", "10000")] * 3, True),  # N-3, N-4, N-5 are enough
    ],
)
def test_3000_three_years_out_of_five(years, eligible):
    assert ("3 000 €" not in errors(compute(years))) is eligible


@pytest.mark.parametrize(
    ("years", "eligible"),
    [
        # 30 % the year before the deposit is enough on its own
        ([("3000", "10000"), ("3000", "20000"), ("3000", "20000")], True),
        ([("3000", "10000.01"), ("3000", "20000"), ("3000", "20000")], False),  # 29.9999 %
        # or 30 % in three of the five years
        ([("3000", "20000"), ("3000", "10000"), ("3000", "10000"), ("3000", "10000")], True),
        ([("3000", "20000"), ("3000", "10000"), ("3000", "10000"), ("3000", "10000.01")], False),
        ([("0.30", "1"), ("3000", "20000")], True),  # 30 % exactly (the 3 000 € rule aside)
        ([("0.29", "1"), ("3000", "20000")], False),
        ([("0", "0")] * 5, False),  # no income at all
    ],
)
def test_30_percent(years, eligible):
    assert ("30 %" not in errors(compute(years))) is eligible


def test_income_above_global_income_is_refused():
    result = compute([("3000", "10000"), ("3000", "2999.99"), ("3000", "10000")])
    assert "N-2" in errors(result)
    assert "ne peuvent pas dépasser" in errors(result)


@pytest.mark.parametrize(
    ("overrides", "blocked"),
    [
        ({}, False),
        ({"acquisition_outils": "oui"}, False),
        ({"acquisition_outils": "oui", "depenses_engagees": "oui"}, True),
        ({"depenses_engagees": "oui"}, False),  # only for tools
    ],
)
def test_tools_not_committed_before_deposit(overrides, blocked):
    assert ("engagées avant le dépôt" in errors(compute(**overrides))) is blocked


@pytest.mark.parametrize(
    ("this_year", "previous_year", "expected", "blocked"),
    [
        ("0", "0", "5000.00", False),
        ("", "", "5000.00", False),
        ("0", "5000", "0.00", True),  # bourse obtained last year: nothing left
        ("5000", "0", "0.00", True),  # or earlier this year
        ("0", "4999.99", "0.01", False),  # a bourse adjusted below 5 000 € leaves the rest
        ("2500", "2500", "0.00", True),
        ("2500", "2499.99", "0.01", False),
        ("0", "6000", "0.00", True),  # never negative
    ],
)
def test_flat_amount_and_two_year_cap(this_year, previous_year, expected, blocked):
    result = compute(deja_attribue_annee=this_year, deja_attribue_annee_precedente=previous_year)
    assert result.amount == D(expected)
    assert ("sur deux ans est atteint" in errors(result)) is blocked
    assert [s.label for s in result.steps] == [
        "Bourse forfaitaire",
        "Plafond par bénéficiaire sur deux ans",
    ]
    assert all(s.article == "12" for s in result.steps)


def test_the_bourse_is_a_yearly_cap_the_dossier_reads_from_the_database():
    assert len(programmes.get("12").yearly_caps()) == 1


def test_no_budget_is_asked():
    names = {f.name for f in programmes.get("12").all_figures()}
    assert "depenses_eligibles" not in names
    assert "budget_total" not in names
    assert "revenus_artistiques_n5" in names


@pytest.mark.parametrize(
    ("applicant", "message"),
    [
        (
            Applicant(kind=MORALE, legal_form=LegalForm.ASSOCIATION, affiliated=True),
            "pas ouvert à ce type de demandeur",
        ),
        (
            Applicant(kind=MORALE, legal_form=LegalForm.ENTREPRENEUR_INDIVIDUEL, affiliated=True),
            "pas ouvert",
        ),
        (
            Applicant(kind=PHYSIQUE, legal_form=LegalForm.PERSONNE_PHYSIQUE, affiliated=False),
            "affiliée",
        ),
    ],
)
def test_applicant(applicant, message):
    assert message in errors(compute(applicant=applicant))


def test_eligible_author():
    result = compute()
    assert result.errors == []
    assert result.amount == D("5000.00")


def test_catalogue_filter():
    programme = programmes.get("12")
    assert programme.accepts(PHYSIQUE, LegalForm.PERSONNE_PHYSIQUE)
    assert not programme.accepts(MORALE, None)
    assert not programme.accepts(None, LegalForm.SOCIETE_COMMERCIALE)


@pytest.mark.parametrize("bad", ["-1", "abc", "1.234", 1.5])
def test_bad_figures_are_field_errors(bad):
    result = compute(revenus_artistiques_n1=bad)
    assert "revenus_artistiques_n1" in result.field_errors
    assert not result.eligible
    assert result.amount >= 0


@pytest.mark.parametrize(
    ("amount", "parts"),
    [("5000.00", ["5000.00"]), ("4999.99", ["4999.99"]), ("0.01", ["0.01"])],
)
def test_payment_at_once(amount, parts):
    schedule = programmes.get("12").payment_schedule(D(amount))
    assert [str(i.amount) for i in schedule] == parts
    assert schedule[0].label == "Versement unique"


def test_bilan_within_18_months():
    assert programmes.get("12").bilan_months == 18
