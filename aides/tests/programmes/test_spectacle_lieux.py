"""Art. 22, 23 and 24: venue caps, the 50 % rate for small investments, and art. 24's unit rates
computed from the table of representations (its input formats and errors included)."""

import datetime
import json
from decimal import Decimal

import pytest

from aides import programmes
from aides.programmes.base import MORALE, Applicant
from aides.programmes.spectacle_diffusion import artists_bonus, diffusion_aid, line_rate
from espace_pro.choices import LegalForm

D = Decimal
DEPOSIT = datetime.date(2026, 12, 1)
VENUE = Applicant(
    kind=MORALE, legal_form=LegalForm.ASSOCIATION, affiliated=True, has_licence=True, on=DEPOSIT
)


def errors_of(result) -> str:
    return " ".join(result.errors)


# --- art. 22 --------------------------------------------------------------------------------


def art22(**overrides):
    figures = {"jauge": "2000", "depenses_etudes": "10000", "budget_total": "1000000", **overrides}
    return programmes.get("22").compute(figures, applicant=VENUE)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, None),  # exactly 2 000 places
        ({"jauge": "2001"}, "2 000 places"),
        ({"adherent_astp": "oui"}, "théâtre privé"),
    ],
)
def test_art22_criteria(overrides, message):
    errors = errors_of(art22(**overrides))
    assert (errors == "") if message is None else (message in errors)


@pytest.mark.parametrize(
    ("etudes", "equipements", "expected"),
    [
        ("10000", "0", "3000.00"),
        ("100000", "0", "30000.00"),
        ("333333.33", "333333.34", "200000.00"),  # 30 % = exactly the cap
        ("333333.33", "333333.35", "200000.00"),
        ("333333.33", "333333.32", "200000.00"),  # 199 999.995 rounds half up
        ("333333.33", "333333.30", "199999.99"),  # 199 999.989
        ("0.01", "0.01", "0.01"),  # 0.006
    ],
)
def test_art22_caps(etudes, equipements, expected):
    result = art22(depenses_etudes=etudes, depenses_equipements=equipements)
    assert result.amount == D(expected)


def test_art22_payment_60_40():
    schedule = programmes.get("22").payment_schedule(D("200000.00"))
    assert [str(i.amount) for i in schedule] == ["120000.00", "80000.00"]
    assert [i.trigger for i in schedule] == ["attribution", "bilan"]


def test_art22_needs_no_licence():
    applicant = Applicant(kind=MORALE, affiliated=True, has_licence=False, on=DEPOSIT)
    assert programmes.get("22").compute(art22_figures(), applicant=applicant).errors == []


def art22_figures():
    return {"jauge": "500", "depenses_equipements": "1000", "budget_total": "1000"}


# --- art. 23 --------------------------------------------------------------------------------


def art23(**overrides):
    figures = {"jauge": "1999", "budget_total": "50000", **overrides}
    return programmes.get("23").compute(figures, applicant=VENUE)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"depenses_accueil": "40000", "budget_total": "49999.99"}, "20000.00"),  # 50 %
        ({"depenses_accueil": "40000", "budget_total": "50000"}, "12000.00"),  # 30 % at 50 000
        ({"depenses_accueil": "49999.99", "budget_total": "49999.99"}, "25000.00"),  # .995
        ({"depenses_accueil": "666666.67", "budget_total": "700000"}, "200000.00"),  # cap
        ({"depenses_accueil": "666666.65", "budget_total": "700000"}, "200000.00"),  # .995
        ({"depenses_accueil": "666666.63", "budget_total": "700000"}, "199999.99"),
        # transition items: kept under 2 000 places…
        ({"depenses_transition_numerique": "10000", "budget_total": "100000"}, "3000.00"),
        # …excluded at 2 000 places…
        (
            {
                "jauge": "2000",
                "depenses_accueil": "10000",
                "depenses_transition_ecologique": "10000",
                "budget_total": "100000",
            },
            "3000.00",
        ),
        # …unless the venue is a Zénith
        (
            {
                "jauge": "6000",
                "label_zenith": "oui",
                "depenses_accueil": "10000",
                "depenses_transition_ecologique": "10000",
                "budget_total": "100000",
            },
            "6000.00",
        ),
    ],
)
def test_art23_rates_and_caps(overrides, expected):
    assert art23(**overrides).amount == D(expected)


def test_art23_excluded_items_warn_and_lower_the_eligible_expenses():
    result = art23(
        jauge="2500",
        depenses_accueil="10000",
        depenses_transition_numerique="5000",
        budget_total="100000",
    )
    assert any("Zénith" in w for w in result.warnings)
    assert result.values["depenses_eligibles"] == D("10000.00")
    assert result.errors == []


@pytest.mark.parametrize(
    ("applicant", "message"),
    [
        (Applicant(kind=MORALE, affiliated=True, has_licence=False, on=DEPOSIT), "licence"),
        (Applicant(kind="physique", affiliated=True, has_licence=True, on=DEPOSIT), "pas ouvert"),
    ],
)
def test_art23_applicant(applicant, message):
    result = programmes.get("23").compute(
        {"jauge": "500", "depenses_leds": "1000", "budget_total": "1000"}, applicant=applicant
    )
    assert message in errors_of(result)


# --- art. 24: the rates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("artists", "bonus"),
    [(1, "0"), (3, "0"), (4, "0.05"), (6, "0.05"), (7, "0.08"), (9, "0.08"), (10, "0.10")],
)
def test_artists_bonus(artists, bonus):
    assert artists_bonus(artists) == D(bonus)


def row(**overrides):
    return {
        "date": datetime.date(2026, 3, 12),
        "lieu": "",
        "artiste": "Les Oiseaux",
        "categorie": "regional",
        "cout_plateau": D("4000"),
        "artistes_sur_scene": 3,
        "jauge": 300,
        "hors_les_murs": False,
        **overrides,
    }


@pytest.mark.parametrize(
    ("overrides", "territorial", "temps_fort", "rate"),
    [
        ({}, False, False, "0.15"),
        ({"categorie": "national"}, False, False, "0.10"),
        ({"jauge": 99}, False, False, "0.20"),  # under 100 places
        ({"jauge": 100}, False, False, "0.15"),
        ({}, True, False, "0.20"),  # rural / ultramarine / territorial context
        ({"jauge": 50}, True, False, "0.20"),  # the 5 points are not counted twice
        ({"artistes_sur_scene": 4}, False, False, "0.20"),
        ({"artistes_sur_scene": 7, "categorie": "national"}, False, False, "0.18"),
        ({"artistes_sur_scene": 10, "jauge": 80}, False, False, "0.30"),  # 15 + 5 + 10
        ({"artistes_sur_scene": 10, "jauge": 80, "hors_les_murs": True}, False, False, "0.15"),
        ({"artistes_sur_scene": 10, "jauge": 80}, True, True, "0.15"),  # temps fort: no bonus
    ],
)
def test_line_rate(overrides, territorial, temps_fort, rate):
    assert line_rate(row(**overrides), territorial=territorial, temps_fort=temps_fort) == D(rate)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([row()], "600.00"),  # 15 % × 4 000
        ([row(cout_plateau=D("5000"))], "750.00"),  # exactly the project limit
        ([row(cout_plateau=D("5000.01"))], "750.00"),
        ([row(cout_plateau=D("4999.99"))], "750.00"),  # 749.9985
        ([row(cout_plateau=D("4999.97"))], "750.00"),  # 749.9955
        ([row(cout_plateau=D("4999.96"))], "749.99"),  # 749.994
        ([row(cout_plateau=D("0.03"))], "0.00"),  # 0.0045
        ([row(cout_plateau=D("0.10"), categorie="national")], "0.01"),
        # two projects of one representation: 5 000 each, within 10 000
        ([row(cout_plateau=D("6000")), row(cout_plateau=D("6000"), artiste="B")], "1500.00"),
        # three projects: the representation's 10 000 go to the best rates first
        (
            [
                row(cout_plateau=D("5000"), categorie="national", artiste="C"),
                row(cout_plateau=D("5000"), artiste="A"),
                row(cout_plateau=D("5000"), artistes_sur_scene=4, artiste="B"),
            ],
            "1750.00",  # 20 % × 5 000 + 15 % × 5 000, the 10 % project gets nothing
        ),
        (
            [
                row(cout_plateau=D("5000")),
                row(cout_plateau=D("5000"), artiste="B"),
                row(cout_plateau=D("3000"), lieu="Salle 2", artiste="C"),  # another room
            ],
            "1950.00",
        ),
        (
            [row(cout_plateau=D("5000")), row(date=datetime.date(2026, 3, 13), artiste="B")],
            "1350.00",  # two representations
        ),
    ],
)
def test_diffusion_aid(rows, expected):
    aid, details, errors = diffusion_aid(rows, territorial=False, temps_fort=False, year=2026)
    assert aid == D(expected)
    assert errors == []
    assert len(details) == len(rows)


@pytest.mark.parametrize(
    ("overrides", "temps_fort", "message"),
    [
        ({"jauge": 599}, False, None),
        ({"jauge": 600}, False, "600 places"),
        ({"jauge": 600, "hors_les_murs": True}, False, None),
        ({"jauge": 1200}, True, None),  # a temps fort has no audience limit
        ({"date": datetime.date(2026, 1, 1)}, False, None),
        ({"date": datetime.date(2025, 12, 31)}, False, "1er janvier 2026"),
    ],
)
def test_diffusion_line_errors(overrides, temps_fort, message):
    aid, _details, errors = diffusion_aid(
        [row(**overrides)], territorial=False, temps_fort=temps_fort, year=2026
    )
    if message is None:
        assert errors == []
        assert aid > 0
    else:
        assert message in " ".join(errors)
        assert aid == 0  # the line is not counted


# --- art. 24: the programme -----------------------------------------------------------------


def raw_row(**overrides):
    return {
        "date": "2026-03-12",
        "artiste": "Les Oiseaux",
        "categorie": "regional",
        "cout_plateau": "4000",
        "artistes_sur_scene": "3",
        "jauge": "300",
        **overrides,
    }


def art24(applicant=VENUE, **overrides):
    figures = {
        "part_spectacles_champ_cnm": "70",
        "spectacles_champ_cnm": "20",
        "type_activite": "programmation",
        "dates_produites": "15",
        "dates_gratuites": "0",
        "budget_total": "200000",
        "representations": [raw_row()],
        **overrides,
    }
    return programmes.get("24").compute(figures, applicant=applicant)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, None),  # 70 % and 15 dates exactly
        ({"part_spectacles_champ_cnm": "69.99"}, "70 %"),
        ({"part_spectacles_champ_cnm": "50", "contexte_rural": "oui"}, None),  # 20 shows
        (
            {
                "part_spectacles_champ_cnm": "50",
                "contexte_rural": "oui",
                "spectacles_champ_cnm": "14",
            },
            "quinze spectacles",
        ),
        ({"dates_produites": "14"}, "quinze dates"),
        ({"dates_gratuites": "3"}, None),  # 3 free of 15: exactly 20 %
        ({"dates_gratuites": "4"}, "quinze dates"),  # only 3 of the 4 count
        ({"dates_produites": "20", "dates_gratuites": "5"}, None),
        ({"dates_produites": "16", "dates_gratuites": "5"}, "quinze dates"),  # 11 + 3
        ({"dates_gratuites": "16"}, "ne peuvent pas dépasser"),
        ({"type_activite": "temps_fort"}, "budget annuel"),
        ({"type_activite": "temps_fort", "budget_structure": "800000"}, None),  # exactly 1/4
        ({"type_activite": "temps_fort", "budget_structure": "799999.99"}, "quart du budget"),
        ({"representations": [], "personnes_jours_accueil": "0"}, "représentations"),
        ({"personnes_jours_accueil": "10", "dates_apres_accompagnement": "2"}, "trois dates"),
        ({"personnes_jours_accueil": "10", "dates_apres_accompagnement": "3"}, None),
        ({"representations": [raw_row(jauge="600")]}, "600 places"),
    ],
)
def test_art24_criteria(overrides, message):
    errors = errors_of(art24(**overrides))
    if message is None:
        assert errors == ""
    else:
        assert message in errors


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "600.00"),
        ({"personnes_jours_accueil": "5", "dates_apres_accompagnement": "3"}, "1200.00"),
        (
            {
                "representations": [],
                "personnes_jours_accueil": "1",
                "dates_apres_accompagnement": "3",
            },
            "120.00",
        ),
        ({"contexte_territorial": "oui"}, "800.00"),
        # yearly cap: 50 000 €, 100 000 € for several venues
        ({"deja_attribue_annee": "49400"}, "600.00"),
        ({"deja_attribue_annee": "49400.01"}, "599.99"),
        ({"deja_attribue_annee": "49999.99"}, "0.01"),
        ({"deja_attribue_annee": "50000"}, "0.00"),
        ({"deja_attribue_annee": "50000", "plusieurs_etablissements": "oui"}, "600.00"),
        ({"deja_attribue_annee": "99400.01", "plusieurs_etablissements": "oui"}, "599.99"),
        ({"deja_attribue_annee": "100000", "plusieurs_etablissements": "oui"}, "0.00"),
        (
            {
                "personnes_jours_accueil": "500",
                "dates_apres_accompagnement": "3",
                "representations": [],
            },
            "50000.00",  # 60 000 € of accompaniment, capped
        ),
    ],
)
def test_art24_amount(overrides, expected):
    assert art24(**overrides).amount == D(expected)


def test_art24_steps_and_one_payment():
    result = art24(personnes_jours_accueil="5", dates_apres_accompagnement="3")
    assert [s.label for s in result.steps] == [
        "Volet diffusion : prise en charge des coûts plateau",
        "Volet accompagnement : 120 € par personne et par jour d'accueil",
        "Plafond par structure et par an",
    ]
    assert "15 %" in result.steps[0].detail
    assert result.values["aide_diffusion"] == D("600.00")
    schedule = programmes.get("24").payment_schedule(D("50000.00"))
    assert [(str(i.amount), i.trigger) for i in schedule] == [("50000.00", "attribution")]
    assert programmes.get("24").bilan_months == 8


def test_art24_deposit_year_comes_from_the_deposit_date():
    late = Applicant(kind=MORALE, affiliated=True, has_licence=True, on=datetime.date(2027, 1, 4))
    result = art24(applicant=late)
    assert "1er janvier 2027" in errors_of(result)
    assert result.amount == 0
    # the simulator, without a deposit date, counts the line
    assert art24(applicant=None).amount == D("600.00")


# --- art. 24: the table's input formats -----------------------------------------------------


def test_table_as_json_string():
    result = art24(representations=json.dumps([raw_row(), raw_row(artiste="B")]))
    assert result.field_errors == {}
    assert result.amount == D("1200.00")


def test_table_as_formset_names_skips_deleted_and_empty_rows():
    figures = {
        "part_spectacles_champ_cnm": "70",
        "spectacles_champ_cnm": "20",
        "type_activite": "programmation",
        "dates_produites": "15",
        "dates_gratuites": "0",
        "budget_total": "200000",
        "representations-TOTAL_FORMS": "4",
        "representations-INITIAL_FORMS": "0",
    }
    for index, values in enumerate(
        [raw_row(), raw_row(artiste="B", cout_plateau="5000"), raw_row(artiste="C")]
    ):
        figures.update({f"representations-{index}-{k}": v for k, v in values.items()})
    figures["representations-2-DELETE"] = "on"
    figures.update({f"representations-3-{k}": "" for k in raw_row()})  # the empty extra form
    result = programmes.get("24").compute(figures, applicant=VENUE)
    assert result.field_errors == {}
    assert result.amount == D("1350.00")  # 600 + 750, the deleted row left out
    stored = programmes.get("24").serialize(result.values)["representations"]
    assert stored[1] == {
        "date": "2026-03-12",
        "artiste": "B",
        "categorie": "regional",
        "cout_plateau": "5000",
        "artistes_sur_scene": 3,
        "jauge": 300,
        "hors_les_murs": False,
        "lieu": None,
    }
    # what is stored computes again to the same amount
    again = art24(representations=stored)
    assert again.amount == result.amount


@pytest.mark.parametrize(
    ("representations", "message"),
    [
        ([raw_row(cout_plateau="-1")], "Ligne 1, « Coûts plateau"),
        ([raw_row(), raw_row(cout_plateau="abc")], "Ligne 2"),
        ([raw_row(cout_plateau=1500.5)], "Saisissez un montant"),  # floats refused
        ([raw_row(categorie="star")], "Choisissez une des valeurs"),
        ([raw_row(date="2026-02-30")], "date valide"),
        ([raw_row(artistes_sur_scene="0")], "au moins 1"),
        ([raw_row(artiste="")], "obligatoire"),
        (["not a row"], "format invalide"),
        ("[not json", "illisible"),
        ({"date": "2026-03-12"}, "illisible"),
    ],
)
def test_table_errors_are_field_errors(representations, message):
    result = art24(representations=representations)
    assert message in result.field_errors["representations"]
    assert not result.eligible
    assert result.amount >= 0


def test_invalid_table_is_reported_once():
    result = art24(representations=[raw_row(cout_plateau="-1")])
    assert "Indiquez des représentations" not in errors_of(result)
    assert "invalides ou manquantes" in errors_of(result)


def test_table_row_limit():
    result = art24(representations=[raw_row()] * 501)
    assert "500 lignes" in result.field_errors["representations"]
