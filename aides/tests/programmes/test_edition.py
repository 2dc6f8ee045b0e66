"""Art. 13, 14 and 14-1: thresholds, coefficients (2.5, 1.5), the opera's raised cap, the unit
rate per engraved page and the caps, at their boundaries."""

import datetime
from decimal import Decimal

import pytest

from aides import programmes
from aides.programmes.base import MORALE, PHYSIQUE, Applicant
from aides.programmes.edition import add_years
from espace_pro.choices import LegalForm

D = Decimal
EDITEUR = Applicant(
    kind=MORALE,
    legal_form=LegalForm.SOCIETE_COMMERCIALE,
    affiliated=True,
    on=datetime.date(2026, 12, 1),
)


def errors(result):
    return " ".join(result.errors)


# --- art. 13 ----------------------------------------------------------------------------------


def compute13(**overrides):
    figures = {
        "droits_auteur_douze_mois": "4000",
        "part_activite_editoriale": "60",
        "depenses_investissements_realises": "10000",
        "budget_total": "100000",
        **overrides,
    }
    return programmes.get("13").compute(figures, applicant=EDITEUR)


@pytest.mark.parametrize(
    ("douze_mois", "trois_exercices", "eligible"),
    [
        ("4000", "", True),
        ("3999.99", "", False),
        ("3999.99", "10000", True),
        ("3999.99", "9999.99", False),
        ("0", "10000.01", True),
    ],
)
def test_art13_author_rights(douze_mois, trois_exercices, eligible):
    result = compute13(
        droits_auteur_douze_mois=douze_mois, droits_auteur_trois_exercices=trois_exercices
    )
    assert ("droits d'auteur" not in errors(result)) is eligible


@pytest.mark.parametrize(("share", "eligible"), [("50", False), ("50.01", True), ("100", True)])
def test_art13_publishing_more_than_half_of_turnover(share, eligible):
    result = compute13(part_activite_editoriale=share)
    assert ("plus de 50 %" not in errors(result)) is eligible


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"sous_edition": "oui"}, "sous-édition"),
        ({"depenses_plus_24_mois": "oui"}, "24 mois"),
        ({"autre_soutien_memes_depenses": "oui"}, "exclusive"),
        ({"aides_projet_annee": "1"}, None),  # a second aid on the same project is possible
        ({"aides_projet_annee": "2"}, "deux aides par an"),
        ({}, None),
    ],
)
def test_art13_project_criteria(overrides, message):
    text = errors(compute13(**overrides))
    if message is None:
        assert text == ""
    else:
        assert message in text


@pytest.mark.parametrize(
    ("realised", "planned", "project", "year", "expected"),
    [
        ("10000", "0", "0", "0", "7500.00"),  # 30 % of 10 000 × 2.5
        ("0", "10000", "0", "0", "7500.00"),  # planned investments count the same
        ("33333.32", "0", "0", "0", "24999.99"),  # 83 333.30 × 30 % = 24 999.99
        ("33333.33", "0", "0", "0", "25000.00"),  # 83 333.325 → 83 333.33: 24 999.999 → cap
        ("33333.34", "0", "0", "0", "25000.00"),  # 30 % = 25 000.01: above, the project cap
        ("40000", "0", "0", "0", "25000.00"),
        ("40000", "0", "15000", "0", "10000.00"),  # second aid on the same project
        ("40000", "0", "25000", "0", "0.00"),
        ("10000", "0", "0", "117500", "7500.00"),  # exactly what is left of 125 000 €
        ("10000", "0", "0", "117500.01", "7499.99"),
        ("10000", "0", "0", "125000", "0.00"),
        ("0.01", "0", "0", "0", "0.01"),  # 0.025 → 0.03 × 30 % = 0.009 → 0.01
    ],
)
def test_art13_caps(realised, planned, project, year, expected):
    result = compute13(
        depenses_investissements_realises=realised,
        depenses_investissements_previsionnels=planned,
        deja_attribue_projet=project,
        deja_attribue_annee=year,
    )
    assert result.amount == D(expected)
    assert [s.label for s in result.steps] == [
        "Dépenses éligibles",
        "Cadre subventionnable",
        "30 % du cadre subventionnable",
        "Plafond par projet",
        "Plafond par bénéficiaire et par an",
    ]


def test_art13_coefficient_step():
    result = compute13(depenses_investissements_realises="1000.01")
    cadre = next(s for s in result.steps if s.label == "Cadre subventionnable")
    assert (cadre.before, cadre.after) == (D("1000.01"), D("2500.03"))  # 2 500.025 half up
    assert result.amount == D("750.01")  # 750.009


@pytest.mark.parametrize(
    ("project", "year", "message"),
    [
        ("25000", "0", "par projet est atteint"),
        ("0", "125000", "plafond annuel"),
    ],
)
def test_art13_caps_reached_block(project, year, message):
    result = compute13(deja_attribue_projet=project, deja_attribue_annee=year)
    assert message in errors(result)


def test_art13_refuses_a_personne_physique():
    result = programmes.get("13").compute(
        {"droits_auteur_douze_mois": "4000"},
        applicant=Applicant(kind=PHYSIQUE, affiliated=True),
    )
    assert "pas ouvert" in errors(result)


@pytest.mark.parametrize(
    ("amount", "parts"),
    [
        ("5000.00", ["5000.00"]),
        ("5000.01", ["3500.01", "1500.00"]),
        ("25000.00", ["17500.00", "7500.00"]),
        ("7500.05", ["5250.04", "2250.01"]),  # 5 250.035 half up
    ],
)
def test_art13_payment(amount, parts):
    schedule = programmes.get("13").payment_schedule(D(amount))
    assert [str(i.amount) for i in schedule] == parts
    assert sum(i.amount for i in schedule) == D(amount)


# --- art. 14 ----------------------------------------------------------------------------------


def compute14(applicant=EDITEUR, **overrides):
    figures = {
        "signataire_code_usages": "oui",
        "domaine": "symphonique",
        "exploitation_garantie": "oui",
        "date_exploitation": "2027-06-15",
        "date_debut_gravure": "2026-09-01",
        "depenses_investissements_editoriaux": "10000",
        "budget_total": "200000",
        **overrides,
    }
    return programmes.get("14").compute(figures, applicant=applicant)


@pytest.mark.parametrize(
    ("start", "eligible"),
    [
        ("2025-06-15", True),  # exactly two years before the exploitation
        ("2025-06-14", False),
        ("2028-06-15", True),  # exactly one year after
        ("2028-06-16", False),
        ("2027-06-15", True),
    ],
)
def test_art14_engraving_window(start, eligible):
    result = compute14(date_debut_gravure=start)
    assert ("gravure" not in errors(result)) is eligible


def test_art14_engraving_window_from_29_february():
    # two years before 29 February 2028 is 28 February 2026 (no 29th that year)
    assert add_years(datetime.date(2028, 2, 29), -2) == datetime.date(2026, 2, 28)
    ok = compute14(date_exploitation="2028-02-29", date_debut_gravure="2026-02-28")
    too_early = compute14(date_exploitation="2028-02-29", date_debut_gravure="2026-02-27")
    assert "gravure" not in errors(ok)
    assert "gravure" in errors(too_early)


@pytest.mark.parametrize(
    ("death", "eligible"),
    [
        ("", True),  # living composer
        ("2016-12-02", True),  # 10 years tomorrow: still less than 10 years
        ("2016-12-01", False),  # exactly 10 years on the deposit date
        ("1985-03-01", False),
    ],
)
def test_art14_composer_alive_or_died_less_than_10_years_ago(death, eligible):
    result = compute14(date_deces_compositeur=death)
    assert ("moins de 10 ans" not in errors(result)) is eligible


def test_art14_composer_death_unverified_without_deposit_date():
    result = compute14(applicant=None, date_deces_compositeur="2010-01-01")
    assert errors(result) == ""
    assert any("moins de 10 ans" in w for w in result.warnings)
    criterion = next(c for c in result.criteria if c.code == "compositeur")
    assert criterion.met is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"signataire_code_usages": ""}, "Code des usages"),
        ({"domaine": "autre"}, "musique contemporaine"),
        ({"domaine": "jazz_creation"}, None),
        ({"exploitation_garantie": "non"}, "interprétation publique garantie"),
        ({}, None),
    ],
)
def test_art14_criteria(overrides, message):
    text = errors(compute14(**overrides))
    if message is None:
        assert text == ""
    else:
        assert message in text


@pytest.mark.parametrize(
    ("expenses", "communication", "domaine", "already", "expected"),
    [
        ("10000", "0", "symphonique", "0", "6000.00"),  # 40 % × 1.5 = 60 %
        ("10000", "5000", "symphonique", "0", "9000.00"),  # communication counts
        ("66666.66", "0", "symphonique", "0", "40000.00"),  # 39 999.996 → 40 000.00
        ("66666.65", "0", "symphonique", "0", "39999.99"),  # 99 999.975 → 99 999.98 × 40 %
        ("100000", "0", "symphonique", "0", "40000.00"),  # yearly cap
        ("100000", "0", "opera", "0", "60000.00"),  # opera: cap 90 000 €, 40 % is lower
        ("150000", "0", "opera", "0", "90000.00"),  # opera: exactly the raised cap
        ("150000.01", "0", "opera", "0", "90000.00"),
        ("150000", "0", "opera", "40000", "50000.00"),  # the 50 000 € supplementary budget
        ("150000", "0", "symphonique", "40000", "0.00"),  # no supplement without an opera
        ("150000", "0", "lyrique", "39999.99", "0.01"),  # lyrical but not an opera
        ("150000", "0", "opera", "90000", "0.00"),
    ],
)
def test_art14_caps(expenses, communication, domaine, already, expected):
    result = compute14(
        depenses_investissements_editoriaux=expenses,
        depenses_communication=communication,
        domaine=domaine,
        deja_attribue_annee=already,
    )
    assert result.amount == D(expected)


def test_art14_raised_cap_explained():
    result = compute14(domaine="opera", deja_attribue_annee="90000")
    assert any("plafond annuel" in e for e in result.errors)
    assert "opéra" in result.steps[-1].detail


# --- art. 14-1 --------------------------------------------------------------------------------


def compute14_1(applicant=EDITEUR, **overrides):
    figures = {
        "signataire_code_usages": "oui",
        "annee_edition": "2022",
        "pages_gravees": "100",
        "depenses_reproduction_impression": "10000",
        "budget_total": "20000",
        **overrides,
    }
    return programmes.get("14-1").compute(figures, applicant=applicant)


@pytest.mark.parametrize(
    ("first", "last", "eligible"),
    [
        ("2022", "", True),
        ("2023", "", True),
        ("2022", "2023", True),
        ("2021", "2023", False),
        ("2022", "2024", False),
        ("2024", "", False),
        ("2023", "2022", False),  # last before first
    ],
)
def test_art14_1_years(first, last, eligible):
    result = compute14_1(annee_edition=first, annee_edition_derniere=last)
    assert (result.errors == []) is eligible


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"compositeur_decede": "oui"}, "compositeurs vivants"),
        ({"arrangements_transcriptions": "oui"}, "arrangements"),
        ({"signataire_code_usages": "non"}, "Code des usages"),
    ],
)
def test_art14_1_criteria(overrides, message):
    assert message in errors(compute14_1(**overrides))


@pytest.mark.parametrize(
    ("pages", "expenses", "already", "expected"),
    [
        ("100", "10000", "0", "3000.00"),  # 30 € × 100 pages
        ("100", "3750", "0", "3000.00"),  # 80 % of 3 750 = 3 000 exactly
        ("100", "3749.99", "0", "2999.99"),  # 2 999.992
        ("100", "3749.98", "0", "2999.98"),  # 2 999.984
        ("1", "0.01", "0", "0.01"),  # 0.008 → 0.01
        ("0", "10000", "0", "0.00"),
        ("1333", "100000", "0", "39990.00"),
        ("1334", "100000", "0", "40000.00"),  # 40 020 → the yearly cap
        ("100", "10000", "37000", "3000.00"),  # exactly what is left
        ("100", "10000", "37000.01", "2999.99"),
        ("100", "10000", "40000", "0.00"),
    ],
)
def test_art14_1_unit_rate_and_caps(pages, expenses, already, expected):
    result = compute14_1(
        pages_gravees=pages,
        depenses_reproduction_impression=expenses,
        budget_total="100000",
        deja_attribue_annee=already,
    )
    assert result.amount == D(expected)
    assert [s.label for s in result.steps] == [
        "Dépenses éligibles",
        "30 € par page gravée",
        "80 % des dépenses éligibles",
        "Plafond par bénéficiaire et par année d'éligibilité",
    ]


@pytest.mark.parametrize("amount", ["3000.00", "5000.01", "40000.00"])
def test_art14_1_single_payment(amount):
    schedule = programmes.get("14-1").payment_schedule(D(amount))
    assert [(i.label, str(i.amount)) for i in schedule] == [("Versement unique", amount)]


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("pages_gravees", "-1"),
        ("pages_gravees", "12.5"),
        ("pages_gravees", "douze"),
        ("annee_edition", "1800"),
        ("depenses_reproduction_impression", "-0.01"),
        ("depenses_reproduction_impression", 3.5),
    ],
)
def test_art14_1_bad_figures(name, bad):
    result = compute14_1(**{name: bad})
    assert name in result.field_errors
    assert not result.eligible
    assert result.amount >= 0


@pytest.mark.parametrize(
    ("name", "bad"),
    [("date_debut_gravure", "2026-02-30"), ("date_deces_compositeur", "1899-12-31")],
)
def test_art14_bad_dates(name, bad):
    result = compute14(**{name: bad})
    assert name in result.field_errors
    assert not result.eligible


@pytest.mark.parametrize("article", ["13", "14", "14-1"])
def test_section_and_applicants(article):
    programme = programmes.get(article)
    assert programme.section.number == 3
    assert programme.accepts(MORALE, LegalForm.ASSOCIATION)
    assert programme.accepts(MORALE, LegalForm.ENTREPRENEUR_INDIVIDUEL)
    assert not programme.accepts(PHYSIQUE, LegalForm.PERSONNE_PHYSIQUE)


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("droits_auteur_douze_mois", "-4000"),
        ("droits_auteur_douze_mois", "4 000,005"),
        ("part_activite_editoriale", "100.01"),  # a share above 100 %
        ("aides_projet_annee", "1.5"),
        ("depenses_investissements_realises", 1000.0),
    ],
)
def test_art13_bad_figures(name, bad):
    result = compute13(**{name: bad})
    assert name in result.field_errors
    assert not result.eligible
    assert result.amount >= 0
