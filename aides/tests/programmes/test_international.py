"""Art. 27 to 31: bounds, the holders' contribution, the 25 % foreign-master cap, subsidies,
shared yearly caps and each article's own criteria, at their boundaries."""

from decimal import Decimal

import pytest

from aides import programmes
from aides.programmes.base import MORALE, PHYSIQUE, Applicant
from aides.programmes.international import CLASSIQUES, INTERNATIONAL, JAZZ

D = Decimal
ARTISTE = Applicant(kind=PHYSIQUE, affiliated=True)
LABEL = Applicant(kind=MORALE, affiliated=True)

# An eligible dossier per article, asking for the programme's maximum.
BASE = {
    "27": {"montant_sollicite": "20000", "plateformes_streaming": "3"},
    "28": {
        "montant_sollicite": "80000",
        "plateformes_streaming": "3",
        "cosignataires_affilies": "2",
        "partenaires_investisseurs": "2",
        "debut_operations": "2026-06-01",
    },
    "29": {"montant_sollicite": "10000", "plateformes_streaming": "1"},
    "29-1": {
        "montant_sollicite": "30000",
        "cosignataires_affilies": "2",
        "plateformes_streaming": "3",
        "tournees_internationales": "oui",
        "distributeur_digital": "oui",
    },
    "30": {
        "montant_sollicite": "10000",
        "plateformes_streaming": "2",
        "followers_streaming": "1000",
        "followers_reseau_social": "1000",
    },
    "31": {
        "montant_sollicite": "50000",
        "plateformes_streaming": "2",
        "cosignataires_affilies": "3",
        "partenaires_investisseurs": "2",
        "streams_cumules": "500000",
    },
}
COMMON = {
    "apport_numeraire": "100000",
    "depenses_promotion": "100000",
    "budget_total": "400000",
    "label_etabli_france": "oui",
}


def figures(article, **overrides):
    return {**COMMON, **BASE[article], **overrides}


def compute(article, applicant=LABEL, **overrides):
    return programmes.get(article).compute(figures(article, **overrides), applicant=applicant)


def errors(article, **overrides):
    return " ".join(compute(article, **overrides).errors)


def warnings(article, **overrides):
    return " ".join(compute(article, **overrides).warnings)


@pytest.mark.parametrize("article", INTERNATIONAL)
def test_base_dossier_is_eligible_for_the_maximum(article):
    result = compute(article)
    assert result.errors == []
    assert result.amount == D(BASE[article]["montant_sollicite"])
    program = programmes.get(article)
    assert program.section.number == 7
    assert program.applicant_kinds == {PHYSIQUE, MORALE}
    assert program.bilan_months == 18


@pytest.mark.parametrize("article", INTERNATIONAL)
def test_personne_physique_may_apply(article):
    assert compute(article, applicant=ARTISTE).errors == []


@pytest.mark.parametrize(
    ("article", "asked", "ok"),
    [
        ("27", "399.99", False),
        ("27", "400", True),
        ("27", "20000", True),
        ("27", "20000.01", False),
        ("28", "19999.99", False),
        ("28", "20000", True),
        ("28", "80000", True),
        ("28", "80000.01", False),
        ("29", "399.99", False),
        ("29", "400", True),
        ("29", "10000", True),
        ("29", "10000.01", False),
        ("29-1", "9999.99", False),
        ("29-1", "10000", True),
        ("29-1", "50000.01", False),
        ("30", "399.99", False),
        ("30", "400", True),
        ("30", "10000.01", False),
        ("31", "14999.99", False),
        ("31", "15000", True),
        ("31", "50000", True),
        ("31", "50000.01", False),
    ],
)
def test_requested_amount_between_minimum_and_maximum(article, asked, ok):
    extra = {"cosignataires_affilies": "3"} if article in ("29-1", "31") else {}
    assert (
        "doit être compris entre" not in errors(article, montant_sollicite=asked, **extra)
    ) is ok


@pytest.mark.parametrize("article", INTERNATIONAL)
def test_requested_amount_is_required(article):
    result = compute(article, montant_sollicite="")
    assert "montant_sollicite" in result.field_errors


@pytest.mark.parametrize(
    ("article", "overrides", "expected"),
    [
        # the programme's maximum, exactly reached and one cent above
        ("27", {"montant_sollicite": "", "depenses_promotion": "20000.01"}, "20000.00"),
        ("29", {"depenses_promotion": "9999.99"}, "9999.99"),
        ("28", {"depenses_promotion": "80000.01"}, "80000.00"),
        # not above the holders' contribution (cash + in kind)
        ("27", {"apport_numeraire": "12345.67"}, "12345.67"),
        ("27", {"apport_numeraire": "10000", "apport_valorisation": "2000.01"}, "12000.01"),
        ("31", {"apport_numeraire": "49999.99"}, "49999.99"),
        # master owner without a stable establishment in France: 25 % of the global budget
        ("27", {"master_owner_etranger": "oui", "budget_total": "80000"}, "20000.00"),
        ("27", {"master_owner_etranger": "oui", "budget_total": "79999.96"}, "19999.99"),
        ("27", {"master_owner_etranger": "oui", "budget_total": "79999.98"}, "20000.00"),  # .995
        ("27", {"master_owner_etranger": "oui", "budget_total": "100.02"}, "25.01"),  # 25.005
        ("29-1", {"master_owner_etranger": "oui", "budget_total": "100000"}, "25000.00"),
        ("30", {"master_owner_etranger": "oui", "budget_total": "30000"}, "7500.00"),
    ],
)
def test_caps(article, overrides, expected):
    assert compute(article, **overrides).amount == D(expected)


@pytest.mark.parametrize(
    ("article", "overrides", "expected", "reached"),
    [
        ("27", {"deja_attribue_international_classique": "80000"}, "20000.00", False),
        ("27", {"deja_attribue_international_classique": "80000.01"}, "19999.99", False),
        ("28", {"deja_attribue_international_classique": "99999.99"}, "0.01", False),
        ("28", {"deja_attribue_international_classique": "100000"}, "0.00", True),
        ("29", {"deja_attribue_international_jazz": "90000"}, "10000.00", False),
        ("29-1", {"deja_attribue_international_jazz": "70000.01"}, "29999.99", False),
        ("29-1", {"deja_attribue_international_jazz": "100000"}, "0.00", True),
        ("27", {"deja_attribue_international": "180000.01"}, "19999.99", False),
        ("30", {"deja_attribue_international": "190000"}, "10000.00", False),
        ("31", {"deja_attribue_international": "150000.01"}, "49999.99", False),
        ("31", {"deja_attribue_international": "200000"}, "0.00", True),
        # the programme's own "déjà attribué" is not the shared one: no cap of its own in 30-31
        ("30", {"deja_attribue_annee": "200000"}, "10000.00", False),
    ],
)
def test_yearly_caps_shared_by_the_international_programmes(article, overrides, expected, reached):
    result = compute(article, **overrides)
    assert result.amount == D(expected)
    assert ("plafond annuel" in " ".join(result.errors)) is reached


@pytest.mark.parametrize(
    ("article", "caps"),
    [
        ("27", [("100000", CLASSIQUES), ("200000", INTERNATIONAL)]),
        ("28", [("100000", CLASSIQUES), ("200000", INTERNATIONAL)]),
        ("29", [("100000", JAZZ), ("200000", INTERNATIONAL)]),
        ("29-1", [("100000", JAZZ), ("200000", INTERNATIONAL)]),
        ("30", [("200000", INTERNATIONAL)]),
        ("31", [("200000", INTERNATIONAL)]),
    ],
)
def test_yearly_cap_groups_for_the_database_read(article, caps):
    found = [(c.value, c.articles) for c in programmes.get(article).yearly_caps()]
    assert found == [(D(v), group) for v, group in caps]


@pytest.mark.parametrize(
    ("article", "computed_max", "blocked"),
    [
        ("27", "399.99", True),
        ("27", "400", False),
        ("31", "14999.99", True),
        ("31", "15000", False),
    ],
)
def test_minimum_of_the_computed_aid(article, computed_max, blocked):
    result = compute(article, apport_numeraire=computed_max, montant_sollicite=computed_max)
    assert ("inférieure au minimum" in " ".join(result.errors)) is blocked
    assert result.amount == D(computed_max)


@pytest.mark.parametrize(
    ("article", "others", "ok"),
    [
        ("27", "200000", True),  # exactly 50 % of 400 000
        ("27", "200000.01", False),
        ("28", "200000.01", False),
        ("29", "200000.01", False),
        ("29-1", "200000.01", False),
        ("31", "200000", True),
        ("31", "200000.01", False),
    ],
)
def test_other_bodies_subsidies_at_most_half_of_the_budget(article, others, ok):
    text = errors(article, autres_subventions=others)
    assert ("ne peuvent pas dépasser 50 %" not in text) is ok


@pytest.mark.parametrize(
    ("budget", "others", "expected"),
    [
        ("20000", "6000", "4000.00"),  # 50 % × 20 000 − 6 000
        ("20000", "0", "10000.00"),
        ("20000.02", "0", "10000.00"),  # the programme's maximum
        ("20000", "10000", "0.00"),
        ("20000", "12000", "0.00"),  # never negative
        ("10000.01", "0", "5000.01"),  # 5 000.005 half up
    ],
)
def test_art30_all_subsidies_including_this_aid_within_half_the_budget(budget, others, expected):
    result = compute(
        "30", budget_total=budget, autres_subventions=others, depenses_promotion="10000"
    )
    assert result.amount == D(expected)
    # art. 30 caps the aid instead of refusing the dossier
    assert "ne peuvent pas dépasser 50 %" not in " ".join(result.errors)


def test_declared_public_aids_are_part_of_the_other_subsidies():
    assert "doivent inclure" in errors(
        "27", autres_aides_publiques="1000", autres_subventions="999"
    )
    assert "doivent inclure" not in errors(
        "27", autres_aides_publiques="1000", autres_subventions="1000"
    )


@pytest.mark.parametrize(
    ("article", "overrides", "message"),
    [
        (
            "27",
            {"apport_numeraire": "0", "apport_valorisation": "50000"},
            "investir financièrement",
        ),
        ("29", {"apport_numeraire": "0"}, "investir financièrement"),
        ("30", {"apport_numeraire": "0"}, "investir financièrement"),
        # a tour: the fees count in the contribution, but cash beyond them is needed
        (
            "27",
            {"tournee": "oui", "dates_tournee": "3", "cessions_tournee": "100000"},
            "en plus des cessions",
        ),
        ("27", {"tournee": "oui", "dates_tournee": "3", "cessions_tournee": "99999.99"}, None),
        (
            "29-1",
            {"tournee": "oui", "dates_tournee": "3", "cessions_tournee": "100000"},
            "en plus des cessions",
        ),
        (
            "28",
            {"tournee": "oui", "dates_tournee": "3", "cessions_tournee": "100000"},
            "en plus des cessions",
        ),
        # streaming platforms
        ("27", {"plateformes_streaming": "2"}, "trois plateformes"),
        ("27", {"plateformes_streaming": "2", "repertoire_contemporain": "oui"}, None),
        ("28", {"plateformes_streaming": "2"}, "trois plateformes"),
        ("29", {"plateformes_streaming": "0"}, "une plateforme"),
        ("30", {"plateformes_streaming": "1"}, "deux plateformes"),
        ("31", {"plateformes_streaming": "1"}, "deux plateformes"),
        # French anchor: art. 31 has no "agent" condition
        ("27", {"label_etabli_france": ""}, "ancrage"),
        ("27", {"label_etabli_france": "", "agent_etabli_france": "oui"}, None),
        ("30", {"label_etabli_france": "", "editeur_france_ou_sacem": "oui"}, None),
        ("31", {"label_etabli_france": "", "agent_etabli_france": "oui"}, "ancrage"),
        ("31", {"label_etabli_france": "", "production_licence_cnm": "oui"}, None),
        # at least one action abroad
        ("27", {"depenses_promotion": "0"}, "au moins une des actions"),
        # tours: 29 three concerts within 30 days, 29-1 / 30 / 31 three dates
        (
            "29",
            {"tournee": "oui", "dates_tournee": "2", "duree_tournee_jours": "10"},
            "au moins 3 dates",
        ),
        ("29", {"tournee": "oui", "dates_tournee": "3", "duree_tournee_jours": "31"}, "30 jours"),
        ("29", {"tournee": "oui", "dates_tournee": "3", "duree_tournee_jours": "30"}, None),
        ("29-1", {"tournee": "oui", "dates_tournee": "2"}, "au moins 3 dates"),
        ("30", {"tournee": "oui", "dates_tournee": "2"}, "au moins 3 dates"),
        ("31", {"tournee": "oui", "dates_tournee": "3"}, None),
    ],
)
def test_project_criteria(article, overrides, message):
    text = errors(article, **overrides)
    if message is None:
        assert text == ""
    else:
        assert message in text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        # art. 27: fewer than three dates may be accepted by exception: a warning, not a refusal
        ({"tournee": "oui", "dates_tournee": "2", "duree_tournee_jours": "5"}, "au moins 3 dates"),
        ({"tournee": "oui", "dates_tournee": "3", "duree_tournee_jours": "31"}, "30 jours"),
        ({"depenses_prospection": "1000", "personnes_prospection": "3"}, "deux personnes"),
    ],
)
def test_art27_warnings_not_refusals(overrides, message):
    result = compute("27", **overrides)
    assert result.errors == []
    assert message in " ".join(result.warnings)


def test_art27_two_people_prospecting_is_fine():
    assert "deux personnes" not in warnings(
        "27", depenses_prospection="1000", personnes_prospection="2"
    )


@pytest.mark.parametrize(
    ("article", "overrides", "message"),
    [
        ("28", {"cosignataires_affilies": "1"}, "au moins 2 structures"),
        ("28", {"partenaires_investisseurs": "1"}, "deux partenaires"),
        ("31", {"partenaires_investisseurs": "1"}, "deux partenaires"),
        # 29-1 and 31: two co-signatories up to 30 000 € asked, three above
        ("29-1", {"montant_sollicite": "30000", "cosignataires_affilies": "2"}, None),
        ("29-1", {"montant_sollicite": "30000.01", "cosignataires_affilies": "2"}, "au moins 3"),
        ("29-1", {"montant_sollicite": "30000.01", "cosignataires_affilies": "3"}, None),
        ("29-1", {"montant_sollicite": "10000", "cosignataires_affilies": "1"}, "au moins 2"),
        ("31", {"montant_sollicite": "30000", "cosignataires_affilies": "2"}, None),
        ("31", {"montant_sollicite": "30000.01", "cosignataires_affilies": "2"}, "au moins 3"),
        ("31", {"montant_sollicite": "15000", "cosignataires_affilies": "1"}, "au moins 2"),
    ],
)
def test_cosignatories(article, overrides, message):
    text = errors(article, **overrides)
    if message is None:
        assert "cosignée" not in text and "partenaires" not in text
    else:
        assert message in text


@pytest.mark.parametrize(
    ("commission", "start", "ok"),
    [
        ("2026-03-15", "2025-03-15", True),  # exactly twelve months before
        ("2026-03-15", "2025-03-14", False),
        ("2026-03-15", "2027-03-15", True),  # exactly twelve months after
        ("2026-03-15", "2027-03-16", False),
        ("2024-02-29", "2023-02-28", True),  # no 29 February in 2023
        ("2024-02-29", "2023-02-27", False),
        ("2024-02-29", "2025-02-28", True),
        ("2024-02-29", "2025-03-01", False),
    ],
)
def test_art28_operations_within_twelve_months_of_the_commission(commission, start, ok):
    text = errors("28", date_commission=commission, debut_operations=start)
    assert ("douze mois" not in text) is ok


def test_art28_window_unknown_without_a_commission_date():
    assert "douze mois" not in errors("28", debut_operations="2000-01-01")


@pytest.mark.parametrize(
    ("overrides", "ok"),
    [
        ({}, True),  # tours, 3 platforms, digital distributor: three of four
        ({"distributeur_digital": ""}, False),  # two of four
        ({"distributeur_digital": "", "streams_cumules": "200000"}, True),
        ({"distributeur_digital": "", "streams_cumules": "199999"}, False),
        ({"distributeur_digital": "", "followers_reseau_social": "10000"}, True),
        ({"distributeur_digital": "", "followers_reseau_social": "9999"}, False),
        ({"plateformes_streaming": "2"}, False),
        # audience deemed met for a request limited to creation collaborations
        (
            {
                "distributeur_digital": "",
                "depenses_promotion": "0",
                "depenses_collaboration": "9000",
            },
            True,
        ),
        (
            {
                "distributeur_digital": "",
                "depenses_promotion": "1",
                "depenses_collaboration": "9000",
            },
            False,
        ),
    ],
)
def test_art29_1_three_of_four(overrides, ok):
    assert ("trois des quatre" not in errors("29-1", **overrides)) is ok


@pytest.mark.parametrize(
    ("article", "overrides", "ok"),
    [
        ("30", {"followers_streaming": "999"}, False),
        ("30", {"followers_reseau_social": "999"}, False),
        (
            "30",
            {
                "followers_streaming": "999",
                "depenses_promotion": "0",
                "depenses_sessions_ecriture": "5000",
            },
            True,
        ),
        ("31", {"streams_cumules": "499999"}, False),
        ("31", {"streams_cumules": "499999", "followers_reseau_social": "10000"}, True),
        ("31", {"streams_cumules": "0", "followers_reseau_social": "9999"}, False),
        (
            "31",
            {
                "streams_cumules": "0",
                "depenses_promotion": "0",
                "depenses_sessions_ecriture": "5000",
            },
            True,
        ),
        # a collaboration abroad: the foreign artist too
        ("30", {"collaboration_etranger": "oui"}, False),
        (
            "30",
            {
                "collaboration_etranger": "oui",
                "followers_streaming_artiste_etranger": "1000",
                "followers_reseau_social_artiste_etranger": "1000",
            },
            True,
        ),
        (
            "31",
            {"collaboration_etranger": "oui", "streams_cumules_artiste_etranger": "500000"},
            True,
        ),
        (
            "31",
            {"collaboration_etranger": "oui", "followers_reseau_social_artiste_etranger": "9999"},
            False,
        ),
    ],
)
def test_audience(article, overrides, ok):
    assert ("doit justifier" not in errors(article, **overrides)) is ok


def _amount30(**overrides):
    base = {"depenses_promotion": "0", "budget_total": "100000", "apport_numeraire": "20000"}
    return compute("30", **{**base, **overrides})


@pytest.mark.parametrize(
    ("overrides", "expected", "warned"),
    [
        # Belgium, Switzerland, Luxembourg: three other territories needed, 25 % of the aid at most
        (
            {
                "depenses_promotion": "3000",
                "depenses_bsl": "5000",
                "territoires_non_francophones": "3",
            },
            "4000.00",
            False,
        ),
        (
            {
                "depenses_promotion": "3000",
                "depenses_bsl": "5000",
                "territoires_non_francophones": "2",
            },
            "3000.00",
            True,
        ),
        (
            {
                "depenses_promotion": "3000",
                "depenses_bsl": "500",
                "territoires_non_francophones": "3",
            },
            "3500.00",
            False,
        ),
        (
            {
                "depenses_promotion": "1000.01",
                "depenses_bsl": "5000",
                "territoires_non_francophones": "3",
            },
            "1333.34",
            False,
        ),
        # content adaptation covered up to 30 % of the total budget
        (
            {
                "budget_total": "10000",
                "depenses_adaptation_scenique": "5000",
                "depenses_promotion": "1000",
            },
            "4000.00",
            False,
        ),
        (
            {
                "budget_total": "10000",
                "depenses_adaptation_scenique": "2999.99",
                "depenses_promotion": "1000",
            },
            "3999.99",
            False,
        ),
        # audio or video adaptation only: 4 000 € at most
        ({"budget_total": "20000", "depenses_adaptation_audio_video": "8000"}, "4000.00", False),
        (
            {
                "budget_total": "20000",
                "depenses_adaptation_audio_video": "8000",
                "depenses_promotion": "1",
            },
            "6001.00",
            False,
        ),
    ],
)
def test_art30_expenses_covered(overrides, expected, warned):
    result = _amount30(montant_sollicite="10000", **overrides)
    assert result.amount == D(expected)
    assert ("Belgique" in " ".join(result.warnings)) is warned


def test_art30_belgium_only_is_not_an_action_abroad():
    result = _amount30(depenses_bsl="5000", territoires_non_francophones="3")
    assert "au moins une des actions" in " ".join(result.errors)


@pytest.mark.parametrize(
    ("article", "overrides", "refused"),
    [
        ("30", {"depenses_promotion": "0", "depenses_adaptation_audio_video": "3000"}, False),
        ("30", {"depenses_promotion": "0", "depenses_adaptation_scenique": "3000"}, True),
        ("30", {"depenses_adaptation_scenique": "3000"}, False),
        ("31", {"depenses_promotion": "0", "depenses_adaptation": "3000"}, True),
        ("31", {"depenses_adaptation": "3000"}, False),
    ],
)
def test_adaptation_needs_other_expenses(article, overrides, refused):
    assert ("autres dépenses que l'adaptation" in errors(article, **overrides)) is refused


@pytest.mark.parametrize(
    ("article", "overrides", "message"),
    [
        ("30", {"aides_projet_annee": "2"}, None),
        ("30", {"aides_projet_annee": "3"}, "trois aides"),
        ("31", {"aides_projet_annee": "3"}, "trois aides"),
        (
            "30",
            {"depenses_sessions_ecriture": "1000", "demandes_sessions_ecriture_annee": "1"},
            None,
        ),
        (
            "30",
            {"depenses_sessions_ecriture": "1000", "demandes_sessions_ecriture_annee": "2"},
            "deux par an",
        ),
        ("30", {"demandes_sessions_ecriture_annee": "2"}, None),  # not a writing-session request
    ],
)
def test_art30_31_limits_per_year(article, overrides, message):
    text = errors(article, **overrides)
    assert (message is None and text == "") or (message is not None and message in text)


@pytest.mark.parametrize("bad", ["-1", "abc", "1.234", "1e3"])
def test_bad_figures_are_field_errors(bad):
    result = compute("27", apport_numeraire=bad)
    assert "apport_numeraire" in result.field_errors
    assert not result.eligible
    assert result.amount >= 0


def test_steps_explain_each_cap_in_order():
    result = compute("27", master_owner_etranger="oui", budget_total="60000")
    assert [s.label for s in result.steps] == [
        "Dépenses éligibles",
        "Dépenses éligibles couvertes par l'aide",
        "Montant maximal de l'aide (20\u202f000\xa0€)",
        "Apport du porteur du projet et des partenaires",
        "Master owner sans établissement stable en France",
        "Plafond annuel musiques classiques (100\u202f000\xa0€, art. 27 et 28)",
        "Plafond annuel développement international (200\u202f000\xa0€, art. 27 à 31)",
        "Montant minimal de l'aide (400\xa0€)",
        "Montant sollicité",
    ]
    assert result.amount == D("15000.00")
    assert all(s.article in ("27", "3") for s in result.steps)


@pytest.mark.parametrize(
    ("article", "amount", "parts", "triggers"),
    [
        ("27", "20000.00", ["20000.00"], ["bilan"]),  # once, at the end of the operation
        ("30", "400.00", ["400.00"], ["bilan"]),
        ("28", "20000.01", ["10000.01", "10000.00"], ["attribution", "bilan"]),  # 10 000.005
        ("29-1", "10000.00", ["5000.00", "5000.00"], ["attribution", "bilan"]),
        ("31", "5000.00", ["5000.00"], ["attribution"]),  # art. 5: at once
        ("31", "5000.01", ["2500.01", "2500.00"], ["attribution", "bilan"]),
    ],
)
def test_payment_schedule(article, amount, parts, triggers):
    schedule = programmes.get(article).payment_schedule(D(amount))
    assert [str(i.amount) for i in schedule] == parts
    assert [i.trigger for i in schedule] == triggers
    assert sum(i.amount for i in schedule) == D(amount)


def test_registered_in_rga_order_in_section_7():
    section = {s.number: [p.article for p in ps] for s, ps in programmes.by_section()}
    assert section[7] == list(INTERNATIONAL)
