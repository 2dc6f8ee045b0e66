"""Art. 16: the two-of-three rule, the project criteria and the caps at their boundaries."""

from decimal import Decimal

import pytest

from aides import programmes
from aides.programmes.base import MORALE, Applicant
from espace_pro.choices import LegalForm

D = Decimal
LABEL = Applicant(kind=MORALE, legal_form=LegalForm.SOCIETE_COMMERCIALE, affiliated=True)


def figures(**overrides):
    base = {
        "catalogue_references": "3",
        "part_ca_phonographique": "50",
        "investissements_annee_precedente": "0",
        "investissements_trois_ans": "0",
        "nombre_titres": "10",
        "duree_minutes": "40",
        "part_inedits": "100",
        "part_fonds_propres": "60",
        "depenses_remunerations_artistiques": "10000",
        "budget_total": "30000",
    }
    return {**base, **overrides}


def compute(**overrides):
    return programmes.get("16").compute(figures(**overrides), applicant=LABEL)


@pytest.mark.parametrize(
    ("overrides", "eligible"),
    [
        ({}, True),  # catalogue 3 + 50 % of turnover
        ({"catalogue_references": "2"}, False),  # only one criterion
        ({"catalogue_references": "2", "investissements_annee_precedente": "25000"}, True),
        ({"catalogue_references": "2", "investissements_annee_precedente": "24999.99"}, False),
        ({"catalogue_references": "2", "investissements_trois_ans": "50000"}, True),
        ({"catalogue_references": "2", "investissements_trois_ans": "49999.99"}, False),
        ({"part_ca_phonographique": "49.99", "investissements_trois_ans": "50000"}, True),
        ({"part_ca_phonographique": "49.99"}, False),
    ],
)
def test_two_of_three(overrides, eligible):
    result = compute(**overrides)
    assert ("deux des trois" not in " ".join(result.errors)) is eligible


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"part_inedits": "49.99"}, "master non encore commercialisé"),
        ({"part_inedits": "49.99", "album_live": "oui"}, None),
        ({"part_inedits": "50"}, None),
        ({"nombre_titres": "4", "duree_minutes": "20"}, "cinq titres"),
        ({"nombre_titres": "4", "duree_minutes": "21"}, None),
        ({"nombre_titres": "5", "duree_minutes": "1"}, None),
        ({"part_fonds_propres": "50"}, "plus de 50 % sur fonds propres"),
        ({"part_fonds_propres": "50.01"}, None),
        ({"ventes_album_precedent": "50000"}, None),
        ({"ventes_album_precedent": "50001"}, "50 000 exemplaires"),
        ({"compilation": "oui"}, "compilation"),
    ],
)
def test_project_criteria(overrides, message):
    errors = " ".join(compute(**overrides).errors)
    if message is None:
        assert errors == ""
    else:
        assert message in errors


@pytest.mark.parametrize(
    ("expenses", "promotion", "already", "expected"),
    [
        ("10000", "0", "0", "4000.00"),  # 40 %
        ("37500", "0", "0", "15000.00"),  # 40 % = exactly the project cap
        ("37500.03", "0", "0", "15000.00"),  # above: the cap
        ("10000", "1000", "0", "4120.00"),  # 30 % of promotion is eligible: 10 300 × 40 %
        ("0.01", "0", "0", "0.00"),  # 0.004 rounds to 0.00
        ("1000.01", "0", "0", "400.00"),  # 400.004
        ("1000.02", "0", "0", "400.01"),  # 400.008
        ("10000", "0", "131000", "4000.00"),  # 4 000 left exactly
        ("10000", "0", "131000.01", "3999.99"),
        ("10000", "0", "135000", "0.00"),  # yearly cap reached
    ],
)
def test_caps(expenses, promotion, already, expected):
    result = compute(
        depenses_remunerations_artistiques=expenses,
        depenses_promotion=promotion,
        deja_attribue_annee=already,
        budget_total="100000",
    )
    assert result.amount == D(expected)
    assert next(s.article for s in result.steps) == "16"


def test_yearly_cap_reached_blocks_and_steps_explain():
    result = compute(deja_attribue_annee="135000")
    assert result.amount == 0
    assert any("plafond annuel" in e for e in result.errors)
    labels = [s.label for s in result.steps]
    assert labels == [
        "Dépenses éligibles",
        "40 % des dépenses éligibles",
        "Plafond par projet",
        "Plafond par bénéficiaire et par an",
    ]


def test_requested_amount_lowers_the_maximum():
    result = compute(montant_sollicite="3000")
    assert result.amount == D("3000.00")
    assert result.steps[-1].label == "Montant sollicité"


@pytest.mark.parametrize(
    ("applicant", "message"),
    [
        (Applicant(kind="physique", affiliated=True), "pas ouvert à ce type de demandeur"),
        (
            Applicant(kind=MORALE, legal_form=LegalForm.COLLECTIVITE_TERRITORIALE, affiliated=True),
            "pas ouvert",
        ),
        (Applicant(kind=MORALE, legal_form=LegalForm.ASSOCIATION, affiliated=False), "affiliée"),
    ],
)
def test_applicant(applicant, message):
    result = programmes.get("16").compute(figures(), applicant=applicant)
    assert message in " ".join(result.errors)


def test_simulator_without_applicant_warns_only():
    result = programmes.get("16").compute(figures())
    assert result.errors == []
    assert any("affilié" in w for w in result.warnings)


@pytest.mark.parametrize("bad", ["-1", "abc", "1.234", 1.5, "1e3"])
def test_bad_amounts_are_field_errors(bad):
    result = compute(depenses_remunerations_artistiques=bad)
    assert "depenses_remunerations_artistiques" in result.field_errors
    assert result.amount >= 0
    assert not result.eligible


def test_expenses_above_budget_block():
    result = compute(budget_total="9999.99")
    assert any("budget total" in e for e in result.errors)


@pytest.mark.parametrize(
    ("amount", "parts"),
    [
        ("5000.00", ["5000.00"]),  # art. 5: at once
        ("5000.01", ["3500.01", "1500.00"]),
        ("15000.00", ["10500.00", "4500.00"]),
        ("10000.05", ["7000.04", "3000.01"]),  # 7000.035 half up
    ],
)
def test_payment_schedule(amount, parts):
    schedule = programmes.get("16").payment_schedule(D(amount))
    assert [str(i.amount) for i in schedule] == parts
    assert sum(i.amount for i in schedule) == D(amount)


# --- art. 15 ----------------------------------------------------------------------------------

CLASSIQUE = Applicant(kind=MORALE, legal_form=LegalForm.ASSOCIATION, affiliated=True)


def compute15(applicant=CLASSIQUE, **overrides):
    return programmes.get("15").compute(figures(**overrides), applicant=applicant)


@pytest.mark.parametrize(
    ("overrides", "eligible"),
    [
        ({}, True),
        ({"catalogue_references": "2"}, False),
        # art. 15 asks 30 000 € last year where art. 16 asks 25 000 €
        ({"catalogue_references": "2", "investissements_annee_precedente": "30000"}, True),
        ({"catalogue_references": "2", "investissements_annee_precedente": "29999.99"}, False),
        ({"catalogue_references": "2", "investissements_annee_precedente": "25000"}, False),
        ({"catalogue_references": "2", "investissements_trois_ans": "50000"}, True),
        ({"catalogue_references": "2", "investissements_trois_ans": "49999.99"}, False),
        ({"part_ca_phonographique": "49.99"}, False),
    ],
)
def test_art15_two_of_three(overrides, eligible):
    result = compute15(**overrides)
    assert ("deux des trois" not in " ".join(result.errors)) is eligible


def test_art16_still_takes_25000():
    result = compute(catalogue_references="2", investissements_annee_precedente="25000")
    assert result.errors == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"compilation": "oui"}, "compilation"),
        ({"compilation": "oui", "monographie": "oui"}, None),  # a monograph is eligible
        ({"monographie": "oui"}, None),
        ({"part_inedits": "49.99"}, "master non encore commercialisé"),
        ({"part_inedits": "49.99", "album_live": "oui"}, None),
        ({"nombre_titres": "4", "duree_minutes": "20"}, "cinq titres"),
        ({"nombre_titres": "4", "duree_minutes": "21"}, None),
        ({"nombre_titres": "5", "duree_minutes": "0"}, None),
        ({"part_fonds_propres": "50"}, "plus de 50 % sur fonds propres"),
        ({"part_fonds_propres": "50.01"}, None),
        ({"ventes_album_precedent": "50001"}, "50 000 exemplaires"),
        ({"ventes_album_precedent": "50000"}, None),
        ({"deja_commercialise": "oui"}, "commercialisé avant"),
    ],
)
def test_art15_project_criteria(overrides, message):
    errors = " ".join(compute15(**overrides).errors)
    if message is None:
        assert errors == ""
    else:
        assert message in errors


@pytest.mark.parametrize(
    ("expenses", "promotion", "already", "expected"),
    [
        ("10000", "0", "0", "4000.00"),
        ("50000", "0", "0", "20000.00"),  # 40 % = exactly the project cap of 20 000 €
        ("50000.03", "0", "0", "20000.00"),
        ("49999.99", "0", "0", "20000.00"),  # 19 999.996 rounds to the cap
        ("49999.98", "0", "0", "19999.99"),  # 19 999.992
        ("10000", "1000", "0", "4120.00"),  # 30 % of promotion
        ("10000", "0", "131000", "4000.00"),
        ("10000", "0", "131000.01", "3999.99"),
        ("10000", "0", "135000", "0.00"),
    ],
)
def test_art15_caps(expenses, promotion, already, expected):
    result = compute15(
        depenses_remunerations_artistiques=expenses,
        depenses_promotion=promotion,
        deja_attribue_annee=already,
        budget_total="100000",
    )
    assert result.amount == D(expected)
    assert [s.article for s in result.steps] == ["15"] * 4


@pytest.mark.parametrize(
    ("legal_form", "accepted"),
    [
        (LegalForm.SOCIETE_COMMERCIALE, True),
        (LegalForm.ASSOCIATION, True),
        (LegalForm.ETABLISSEMENT_PUBLIC, True),
        (LegalForm.ENTREPRENEUR_INDIVIDUEL, False),  # not a personne morale
        (LegalForm.PERSONNE_PHYSIQUE, False),
    ],
)
def test_art15_personne_morale(legal_form, accepted):
    applicant = Applicant(kind=MORALE, legal_form=legal_form, affiliated=True)
    errors = " ".join(compute15(applicant=applicant).errors)
    assert ("pas ouvert" not in errors) is accepted


def test_art15_rse_grid_and_split():
    programme = programmes.get("15")
    assert programme.rse_grid
    assert [str(i.amount) for i in programme.payment_schedule(D("20000"))] == [
        "14000.00",
        "6000.00",
    ]


# --- art. 17 ----------------------------------------------------------------------------------


def compute17(applicant=LABEL, **overrides):
    base = {
        "part_frais_production_audiovisuelle": "60",
        "actualite_nombre_titres": "5",
        "actualite_duree_minutes": "18",
        "part_fonds_propres": "60",
        "depenses_eligibles": "10000",
        "budget_total": "20000",
        **overrides,
    }
    return programmes.get("17").compute(base, applicant=applicant)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, None),
        ({"part_frais_production_audiovisuelle": "50"}, "majorité des frais"),
        ({"part_frais_production_audiovisuelle": "50.01"}, None),
        ({"actualite_nombre_titres": "4", "actualite_duree_minutes": "19"}, "actualité"),
        ({"actualite_nombre_titres": "4", "actualite_duree_minutes": "20"}, None),  # minimum
        ({"actualite_nombre_titres": "1", "actualite_duree_minutes": "0"}, "actualité"),
        ({"titre_compilation": "oui"}, "multi-artistes"),
        ({"captation_integrale": "oui"}, "captation"),
        ({"part_fonds_propres": "50"}, "fonds propres"),
        ({"deja_diffuse": "oui"}, "diffusé"),
    ],
)
def test_art17_criteria(overrides, message):
    errors = " ".join(compute17(**overrides).errors)
    if message is None:
        assert errors == ""
    else:
        assert message in errors


@pytest.mark.parametrize(
    ("expenses", "already", "projects", "expected"),
    [
        ("10000", "0", "0", "3000.00"),  # 30 %
        ("10000.05", "0", "0", "3000.02"),  # 3 000.015 half up
        ("10000", "72000", "0", "3000.00"),  # exactly what is left of 75 000 €
        ("10000", "72000.01", "0", "2999.99"),
        ("10000", "75000", "4", "0.00"),  # four projects: no raise
        ("10000", "75000", "5", "3000.00"),  # five projects: 135 000 €
        ("10000", "132000", "5", "3000.00"),
        ("10000", "132000.01", "6", "2999.99"),
        ("10000", "135000", "5", "0.00"),
    ],
)
def test_art17_caps_and_raised_cap(expenses, already, projects, expected):
    result = compute17(
        depenses_eligibles=expenses, deja_attribue_annee=already, projets_aides_annee=projects
    )
    assert result.amount == D(expected)
    assert [s.label for s in result.steps] == [
        "30 % des dépenses éligibles",
        "Plafond par bénéficiaire et par an",
    ]


@pytest.mark.parametrize(("aids", "expected"), [(4, "0.00"), (5, "3000.00")])
def test_art17_raise_counts_the_portal_aids_for_a_dossier(aids, expected):
    applicant = Applicant(
        kind=MORALE, legal_form=LegalForm.SOCIETE_COMMERCIALE, affiliated=True, aids_this_year=aids
    )
    # the figure typed in is ignored when the portal knows the count
    result = compute17(applicant=applicant, deja_attribue_annee="75000", projets_aides_annee="9")
    assert result.amount == D(expected)


def test_art17_raised_cap_explained():
    result = compute17(deja_attribue_annee="75000", projets_aides_annee="5")
    assert "cinq projets" in result.steps[-1].detail
    assert result.errors == []


@pytest.mark.parametrize(
    ("legal_form", "accepted"),
    [
        (LegalForm.SOCIETE_COMMERCIALE, True),
        (LegalForm.ASSOCIATION, True),
        (LegalForm.ENTREPRENEUR_INDIVIDUEL, False),
        (LegalForm.ETABLISSEMENT_PUBLIC, False),
    ],
)
def test_art17_commerciale_ou_associative(legal_form, accepted):
    applicant = Applicant(kind=MORALE, legal_form=legal_form, affiliated=True)
    errors = " ".join(compute17(applicant=applicant).errors)
    assert ("pas ouvert" not in errors) is accepted


@pytest.mark.parametrize("bad", ["-5", "cent", "1,234", 2.5])
def test_art17_bad_figures(bad):
    result = compute17(depenses_eligibles=bad)
    assert "depenses_eligibles" in result.field_errors
    assert not result.eligible


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("investissements_annee_precedente", "-30000"),
        ("part_fonds_propres", "101"),
        ("nombre_titres", "cinq"),
        ("depenses_promotion", "1e4"),
    ],
)
def test_art15_bad_figures(name, bad):
    result = compute15(**{name: bad})
    assert name in result.field_errors
    assert not result.eligible
