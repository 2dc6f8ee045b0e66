"""Art. 20, 21, 25 and 26: thresholds, dates and caps at their boundaries."""

import datetime
from decimal import Decimal

import pytest

from aides import programmes
from aides.programmes.base import MORALE, PHYSIQUE, Applicant
from aides.programmes.spectacle import add_months
from espace_pro.choices import LegalForm

D = Decimal
DEPOSIT = datetime.date(2026, 12, 1)
PRODUCER = Applicant(
    kind=MORALE,
    legal_form=LegalForm.SOCIETE_COMMERCIALE,
    affiliated=True,
    has_licence=True,
    on=DEPOSIT,
)


def errors_of(result) -> str:
    return " ".join(result.errors)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2027, 1, 15), 18, datetime.date(2028, 7, 15)),
        (datetime.date(2027, 8, 31), 18, datetime.date(2029, 2, 28)),  # shorter month
        (datetime.date(2026, 8, 31), 18, datetime.date(2028, 2, 29)),  # leap year
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2026, 12, 31), 1, datetime.date(2027, 1, 31)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


# --- art. 20 --------------------------------------------------------------------------------


def art20(applicant=PRODUCER, **overrides):
    figures = {
        "debut_activite": "2020-01-01",
        "representations_confirmees": "8",
        "date_premiere_representation": "2027-01-15",
        "date_derniere_representation": "2028-01-15",
        "representations_six_mois_avant": "0",
        "representations_sans_billetterie": "0",
        "dates_territoires_frontaliers": "0",
        "frais_structure": "15000",
        "depenses_avant_depot": "0",
        "apport_fonds_propres": "10000",
        "depenses_eligibles": "100000",
        "budget_total": "100000",
        **overrides,
    }
    return programmes.get("20").compute(figures, applicant=applicant)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, None),
        ({"debut_activite": "2025-12-01"}, None),  # exactly one year on the deposit date
        ({"debut_activite": "2025-12-02"}, "une année d'activité"),
        ({"representations_confirmees": "7"}, "au moins 8 représentations"),
        (
            {"representations_confirmees": "5", "musiques_classique_contemporaine": "oui"},
            None,
        ),
        (
            {"representations_confirmees": "4", "musiques_classique_contemporaine": "oui"},
            "au moins 5 représentations",
        ),
        ({"date_derniere_representation": "2028-07-15"}, None),  # exactly 18 months
        ({"date_derniere_representation": "2028-07-16"}, "dix-huit mois"),
        ({"date_derniere_representation": "2027-01-14"}, "ne peut pas précéder"),
        ({"representations_confirmees": "9", "representations_six_mois_avant": "3"}, None),
        (
            {"representations_confirmees": "9", "representations_six_mois_avant": "4"},
            "six mois précédant la date limite",
        ),
        ({"representations_confirmees": "9", "representations_sans_billetterie": "3"}, None),
        (
            {"representations_confirmees": "8", "representations_sans_billetterie": "3"},
            "billetterie",
        ),
        ({"dates_territoires_frontaliers": "3"}, None),
        ({"dates_territoires_frontaliers": "4"}, "frontaliers"),
        ({"frais_structure": "15000.01"}, "frais de structure"),
        ({"apport_fonds_propres": "0"}, "fonds propres"),
        ({"apport_fonds_propres": "0.01"}, None),
        ({"depenses_avant_depot": "50000"}, None),
        ({"depenses_avant_depot": "50000.01"}, "50 % des dépenses éligibles"),
    ],
)
def test_art20_criteria(overrides, message):
    errors = errors_of(art20(**overrides))
    if message is None:
        assert errors == ""
    else:
        assert message in errors


@pytest.mark.parametrize(
    ("budget", "others", "already", "expected"),
    [
        ("100000", "0", "0", "50000.00"),  # 50 % of the budget
        ("100000", "20000", "0", "30000.00"),  # public funding incl. the CNM's: 50 %
        ("100000", "50000", "0", "0.00"),
        ("100000", "60000", "0", "0.00"),  # never negative
        ("150000", "0", "0", "75000.00"),  # exactly the project cap
        ("150000.02", "0", "0", "75000.00"),
        ("149999.99", "0", "0", "75000.00"),  # 74 999.995 rounds half up
        ("149999.97", "0", "0", "74999.99"),  # 74 999.985
        ("150000", "0", "225000", "75000.00"),  # 75 000 left of the yearly cap
        ("150000", "0", "225000.01", "74999.99"),
        ("150000", "0", "300000", "0.00"),
    ],
)
def test_art20_caps(budget, others, already, expected):
    result = art20(
        budget_total=budget,
        depenses_eligibles="1000",
        frais_structure="0",
        autres_aides_publiques=others,
        deja_attribue_annee=already,
    )
    assert result.amount == D(expected)
    assert [s.article for s in result.steps] == ["20", "20", "20"]


def test_art20_yearly_cap_reached_blocks():
    result = art20(deja_attribue_annee="300000")
    assert result.amount == 0
    assert "plafond annuel" in errors_of(result)


@pytest.mark.parametrize(
    ("applicant", "message"),
    [
        (Applicant(kind=PHYSIQUE, affiliated=True, has_licence=True, on=DEPOSIT), "pas ouvert"),
        (Applicant(kind=MORALE, affiliated=True, has_licence=False, on=DEPOSIT), "licence"),
        (Applicant(kind=MORALE, affiliated=False, has_licence=True, on=DEPOSIT), "affiliée"),
    ],
)
def test_art20_applicant(applicant, message):
    assert message in errors_of(art20(applicant=applicant))


def test_art20_simulator_leaves_the_seniority_to_check():
    result = art20(applicant=None, debut_activite="2026-11-30")
    assert result.errors == []
    seniority = next(c for c in result.criteria if c.code == "anciennete")
    assert seniority.met is None
    assert any("date de dépôt" in w for w in result.warnings)


@pytest.mark.parametrize("bad", ["-1", "abc", "1.234", 1.5])
def test_art20_bad_amounts(bad):
    result = art20(frais_structure=bad)
    assert "frais_structure" in result.field_errors
    assert not result.eligible
    assert result.amount >= 0


@pytest.mark.parametrize(
    ("field", "bad"),
    [("debut_activite", "32/13/2020"), ("representations_confirmees", "huit")],
)
def test_art20_bad_figures(field, bad):
    assert field in art20(**{field: bad}).field_errors


@pytest.mark.parametrize(
    ("amount", "parts"),
    [
        ("5000.00", ["5000.00"]),
        ("5000.01", ["3500.01", "1500.00"]),
        ("75000.00", ["52500.00", "22500.00"]),
    ],
)
def test_art20_payment(amount, parts):
    schedule = programmes.get("20").payment_schedule(D(amount))
    assert [str(i.amount) for i in schedule] == parts
    assert sum(i.amount for i in schedule) == D(amount)


# --- art. 21 --------------------------------------------------------------------------------


def art21(applicant=PRODUCER, **overrides):
    figures = {
        "debut_activite": "2020-01-01",
        "financements_publics_annee_precedente": "10000",
        "budget_structure_annee_precedente": "100000",
        "date_debut_projet": "2027-01-10",
        "jauge_max": "799",
        "depenses_eligibles": "40000",
        "budget_total": "40000",
        **overrides,
    }
    return programmes.get("21").compute(figures, applicant=applicant)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, None),  # public funding exactly 10 %
        ({"financements_publics_annee_precedente": "10000.01"}, "10 % du budget"),
        ({"producteur_generateur": "oui"}, "producteur générateur"),
        ({"jauge_max": "800"}, "800 places"),
        ({"date_debut_projet": "2026-12-01"}, "après la date de dépôt"),  # the deposit day
        ({"date_debut_projet": "2026-12-02"}, None),
        ({"debut_activite": "2025-12-01"}, None),
        ({"debut_activite": "2025-12-02"}, "une année d'activité"),
    ],
)
def test_art21_criteria(overrides, message):
    errors = errors_of(art21(**overrides))
    if message is None:
        assert errors == ""
    else:
        assert message in errors


@pytest.mark.parametrize(
    ("budget", "others", "already", "expected"),
    [
        ("40000", "0", "0", "20000.00"),
        ("50000", "0", "0", "25000.00"),  # exactly the yearly cap
        ("50000.02", "0", "0", "25000.00"),
        ("50000", "5000", "0", "20000.00"),
        ("50000", "0", "5000", "20000.00"),
        ("50000", "0", "24999.99", "0.01"),
        ("50000", "0", "25000", "0.00"),
        ("0.01", "0", "0", "0.01"),  # 0.005 rounds half up
    ],
)
def test_art21_caps(budget, others, already, expected):
    result = art21(
        budget_total=budget,
        depenses_eligibles="0",
        autres_aides_publiques=others,
        deja_attribue_annee=already,
    )
    assert result.amount == D(expected)


# --- art. 25 --------------------------------------------------------------------------------


def art25(applicant=PRODUCER, **overrides):
    figures = {
        "recepisse_producteur": "oui",
        "date_debut_residence": "2027-03-01",
        "jours_creation": "8",
        "heures_actions_culturelles": "12",
        "depenses_eligibles": "20000",
        "budget_total": "20000",
        **overrides,
    }
    return programmes.get("25").compute(figures, applicant=applicant)


@pytest.mark.parametrize(
    ("overrides", "error", "warning"),
    [
        ({}, None, None),
        ({"recepisse_producteur": "non"}, "récépissé", None),
        ({"heures_actions_culturelles": "0"}, "actions culturelles", None),
        ({"jours_creation": "7"}, None, "moins de 8 jours"),  # a warning only
        ({"date_debut_residence": "2026-12-01"}, "après la commission", None),  # deposit day
        ({"date_debut_residence": "2026-12-02"}, None, None),
    ],
)
def test_art25_criteria(overrides, error, warning):
    result = art25(**overrides)
    if error is None:
        assert result.errors == []
    else:
        assert error in errors_of(result)
    if warning is not None:
        assert any(warning in w for w in result.warnings)


@pytest.mark.parametrize(
    ("expenses", "already", "expected"),
    [
        ("20000", "0", "10000.00"),
        ("45000", "0", "22500.00"),  # exactly the yearly cap
        ("45000.02", "0", "22500.00"),
        ("44999.99", "0", "22500.00"),  # 22 499.995 rounds half up
        ("44999.97", "0", "22499.99"),
        ("45000", "12500", "10000.00"),
        ("45000", "12500.01", "9999.99"),
        ("45000", "22500", "0.00"),
    ],
)
def test_art25_caps(expenses, already, expected):
    result = art25(depenses_eligibles=expenses, budget_total="50000", deja_attribue_annee=already)
    assert result.amount == D(expected)


@pytest.mark.parametrize(("start", "ok"), [("2027-02-15", False), ("2027-02-16", True)])
def test_art25_residence_after_the_session_deadline(start, ok):
    applicant = Applicant(
        kind=MORALE, affiliated=True, on=DEPOSIT, session_deadline=datetime.date(2027, 2, 15)
    )
    result = art25(applicant=applicant, date_debut_residence=start)
    assert ("après la commission" not in errors_of(result)) is ok


def test_art25_simulator_leaves_the_start_to_check():
    result = art25(applicant=None)
    assert result.errors == []
    assert next(c for c in result.criteria if c.code == "debut").met is None


def test_art25_payment_follows_article_5():
    schedule = programmes.get("25").payment_schedule(D("10000.00"))
    assert [str(i.amount) for i in schedule] == ["7000.00", "3000.00"]


# --- art. 26 --------------------------------------------------------------------------------

FESTIVAL = Applicant(
    kind=MORALE, legal_form=LegalForm.ASSOCIATION, affiliated=True, has_licence=True, on=DEPOSIT
)


def art26(applicant=FESTIVAL, **overrides):
    figures = {
        "responsable_billetterie": "oui",
        "date_debut_festival": "2027-07-10",
        "jours_festival": "2",
        "numero_edition": "2",
        "propositions_artistiques": "15",
        "propositions_champ_taxe": "10",
        "formations_artistiques": "10",
        "budget_artistique_technique": "50000",
        "budget_total": "100000",
        **overrides,
    }
    return programmes.get("26").compute(figures, applicant=applicant)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, None),  # every threshold exactly met
        ({"responsable_billetterie": "non"}, "billetterie"),
        ({"propositions_champ_taxe": "9"}, "deux tiers"),
        ({"propositions_champ_taxe": "16"}, "ne peuvent pas dépasser"),
        ({"formations_artistiques": "9"}, "dix formations"),
        ({"jours_festival": "1"}, "deux jours"),
        ({"numero_edition": "1"}, "deuxième édition"),
        ({"budget_total": "99999.99", "budget_artistique_technique": "99999.99"}, "100 000"),
        ({"budget_artistique_technique": "49999.99"}, "50 % du budget total"),
        ({"porte_par_lieu": "oui"}, "Indiquez le budget"),
        ({"porte_par_lieu": "oui", "budget_diffusion_lieu": "400000"}, None),  # exactly 25 %
        ({"porte_par_lieu": "oui", "budget_diffusion_lieu": "400000.01"}, "25 %"),
        ({"soutenu_diffusion_lieux": "oui"}, "à la fois"),
        ({"date_debut_festival": "2026-12-01"}, "déposée avant le festival"),
        ({"date_debut_festival": "2026-12-02"}, None),
    ],
)
def test_art26_criteria(overrides, message):
    errors = errors_of(art26(**overrides))
    if message is None:
        assert errors == ""
    else:
        assert message in errors


@pytest.mark.parametrize(
    ("start", "deposit", "ok"),
    [
        ("2027-01-20", datetime.date(2027, 1, 31), True),  # January festival: retroactive
        # The first deposit date of the year is the session's: a January festival is accepted
        # on any deposit of its year, the instructor checks the session.
        ("2027-01-31", datetime.date(2027, 2, 1), True),
        ("2027-01-31", datetime.date(2028, 1, 5), False),  # not the year after
        ("2026-12-31", datetime.date(2027, 1, 5), False),  # a December festival is not
        ("2027-02-01", datetime.date(2027, 2, 1), False),  # the deposit day itself
    ],
)
def test_art26_january_festivals(start, deposit, ok):
    applicant = Applicant(kind=MORALE, affiliated=True, has_licence=True, on=deposit)
    result = art26(applicant=applicant, date_debut_festival=start)
    assert ("déposée avant le festival" not in errors_of(result)) is ok


@pytest.mark.parametrize(
    ("start", "ok"),
    [("2027-02-15", False), ("2027-02-16", True)],  # the session's deadline must precede it
)
def test_art26_session_deadline_before_the_festival(start, ok):
    applicant = Applicant(
        kind=MORALE,
        affiliated=True,
        has_licence=True,
        on=datetime.date(2027, 1, 10),
        session_deadline=datetime.date(2027, 2, 15),
    )
    result = art26(applicant=applicant, date_debut_festival=start)
    assert ("déposée avant le festival" not in errors_of(result)) is ok


@pytest.mark.parametrize(
    ("budget", "requested", "expected"),
    [
        ("100000", None, "10000.00"),
        ("2000000", None, "200000.00"),  # exactly the cap
        ("2000000.10", None, "200000.00"),
        ("1999999.95", None, "200000.00"),  # 199 999.995 rounds half up
        ("1999999.94", None, "199999.99"),
        ("100000", "8000", "8000.00"),  # never more than requested
    ],
)
def test_art26_caps(budget, requested, expected):
    overrides = {"budget_total": budget, "budget_artistique_technique": budget}
    if requested:
        overrides["montant_sollicite"] = requested
    assert art26(**overrides).amount == D(expected)


def test_art26_collectivite_refused():
    applicant = Applicant(
        kind=MORALE,
        legal_form=LegalForm.COLLECTIVITE_TERRITORIALE,
        affiliated=True,
        has_licence=True,
        on=DEPOSIT,
    )
    assert "pas ouvert" in errors_of(art26(applicant=applicant))
    assert not programmes.get("26").accepts(MORALE, LegalForm.COLLECTIVITE_TERRITORIALE)
    assert programmes.get("26").accepts(MORALE, LegalForm.ASSOCIATION)


@pytest.mark.parametrize(("amount", "parts"), [("5000.01", ["5000.01"]), ("200000", ["200000"])])
def test_art26_one_payment(amount, parts):
    schedule = programmes.get("26").payment_schedule(D(amount))
    assert [str(i.amount) for i in schedule] == [str(D(p).quantize(D("0.01"))) for p in parts]


def test_section_six_is_registered():
    section_articles = [
        p.article
        for section, items in programmes.by_section()
        if section.number == 6
        for p in items
    ]
    assert section_articles == ["20", "21", "22", "23", "24", "25", "26"]
