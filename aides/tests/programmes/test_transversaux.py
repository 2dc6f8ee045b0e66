"""Section 8 (art. 32 to 38): existence, turnover and employment thresholds, the consulting
part of art. 36/37, the typologies of art. 35, at their boundaries."""

import datetime
from decimal import Decimal

import pytest

from aides import programmes
from aides.programmes.base import MORALE, Applicant
from espace_pro.choices import LegalForm

D = Decimal
DEPOSIT = datetime.date(2026, 3, 15)


def applicant(legal_form=LegalForm.SOCIETE_COMMERCIALE, **kwargs):
    return Applicant(kind=MORALE, legal_form=legal_form, affiliated=True, on=DEPOSIT, **kwargs)


def compute(article, figures, **kwargs):
    return programmes.get(article).compute(figures, applicant=applicant(**kwargs))


def errors(article, figures, **kwargs):
    return " ".join(compute(article, figures, **kwargs).errors)


@pytest.mark.parametrize(
    ("created", "ok"),
    [("2025-03-15", True), ("2025-03-16", False), ("2025-03-14", True)],
)
def test_one_year_of_existence_on_the_deposit_date(created, ok):
    figures = {"date_creation": created, "depenses_eligibles": "1000", "budget_total": "1000"}
    assert (
        "an d'existence"
        not in errors("38", {**figures, "exercices_clos": "1", "apport_porteur": "1000"})
    ) is ok
    assert ("an d'existence" not in errors("32", figures, legal_form=LegalForm.ASSOCIATION)) is ok


def test_leap_day_creation_anniversary():
    figures = {
        "date_creation": "2024-02-29",
        "depenses_eligibles": "1000",
        "budget_total": "1000",
        "exercices_clos": "1",
        "apport_porteur": "1000",
    }
    result = programmes.get("38").compute(
        figures, applicant=Applicant(kind=MORALE, affiliated=True, on=datetime.date(2025, 2, 28))
    )
    assert "an d'existence" not in " ".join(result.errors)


def test_art32_only_associations_and_not_with_33():
    figures = {
        "date_creation": "2020-01-01",
        "depenses_eligibles": "10000",
        "budget_total": "20000",
    }
    assert "pas ouvert" in errors("32", figures)
    result = compute("32", figures, legal_form=LegalForm.ASSOCIATION)
    assert result.amount == D("4000.00")
    assert "cumulée" in errors(
        "32", {**figures, "cumul_article_33": "oui"}, legal_form=LegalForm.ASSOCIATION
    )


@pytest.mark.parametrize(
    ("article", "expenses", "expected"),
    [("32", "10000.01", "4000.00"), ("33", "10000.02", "4000.01"), ("34", "10000.05", "3000.02")],
)
def test_rates_half_up(article, expenses, expected):
    figures = {
        "date_creation": "2020-01-01",
        "depenses_eligibles": expenses,
        "budget_total": expenses,
        "cursus_annuel": "oui",
    }
    legal = LegalForm.ASSOCIATION
    assert compute(article, figures, legal_form=legal).amount == D(expected)


def test_art34_1_forty_percent_of_financing_plan_and_start_window():
    base = {"date_creation": "2020-01-01", "depenses_eligibles": "5000", "budget_total": "12500"}
    assert compute("34-1", base).amount == D("5000.00")
    assert compute("34-1", {**base, "date_debut_actions": "2025-09-15"}).eligible
    assert "six mois" in errors("34-1", {**base, "date_debut_actions": "2025-09-14"})
    assert "festival" in errors("34-1", {**base, "pendant_festival": "oui"})


ART35 = {"date_creation": "2025-01-01", "depenses_eligibles": "40000", "budget_total": "50000"}


@pytest.mark.parametrize(
    ("typology", "expenses", "expected"),
    [
        ("formation_equipes", "20000", "10000.00"),  # 50 % = exactly the cap
        ("formation_equipes", "20000.02", "10000.00"),
        ("formation_equipes", "19999.98", "9999.99"),
        ("diagnostic", "40000", "15000.00"),
        ("visibilite", "40000", "24000.00"),  # 60 %
        ("visibilite", "60000", "30000.00"),
        ("accompagnement_professionnel", "100000", "50000.00"),
        ("observation", "150000", "90000.00"),  # no € cap of its own
        ("aide_structure", "300000", "100000.00"),
    ],
)
def test_art35_typologies(typology, expenses, expected):
    figures = {
        **ART35,
        "typologie": typology,
        "depenses_eligibles": expenses,
        "budget_total": expenses,
    }
    assert compute("35", figures, session_deadline=DEPOSIT).amount == D(expected)


def test_art35_yearly_cap_and_existence_on_the_deadline():
    figures = {
        **ART35,
        "typologie": "aide_structure",
        "depenses_eligibles": "300000",
        "budget_total": "300000",
        "deja_attribue_annee": "60000",
    }
    assert compute("35", figures).amount == D("40000.00")
    young = {**ART35, "typologie": "visibilite", "date_creation": "2025-09-16"}
    assert "six mois" in errors("35", young, session_deadline=DEPOSIT)
    assert "six mois" not in errors(
        "35", {**young, "date_creation": "2025-09-15"}, session_deadline=DEPOSIT
    )


def test_art35_hearing_is_a_warning():
    figures = {**ART35, "typologie": "aide_structure", "montant_sollicite": "50000"}
    result = compute("35", figures)
    assert result.eligible
    assert any("auditionné" in w for w in result.warnings)


ART36 = {
    "date_creation": "2023-03-15",
    "exercices_clos": "3",
    "part_activite_cnm": "80",
    "chiffre_affaires": "150000",
    "regularite_taxe": "oui",
    "regularite_sociale": "oui",
    "engagement_dividendes": "oui",
    "depenses_personnel": "100000",
    "budget_total": "200000",
}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, None),
        ({"part_activite_cnm": "79.99"}, "80 %"),
        ({"date_creation": "2023-03-16"}, "trois ans"),
        ({"date_creation": "2023-03-16", "transfert_activite": "oui"}, None),
        ({"exercices_clos": "2"}, "exercice"),
        ({"chiffre_affaires": "100000"}, "supérieur à 100 000"),
        ({"chiffre_affaires": "100000.01"}, None),
        ({"chiffre_affaires": "200000"}, "Critère de l'emploi"),
        ({"chiffre_affaires": "199999.99"}, None),
        ({"chiffre_affaires": "200000", "cdi_plus_six_mois": "oui"}, None),
        ({"cessation_paiements": "oui"}, "cessation"),
        ({"engagement_dividendes": ""}, "dividendes"),
    ],
)
def test_art36_applicant_criteria(overrides, message):
    text = errors("36", {**ART36, **overrides})
    if message is None:
        assert text == ""
    else:
        assert message in text


@pytest.mark.parametrize(
    ("personnel", "conseil", "days", "expected"),
    [
        ("100000", "0", "0", "25000.00"),
        ("100000", "40000", "20", "35000.00"),  # conseil part 10 000 = 25 % × 40 000 = 500 × 20
        ("100000", "40000", "19", "34500.00"),  # 500 × 19 = 9 500
        ("100000", "80000", "30", "35000.00"),  # 10 000 € at most
        ("1000000", "0", "0", "200000.00"),  # € cap
    ],
)
def test_art36_consulting_part(personnel, conseil, days, expected):
    figures = {
        **ART36,
        "depenses_personnel": personnel,
        "depenses_conseil": conseil,
        "jours_conseil": days,
        "budget_total": "2000000",
    }
    assert compute("36", figures).amount == D(expected)


def test_art37_capped_by_the_holders_contribution():
    figures = {
        **ART36,
        "depenses_investissements": "100000",
        "apport_porteur": "30000",
        "budget_total": "200000",
    }
    figures.pop("depenses_personnel")
    result = compute("37", figures)
    assert result.amount == D("30000.00")
    assert compute("37", {**figures, "apport_porteur": "60000"}).amount == D("50000.00")


def test_art38_caps_and_schedule():
    figures = {
        "date_creation": "2020-01-01",
        "exercices_clos": "1",
        "apport_porteur": "500000",
        "depenses_recherche": "300000",
        "budget_total": "300000",
    }
    result = compute("38", figures)
    assert result.amount == D("100000.00")
    assert [str(i.amount) for i in programmes.get("38").payment_schedule(result.amount)] == [
        "80000.00",
        "20000.00",
    ]


@pytest.mark.parametrize("article", ["32", "33", "34", "34-1", "35", "36", "37", "38"])
def test_negative_figures_are_field_errors(article):
    result = programmes.get(article).compute({"budget_total": "-1"})
    assert "budget_total" in result.field_errors
    assert result.amount >= 0
