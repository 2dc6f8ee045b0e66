import datetime as dt

from annonces import rules

DAY = dt.date(2026, 12, 1)


def test_open_through_the_closing_date_closed_the_day_after():
    assert rules.is_open(closing_date=DAY, on=DAY)
    assert rules.is_open(closing_date=DAY, on=DAY - dt.timedelta(days=1))
    assert not rules.is_open(closing_date=DAY, on=DAY + dt.timedelta(days=1))


def test_closing_date_errors():
    assert rules.closing_errors(closing_date=DAY, on=DAY) == []
    assert rules.closing_errors(closing_date=None, on=DAY)
    assert "passée" in rules.closing_errors(closing_date=DAY - dt.timedelta(days=1), on=DAY)[0]
    limit = DAY + dt.timedelta(days=rules.MAX_OPEN_DAYS)
    assert rules.closing_errors(closing_date=limit, on=DAY) == []
    assert rules.closing_errors(closing_date=limit + dt.timedelta(days=1), on=DAY)


def test_normalize_drops_accents_case_and_punctuation():
    assert rules.normalize("Régisseur·se GÉNÉRAL·E !") == "regisseur se general e"
    assert rules.search_words("  Chargé  de  production a ") == ["charge", "de", "production"]


def test_keyword_phrases_split_on_commas():
    assert rules.keyword_phrases("Régie, production ; tournée d'été,,") == [
        "regie",
        "production",
        "tournee d ete",
    ]


def _matches(**kw):
    args = {
        "text": rules.normalize("Régisseuse générale pour une salle de concert"),
        "contract_type": "cdi",
        "region": "pdl",
        "family": "technique",
        "phrases": [],
        "contract_types": [],
        "regions": [],
        "families": [],
    }
    args.update(kw)
    return rules.matches(**args)


def test_empty_criteria_match_everything():
    assert _matches()


def test_each_list_restricts():
    assert _matches(contract_types=["cdi", "cdd"])
    assert not _matches(contract_types=["stage"])
    assert not _matches(regions=["idf"])
    assert _matches(regions=["pdl"], families=["technique"])
    assert not _matches(families=["communication"])


def test_keywords_one_phrase_is_enough_and_matches_from_a_word_start():
    assert _matches(phrases=["marketing", "regis"])
    assert _matches(phrases=["salle de concert"])
    assert not _matches(phrases=["egisseuse"])  # inside a word: no
    assert not _matches(phrases=["production"])
