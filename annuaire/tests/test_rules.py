from annuaire import rules
from annuaire.choices import ActivityCode, Region, region_choices


def test_search_key_ignores_accents_case_and_spaces():
    assert rules.search_key("  Éditions   ÉLAN ") == "editions elan"
    assert rules.search_key("Œuvre") == "œuvre"
    assert rules.search_key("") == ""


def test_eighteen_regions_in_alphabetical_order():
    assert len(Region.choices) == 18
    names = [str(label) for _code, label in region_choices()]
    assert names[0] == "Auvergne-Rhône-Alpes" and names == sorted(names)


def test_submission_needs_everything_the_public_page_shows():
    complete = {
        "name": "Label",
        "region": Region.IDF,
        "city": "Paris",
        "presentation": "Un label.",
        "activity_count": 1,
    }
    assert rules.submission_errors(**complete) == []
    missing = rules.submission_errors(
        name=" ", region="", city="", presentation="", activity_count=0
    )
    assert len(missing) == 5


def _fields(**overrides):
    values = {
        "name": "Label",
        "activities": [ActivityCode.LABEL],
        "city": "Paris",
        "presentation": "x",
        "phone": "",
    }
    return rules.field_errors(**(values | overrides))


def test_field_limits():
    assert _fields() == {}
    assert "name" in _fields(name="x" * (rules.NAME_MAX + 1))
    assert "activities" in _fields(activities=[])
    assert "activities" in _fields(activities=list(ActivityCode.values)[: rules.ACTIVITIES_MAX + 1])
    assert _fields(activities=list(ActivityCode.values)[: rules.ACTIVITIES_MAX]) == {}
    assert "presentation" in _fields(presentation="x" * (rules.PRESENTATION_MAX + 1))
    assert _fields(presentation="x" * rules.PRESENTATION_MAX) == {}


def test_phone_numbers():
    for good in ("01 23 45 67 89", "+33 1 23 45 67 89", "0123456789", "02.99.00.00.00"):
        assert _fields(phone=good) == {}, good
    for bad in ("appelez-moi", "12", "01 23 45 67 89 ext 3"):
        assert "phone" in _fields(phone=bad), bad
