"""Art. 18 and 19: main activity, TPE thresholds, the dates of art. 18, the shares of
investments and running costs of art. 19, the caps per enseigne, at their boundaries."""

import datetime
from decimal import Decimal

import pytest

from aides import programmes
from aides.programmes.base import MORALE, PHYSIQUE, Applicant
from espace_pro.choices import LegalForm

D = Decimal
ON = datetime.date(2026, 12, 1)
DISQUAIRE = Applicant(kind=MORALE, legal_form=LegalForm.SOCIETE_COMMERCIALE, affiliated=True, on=ON)

SHOP = {
    "part_surface_vente": "60",
    "part_stock": "60",
    "part_ca_supports_enregistres": "40",
    "effectif": "3",
    "chiffre_affaires": "300000",
    "total_bilan": "150000",
}


def compute18(applicant=DISQUAIRE, **overrides):
    figures = {
        **SHOP,
        "operation": "creation",
        "date_ouverture": "2027-03-01",
        "depenses_investissements_ouverture": "40000",
        "budget_total": "200000",
        **overrides,
    }
    return programmes.get("18").compute(figures, applicant=applicant)


def compute19(applicant=DISQUAIRE, **overrides):
    figures = {**SHOP, "depenses_travaux": "10000", "budget_total": "200000", **overrides}
    return programmes.get("19").compute(figures, applicant=applicant)


def errors(result):
    return " ".join(result.errors)


@pytest.mark.parametrize("compute", [compute18, compute19])
@pytest.mark.parametrize(
    ("surface", "stock", "turnover", "eligible"),
    [
        ("60", "60", "0", True),
        ("50.01", "50.01", "0", True),
        ("50", "60", "0", False),  # « plus de 50 % » of the floor
        ("60", "50", "0", False),  # and of the stock
        ("0", "0", "50.01", True),  # or a majority of the turnover
        ("0", "0", "50", False),
        ("50", "50", "50", False),
    ],
)
def test_main_activity(compute, surface, stock, turnover, eligible):
    result = compute(
        part_surface_vente=surface, part_stock=stock, part_ca_supports_enregistres=turnover
    )
    assert ("activité principale" not in errors(result)) is eligible


@pytest.mark.parametrize("compute", [compute18, compute19])
@pytest.mark.parametrize(
    ("staff", "turnover", "balance", "eligible"),
    [
        ("9", "2000000", "5000000", True),  # 9 persons, turnover exactly 2 M€
        ("10", "100000", "100000", False),  # « moins de 10 personnes »
        ("9", "2000000.01", "2000000", True),  # the balance sheet is enough
        ("9", "2000000.01", "2000000.01", False),
        ("0", "0", "0", True),
    ],
)
def test_tpe(compute, staff, turnover, balance, eligible):
    result = compute(effectif=staff, chiffre_affaires=turnover, total_bilan=balance)
    assert ("TPE" not in errors(result)) is eligible


@pytest.mark.parametrize("article", ["18", "19"])
@pytest.mark.parametrize(
    ("legal_form", "refused", "warned"),
    [
        (LegalForm.SOCIETE_COMMERCIALE, False, False),
        (LegalForm.ASSOCIATION, False, False),
        (LegalForm.ENTREPRENEUR_INDIVIDUEL, False, True),  # by derogation
        (LegalForm.COLLECTIVITE_TERRITORIALE, True, False),
        (LegalForm.ETABLISSEMENT_PUBLIC, True, False),
    ],
)
def test_applicant_legal_forms(article, legal_form, refused, warned):
    applicant = Applicant(kind=MORALE, legal_form=legal_form, affiliated=True, on=ON)
    result = (compute18 if article == "18" else compute19)(applicant=applicant)
    assert ("pas ouvert" in errors(result)) is refused
    assert any("dérogatoire" in w for w in result.warnings) is warned
    assert "dérogatoire" not in errors(result)


def test_personne_physique_refused():
    result = compute18(applicant=Applicant(kind=PHYSIQUE, affiliated=True, on=ON))
    assert "pas ouvert" in errors(result)


# --- art. 18 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "eligible"),
    [
        ("2026-12-02", True),  # the day after the deposit
        ("2026-12-01", False),  # the deposit day itself: not « avant »
        ("2026-11-30", False),
    ],
)
def test_art18_before_opening(opening, eligible):
    result = compute18(date_ouverture=opening)
    assert ("avant l'ouverture" not in errors(result)) is eligible


def test_art18_before_opening_unverified_in_the_simulator():
    result = compute18(applicant=None, date_ouverture="2020-01-01")
    assert errors(result) == ""
    assert any("avant l'ouverture" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("operation", "previous", "on", "eligible"),
    [
        ("reprise", "2023-12-01", ON, True),  # third anniversary: allowed again
        ("reprise", "2023-12-02", ON, False),
        ("reprise", "", ON, True),
        ("creation", "2025-06-01", ON, True),  # only for a takeover
        ("reprise", "2024-02-29", datetime.date(2027, 2, 28), True),  # no 29 February in 2027
        ("reprise", "2024-02-29", datetime.date(2027, 2, 27), False),
    ],
)
def test_art18_one_aid_in_three_years_on_a_takeover(operation, previous, on, eligible):
    applicant = Applicant(
        kind=MORALE, legal_form=LegalForm.SOCIETE_COMMERCIALE, affiliated=True, on=on
    )
    result = compute18(
        applicant=applicant,
        operation=operation,
        date_derniere_aide_enseigne=previous,
        date_ouverture="2027-06-01",
    )
    assert ("trois ans" not in errors(result)) is eligible


@pytest.mark.parametrize(
    ("acquisition", "opening", "stock", "already", "expected", "blocked"),
    [
        ("0", "40000", "0", "0", "20000.00", False),  # 50 % HT
        ("50000", "30000", "20000", "0", "50000.00", False),  # 100 000 × 50 % = the cap
        ("50000", "30000", "20000.02", "0", "50000.00", False),
        ("50000", "30000", "19999.98", "0", "49999.99", False),
        ("0", "0.01", "0", "0", "0.01", False),  # 0.005 half up
        ("0", "40000", "0", "30000", "20000.00", False),  # exactly what is left per enseigne
        ("0", "40000", "0", "30000.01", "19999.99", False),
        ("0", "40000", "0", "50000", "0.00", True),
    ],
)
def test_art18_caps(acquisition, opening, stock, already, expected, blocked):
    result = compute18(
        depenses_acquisition=acquisition,
        depenses_investissements_ouverture=opening,
        depenses_stock=stock,
        deja_attribue_enseigne=already,
    )
    assert result.amount == D(expected)
    assert ("par enseigne est atteint" in errors(result)) is blocked
    assert [s.label for s in result.steps] == [
        "Dépenses éligibles",
        "50 % des dépenses éligibles HT",
        "Plafond par enseigne",
    ]


def test_art18_not_cumulative_with_art19():
    assert "art. 19" in errors(compute18(aide_art19_meme_projet="oui"))


def test_art18_missing_opening_date_is_a_field_error():
    result = compute18(date_ouverture="")
    assert "date_ouverture" in result.field_errors
    assert not result.eligible


# --- art. 19 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("works", "equipment", "stock", "resources", "events", "already", "expected"),
    [
        ("10000", "0", "0", "0", "0", "0", "7000.00"),  # 70 % of investments
        ("0", "10000", "0", "0", "0", "0", "7000.00"),
        ("0", "0", "10000", "0", "0", "0", "5000.00"),  # 50 % of running costs
        ("0", "0", "0", "10000", "0", "0", "5000.00"),
        ("0", "0", "0", "0", "10000", "0", "5000.00"),
        ("10000", "0", "10000", "0", "0", "0", "12000.00"),
        ("0.01", "0", "0.01", "0", "0", "0", "0.02"),  # 0.007 → 0.01 and 0.005 → 0.01
        ("50000", "0", "30000", "0", "0", "0", "50000.00"),  # 35 000 + 15 000 = the cap
        ("50000", "0", "30000.02", "0", "0", "0", "50000.00"),
        ("50000", "0", "29999.98", "0", "0", "0", "49999.99"),
        ("10000", "0", "0", "0", "0", "43000", "7000.00"),  # exactly what is left this year
        ("10000", "0", "0", "0", "0", "43000.01", "6999.99"),
        ("10000", "0", "0", "0", "0", "50000", "0.00"),
    ],
)
def test_art19_shares_and_yearly_cap(works, equipment, stock, resources, events, already, expected):
    result = compute19(
        depenses_travaux=works,
        depenses_equipements=equipment,
        depenses_stock=stock,
        depenses_ressources=resources,
        depenses_evenements=events,
        deja_attribue_annee=already,
    )
    assert result.amount == D(expected)
    assert [s.label for s in result.steps] == [
        "Dépenses éligibles",
        "70 % des investissements et 50 % des charges courantes",
        "Plafond par enseigne et par an",
    ]


def test_art19_eligible_expenses_count_everything():
    result = compute19(depenses_travaux="1000", depenses_evenements="500")
    assert result.values["depenses_eligibles"] == D("1500")
    assert "70 %" in result.steps[1].detail


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"depenses_engagees": "oui"}, "engagées avant le dépôt"),
        ({"aide_art18_meme_projet": "oui"}, "art. 18"),
        ({}, None),
    ],
)
def test_art19_criteria(overrides, message):
    text = errors(compute19(**overrides))
    if message is None:
        assert text == ""
    else:
        assert message in text


@pytest.mark.parametrize("article", ["18", "19"])
@pytest.mark.parametrize(
    ("amount", "parts"),
    [
        ("5000.00", ["5000.00"]),  # art. 5: at once
        ("5000.01", ["3500.01", "1500.00"]),
        ("50000.00", ["35000.00", "15000.00"]),
        ("12345.65", ["8641.96", "3703.69"]),  # 8 641.955 half up
    ],
)
def test_payment(article, amount, parts):
    schedule = programmes.get(article).payment_schedule(D(amount))
    assert [str(i.amount) for i in schedule] == parts
    assert sum(i.amount for i in schedule) == D(amount)
    if len(schedule) == 2:
        assert schedule[1].label.startswith("30 % sur factures acquittées")


@pytest.mark.parametrize("bad", ["-1", "beaucoup", "10.005", 3.0])
def test_bad_figures(bad):
    result = compute19(depenses_stock=bad, effectif="-2")
    assert {"depenses_stock", "effectif"} <= set(result.field_errors)
    assert not result.eligible
    assert result.amount >= 0


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("operation", "fermeture"),
        ("date_ouverture", "31/12/2026"),
        ("date_derniere_aide_enseigne", "1989-12-31"),
        ("depenses_acquisition", "-1"),
        ("part_stock", "abc"),
    ],
)
def test_art18_bad_figures(name, bad):
    result = compute18(**{name: bad})
    assert name in result.field_errors
    assert not result.eligible
    assert result.amount >= 0
