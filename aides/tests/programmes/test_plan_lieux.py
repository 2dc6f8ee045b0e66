"""Art. 40 and 41 (plan de transition des lieux): seniority, diffusion thresholds, investment
minimum, own funds and caps at their boundaries."""

import datetime
from decimal import Decimal

import pytest

from aides import programmes
from aides.programmes.base import MORALE, PHYSIQUE, Applicant
from espace_pro.choices import LegalForm

D = Decimal
DEPOSIT = datetime.date(2026, 12, 1)
VENUE = Applicant(
    kind=MORALE,
    legal_form=LegalForm.COLLECTIVITE_TERRITORIALE,  # a town owning its venue may apply
    affiliated=True,
    has_licence=True,
    on=DEPOSIT,
)


def errors_of(result) -> str:
    return " ".join(result.errors)


COMMON = {
    "type_lieu": "salle",
    "debut_activite_lieu": "2023-11-30",  # three years and a day before the deposit
    "part_diffusion_champ_cnm": "70",
    "representations_champ_cnm": "0",
    "duerp": "oui",
}


def art40(applicant=VENUE, **overrides):
    figures = {**COMMON, "depenses_expertises": "10000", "budget_total": "10000", **overrides}
    return programmes.get("40").compute(figures, applicant=applicant)


def art41(applicant=VENUE, **overrides):
    figures = {
        **COMMON,
        "titre_occupation": "oui",
        "diagnostic_documente": "oui",
        "depenses_equipements": "30000",
        "fonds_apportes": "6000",
        "budget_total": "30000",
        **overrides,
    }
    return programmes.get("41").compute(figures, applicant=applicant)


COMMON_CASES = [
    ({}, None),
    ({"debut_activite_lieu": "2023-12-01"}, "plus de trois ans"),  # exactly three years
    ({"debut_activite_lieu": "2023-12-02"}, "plus de trois ans"),
    ({"adherent_astp": "oui"}, "théâtre privé"),
    ({"duerp": "non"}, "DUERP"),
    ({"part_diffusion_champ_cnm": "69.99"}, "70 %"),
    (
        {
            "part_diffusion_champ_cnm": "40",
            "contexte_rural": "oui",
            "representations_champ_cnm": "15",
        },
        None,
    ),
    (
        {
            "part_diffusion_champ_cnm": "40",
            "contexte_rural": "oui",
            "representations_champ_cnm": "14",
        },
        "quinze représentations",
    ),
    ({"part_diffusion_champ_cnm": "40", "representations_champ_cnm": "30"}, "70 %"),  # not rural
]


@pytest.mark.parametrize(("overrides", "message"), COMMON_CASES)
def test_art40_criteria(overrides, message):
    errors = errors_of(art40(**overrides))
    assert (errors == "") if message is None else (message in errors)


@pytest.mark.parametrize(("overrides", "message"), COMMON_CASES)
def test_art41_common_criteria(overrides, message):
    errors = errors_of(art41(**overrides))
    assert (errors == "") if message is None else (message in errors)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"titre_occupation": "non"}, "titre d'occupation"),
        ({"diagnostic_documente": "non"}, "diagnostic documenté"),
        ({"depenses_equipements": "29999.99"}, "30 000 € HT"),
        (
            {"depenses_equipements": "15000", "depenses_structure_travaux": "15000"},
            None,  # categories add up to exactly 30 000
        ),
        ({"fonds_apportes": "5999.99"}, "20 %"),
        # festivals: 70 %, no rural alternative
        (
            {
                "type_lieu": "festival",
                "part_diffusion_champ_cnm": "40",
                "contexte_rural": "oui",
                "representations_champ_cnm": "20",
            },
            "du festival",
        ),
        ({"type_lieu": "festival"}, None),
    ],
)
def test_art41_criteria(overrides, message):
    errors = errors_of(art41(**overrides))
    assert (errors == "") if message is None else (message in errors)


@pytest.mark.parametrize(
    ("personnel", "expertises", "etudes", "expected"),
    [
        ("0", "10000", "0", "8000.00"),  # 80 %
        ("10000", "17500", "10000", "30000.00"),  # 37 500 × 80 % = exactly the cap
        ("10000", "17500", "10000.01", "30000.00"),
        ("0", "37499.99", "0", "29999.99"),  # 29 999.992
        ("0", "0.01", "0", "0.01"),  # 0.008
        ("0", "1000.01", "0", "800.01"),  # 800.008
        ("0", "0", "0", "0.00"),
    ],
)
def test_art40_caps(personnel, expertises, etudes, expected):
    result = art40(
        depenses_personnel=personnel,
        depenses_expertises=expertises,
        depenses_etudes=etudes,
        budget_total="100000",
    )
    assert result.amount == D(expected)
    assert [s.label for s in result.steps] == [
        "Dépenses éligibles",
        "80 % des dépenses éligibles",
        "Plafond de l'aide",
    ]


@pytest.mark.parametrize(
    ("equipements", "travaux", "expected"),
    [
        ("30000", "0", "18000.00"),
        ("500000", "333333.33", "500000.00"),  # 833 333.33 × 60 % = 499 999.998
        ("500000", "333333.32", "499999.99"),  # 499 999.992
        ("833333.34", "0", "500000.00"),
        ("1000000", "1000000", "500000.00"),
        ("30000.01", "0", "18000.01"),  # 18 000.006
    ],
)
def test_art41_caps(equipements, travaux, expected):
    result = art41(
        depenses_equipements=equipements,
        depenses_structure_travaux=travaux,
        budget_total="2000000",
        fonds_apportes="400000",
    )
    assert result.amount == D(expected)


@pytest.mark.parametrize(
    ("article", "amount", "parts"),
    [
        ("40", "5000.00", ["5000.00"]),  # art. 5: at once
        ("40", "5000.01", ["2500.01", "2500.00"]),  # 2 500.005 half up
        ("40", "30000.00", ["15000.00", "15000.00"]),
        ("41", "5000.00", ["5000.00"]),
        ("41", "18000.01", ["12600.01", "5400.00"]),  # 12 600.007
        ("41", "500000.00", ["350000.00", "150000.00"]),
    ],
)
def test_payment(article, amount, parts):
    schedule = programmes.get(article).payment_schedule(D(amount))
    assert [str(i.amount) for i in schedule] == parts
    assert sum(i.amount for i in schedule) == D(amount)


def test_art40_first_payment_on_acceptance():
    schedule = programmes.get("40").payment_schedule(D("30000"))
    assert schedule[0].label == "Acompte de 50 % à l'acceptation du dossier"
    assert [i.trigger for i in schedule] == ["attribution", "bilan"]


@pytest.mark.parametrize("article", ["40", "41"])
@pytest.mark.parametrize(
    ("applicant", "message"),
    [
        (Applicant(kind=PHYSIQUE, affiliated=True, has_licence=True, on=DEPOSIT), "pas ouvert"),
        (Applicant(kind=MORALE, affiliated=False, has_licence=True, on=DEPOSIT), "affiliée"),
        (Applicant(kind=MORALE, affiliated=True, has_licence=False, on=DEPOSIT), "licence"),
    ],
)
def test_applicant(article, applicant, message):
    compute = art40 if article == "40" else art41
    assert message in errors_of(compute(applicant=applicant))


def test_simulator_leaves_the_seniority_to_check():
    result = art41(applicant=None)
    assert result.errors == []
    seniority = next(c for c in result.criteria if c.code == "anciennete")
    assert seniority.met is None


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("depenses_equipements", "-30000"),
        ("depenses_equipements", "30 000,005"),
        ("fonds_apportes", "beaucoup"),
        ("type_lieu", "chapiteau"),
        ("debut_activite_lieu", "1999-12-31"),
    ],
)
def test_bad_figures(field, bad):
    result = art41(**{field: bad})
    assert field in result.field_errors
    assert not result.eligible
    assert result.amount >= 0


def test_section_nine_is_registered():
    section = {s.number: [p.article for p in ps] for s, ps in programmes.by_section()}
    assert section[9] == ["40", "41"]
