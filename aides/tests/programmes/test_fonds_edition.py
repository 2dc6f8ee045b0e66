"""Seed 003, the closed Fonds exceptionnel de soutien à l'édition musicale: the formula with worked
examples computed by hand, at each CT slice boundary and at TPE 10 % / 62.31 %."""

from decimal import Decimal

import pytest

from aides import programmes
from aides.programmes.base import MORALE, PHYSIQUE, Applicant
from aides.programmes.fonds_edition import ct, ct_weighted, fonds_edition_aid

D = Decimal
EDITEUR = Applicant(kind=MORALE, affiliated=True)
REF_100K = {2019: ("100000", "0"), 2020: ("100000", "0")}


def aid_2021(mbe_2021, reference=REF_100K, **kwargs):
    return fonds_edition_aid(years={**reference, 2021: (mbe_2021, "0")}, **kwargs)


def test_worked_example_two_years_and_deductions():
    # MBE 2019 = MBE 2020 = 100 000, average 100 000.
    # 2021: MBE 70 000, perte 30 000, PE 37 500, TPE 37,5 %, CI = 1,3 × 37,5 + 64 = 112,75 %,
    #       CT 100 %: 45 % × 112,75 % × 37 500 = 19 026,5625 → 19 026,56
    # 2022: MBE 90 000, perte 10 000, PE 12 500, TPE 12,5 %, CI 80,25 %: 4 514,0625 → 4 514,06
    # total 23 540,62 − 540,62 already received = 23 000,00
    result = fonds_edition_aid(
        years={**REF_100K, 2021: ("70000", "0"), 2022: ("90000", "0")}, deductions="540.62"
    )
    assert result.reference == D("100000")
    y21, y22 = result.years[2021], result.years[2022]
    assert (y21.perte, y21.pe, y21.tpe, y21.ci, y21.ct) == (
        D("30000"),
        D("37500"),
        D("0.375"),
        D("1.1275"),
        D("1"),
    )
    assert (y21.aid, y22.aid) == (D("19026.56"), D("4514.06"))
    assert result.gross == D("23540.62")
    assert result.amount == D("23000.00")
    assert [s.label for s in result.steps][-2:] == [
        "Montants déjà perçus (fonds de solidarité 2021-2022, précédent fonds)",
        "Plafond par bénéficiaire (150\u202f000\xa0€)",
    ]


def test_worked_example_international_rights_and_non_covid_losses():
    # MBE 2019 = 80 000 + 25 % × 80 000 = 100 000 ; MBE 2020 = 60 000 + 25 % × 40 000 = 70 000
    # average 85 000 ; MBE 2021 = 40 000 + 25 % × 20 000 = 45 000 ; perte 40 000
    # PE = (40 000 − 4 000 non-Covid) × 125 % = 45 000 ; TPE = 9/17 (52,94 %)
    # CI = 1,3 × 9/17 + 0,64 = 22,58/17 ; aid = 45 % × 22,58/17 × 45 000 = 457 245/17
    #    = 26 896,7647… → 26 896,76 (no 2022 répartitions: one year only)
    result = fonds_edition_aid(
        years={2019: (80000, 80000), 2020: (60000, 40000), 2021: (40000, 20000)},
        non_covid={2021: 4000},
    )
    assert result.mbe == {2019: D("100000"), 2020: D("70000"), 2021: D("45000")}
    assert result.reference == D("85000")
    assert result.years[2021].pe == D("45000")
    assert list(result.years) == [2021]
    assert result.amount == D("26896.76")


@pytest.mark.parametrize(
    ("mbe_2021", "ci", "expected"),
    [
        # average 100 000; PE = (100 000 − MBE) × 125 %
        ("92000.01", "0", "0.00"),  # PE 9 999,9875: TPE just under 10 % → CI 0
        ("92000", "0.77", "3465.00"),  # PE 10 000, TPE 10 %: CI = 1,3 × 10 + 64 = 77 %
        ("91999.99", None, "3465.01"),  # PE 10 000,0125: 3 465,00506… half up
        ("50160", "1.4499", "40647.95"),  # TPE 62,30 %: CI 144,99 %, 40 647,9465
        ("50152.01", None, "40658.10"),  # TPE 62,3099875 %: the formula, CI 145,003 %
        ("50152", "1.45", "40657.28"),  # TPE 62,31 %: CI 145 %, 0,6525 × 62 310 = 40 657,275
        ("36000", "1.45", "52200.00"),  # TPE 80 %: 0,6525 × 80 000
    ],
)
def test_ci_at_10_and_62_31_percent(mbe_2021, ci, expected):
    result = aid_2021(mbe_2021)
    if ci is not None:
        assert result.years[2021].ci == D(ci)
    assert result.amount == D(expected)


@pytest.mark.parametrize(
    ("mbe", "weighted"),
    [
        ("0", "0"),
        ("100000", "100000"),
        ("100000.01", "100000.0098"),
        ("200000", "198000"),  # 100 000 + 98 % × 100 000
        ("200000.01", "198000.0094"),
        ("400000", "386000"),  # + 94 % × 200 000
        ("400000.01", "386000.0086"),
        ("800000", "730000"),  # + 86 % × 400 000
        ("800000.01", "730000.0070"),
        ("1600000", "1290000"),  # + 70 % × 800 000
        ("1600000.01", "1290000.0050"),
        ("2000000", "1490000"),  # + 50 % × 400 000
    ],
)
def test_ct_slices_at_each_boundary(mbe, weighted):
    assert ct_weighted(D(mbe)) == D(weighted)


@pytest.mark.parametrize(
    ("mbe", "coefficient"),
    [("0", "1"), ("100000", "1"), ("200000", "0.99"), ("400000", "0.965"), ("2000000", "0.745")],
)
def test_ct_is_the_average_rate_of_the_slices(mbe, coefficient):
    assert ct(D(mbe)) == D(coefficient)


def test_ct_lowers_the_year_aid():
    # average 1 000 000; MBE 2021 400 000: perte 600 000, PE 750 000, TPE 75 % → CI 145 %
    # CT = 386 000 / 400 000 = 96,5 %: 45 % × 145 % × 96,5 % × 750 000 = 472 246,875
    reference = {2019: ("1000000", "0"), 2020: ("1000000", "0")}
    result = aid_2021("400000", reference)
    assert result.years[2021].aid == D("472246.88")
    assert result.amount == D("150000.00")


@pytest.mark.parametrize(
    ("deductions", "expected"),
    [
        # average 400 000; MBE 2021 200 000: PE 250 000, CI 145 %, CT 99 %:
        # 45 % × 145 % × 99 % × 250 000 = 161 493,75
        ("0", "150000.00"),
        ("11493.74", "150000.00"),
        ("11493.75", "150000.00"),  # exactly the cap
        ("11493.76", "149999.99"),
        ("161493.75", "0.00"),
        ("200000", "0.00"),  # never negative
    ],
)
def test_deductions_then_cap_at_150_000(deductions, expected):
    reference = {2019: ("400000", "0"), 2020: ("400000", "0")}
    result = aid_2021("200000", reference, deductions=deductions)
    assert result.gross == D("161493.75")
    assert result.amount == D(expected)


@pytest.mark.parametrize(
    ("mbe_2021", "non_covid", "pe"),
    [
        ("120000", "0", "0"),  # the MBE grew: no loss
        ("70000", "30000", "0"),  # the whole loss is not due to Covid-19
        ("70000", "30000.01", "0"),  # never negative
        ("70000", "29999.99", "0.0125"),
    ],
)
def test_perte_eligible_neutralised(mbe_2021, non_covid, pe):
    result = aid_2021(mbe_2021, non_covid={2021: non_covid})
    assert result.years[2021].pe == D(pe)
    assert result.amount == D("0.00")


def test_no_reference_mbe_gives_nothing():
    result = fonds_edition_aid(years={2019: (0, 0), 2020: (0, 0), 2021: (0, 0)})
    assert result.years[2021].tpe == 0
    assert result.amount == D("0.00")


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"years": {2020: (1, 0), 2021: (1, 0)}}, ValueError),
        ({"years": {**REF_100K, 2021: ("-1", "0")}}, ValueError),
        ({"years": {**REF_100K, 2023: ("1", "0")}}, ValueError),
        ({"years": {**REF_100K, 2021: (1.5, "0")}}, TypeError),
        ({"years": REF_100K, "deductions": "-0.01"}, ValueError),
        ({"years": REF_100K, "non_covid": {2020: "1"}}, ValueError),
    ],
)
def test_bad_input(kwargs, error):
    with pytest.raises(error):
        fonds_edition_aid(**kwargs)


# --- the closed programme ------------------------------------------------------------------


def figures(**overrides):
    base = {
        "date_creation": "2010-05-01",
        "droits_editeur_original_2020": "4000",
        "part_ca_edition_2020": "50",
        "signataire_code_usages": "oui",
        "droits_domestiques_2019": "100000",
        "droits_internationaux_2019": "0",
        "droits_domestiques_2020": "100000",
        "droits_internationaux_2020": "0",
        "droits_domestiques_2021": "70000",
        "droits_domestiques_2022": "90000",
        "montants_deduits": "540.62",
    }
    return {**base, **overrides}


def compute(**overrides):
    return programmes.get("fonds-edition").compute(figures(**overrides), applicant=EDITEUR)


def test_programme_is_closed_but_keeps_its_calculator():
    program = programmes.get("fonds-edition")
    assert program.closed
    assert program.slug == "fonds-edition"
    result = compute()
    assert result.amount == D("23000.00")
    assert result.errors == ["Ce programme est clos : aucune demande ne peut plus être déposée."]
    assert [s.label for s in result.steps] == [
        "MBE moyenne 2019-2020",
        "Aide 2021 : 45 % × CI × CT × PE",
        "Aide 2022 : 45 % × CI × CT × PE",
        "Montants déjà perçus (fonds de solidarité 2021-2022, précédent fonds)",
        "Plafond par bénéficiaire (150\u202f000\xa0€)",
    ]


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"droits_internationaux_2019": "80000", "droits_domestiques_2021": "1000"},
        {"droits_domestiques_2022": "", "pertes_non_covid_2021": "1000"},
        {"droits_domestiques_2019": "400000", "droits_domestiques_2020": "400000"},
        {"montants_deduits": "999999"},
    ],
)
def test_programme_and_function_agree(overrides):
    values = figures(**overrides)

    def money(name):
        return values.get(name) or "0"

    years = {
        y: (money(f"droits_domestiques_{y}"), money(f"droits_internationaux_{y}"))
        for y in (2019, 2020, 2021)
    }
    if values.get("droits_domestiques_2022"):
        years[2022] = (money("droits_domestiques_2022"), "0")
    expected = fonds_edition_aid(
        years=years,
        non_covid={2021: money("pertes_non_covid_2021")},
        deductions=money("montants_deduits"),
    )
    assert compute(**overrides).amount == expected.amount


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date_creation": "2018-12-31"}, None),
        ({"date_creation": "2019-01-01"}, "créé avant le 1er janvier 2019"),
        ({"droits_editeur_original_2020": "3999.99"}, "4 000 €"),
        (
            {
                "droits_editeur_original_2020": "3999.99",
                "droits_editeur_original_trois_exercices": "10000",
            },
            None,
        ),
        (
            {
                "droits_editeur_original_2020": "0",
                "droits_editeur_original_trois_exercices": "9999.99",
            },
            "10 000 €",
        ),
        ({"part_ca_edition_2020": "49.99"}, "50 %"),
        ({"signataire_code_usages": ""}, "Code des usages"),
        # TPE exactly 10 % in 2021, no 2022: CI 77 % gives an amount, but the loss must be
        # « supérieure à 10 % »
        ({"droits_domestiques_2021": "92000", "droits_domestiques_2022": ""}, "supérieure à 10 %"),
        ({"droits_domestiques_2021": "91999.99", "droits_domestiques_2022": ""}, None),
        ({"droits_domestiques_2021": "", "droits_domestiques_2022": ""}, "2021 et/ou de 2022"),
    ],
)
def test_applicant_criteria(overrides, message):
    errors = [e for e in compute(**overrides).errors if "clos" not in e]
    if message is None:
        assert errors == []
    else:
        assert message in " ".join(errors)


def test_ten_percent_exactly_computes_but_is_not_eligible():
    result = compute(
        droits_domestiques_2021="92000", droits_domestiques_2022="", montants_deduits=""
    )
    assert result.amount == D("3465.00")
    assert any("supérieure à 10 %" in e for e in result.errors)


def test_personne_physique_refused_and_bad_figures_reported():
    result = programmes.get("fonds-edition").compute(
        figures(droits_domestiques_2021="-5"), applicant=Applicant(kind=PHYSIQUE, affiliated=True)
    )
    assert "droits_domestiques_2021" in result.field_errors
    assert any("pas ouvert" in e for e in result.errors)
    assert result.amount >= 0


@pytest.mark.parametrize("amount", ["4999.99", "23000.00", "150000.00"])
def test_paid_at_once(amount):
    schedule = programmes.get("fonds-edition").payment_schedule(D(amount))
    assert [i.amount for i in schedule] == [D(amount)]
