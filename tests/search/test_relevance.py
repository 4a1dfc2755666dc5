"""What residents type finds what they need: words, needs, typos."""

from tests.search.helpers import search, titles


def test_swim_finds_swimming(db_app):
    _, found = search(db_app, text="swim")
    assert found and all("swim" in (a.title + a.summary).lower() for a in found)


def test_title_matches_rank_first(db_app):
    _, found = search(db_app, text="walking football")
    assert found[0].title.startswith("Walking football")
    top = titles(found)[:6]
    assert all(title.startswith("Walking football") for title in top)


def test_lonely_finds_befriending_and_social_groups(db_app):
    results, found = search(db_app, text="lonely")
    assert results.total >= 10
    assert all("social-befriending" in a.category_codes for a in found[:10])


def test_depressed_finds_mental_wellbeing(db_app):
    _, found = search(db_app, text="depressed")
    assert found
    assert all("mental-wellbeing" in a.category_codes for a in found[:8])


def test_skint_and_bills_find_money_advice(db_app):
    for words in ("skint", "bills"):
        _, found = search(db_app, text=words)
        assert found, words
        assert "money-debt" in found[0].category_codes, words


def test_exercise_finds_walking_football_and_chair_yoga(db_app):
    _, found = search(db_app, text="exercise")
    top = " ".join(titles(found[:15]))
    assert "Walking football" in top
    assert "Chair yoga" in top


def test_typo_is_tolerated(db_app):
    _, correct = search(db_app, text="football")
    _, typo = search(db_app, text="fotball")
    assert typo
    assert set(titles(typo)) & set(titles(correct))


def test_every_word_must_match(db_app):
    _, found = search(db_app, text="yoga Walsall")
    assert found
    assert all("yoga" in a.title.lower() and a.venue.borough == "Walsall" for a in found)


def test_did_you_mean_when_little_is_found(db_app):
    results, _ = search(db_app, text="gardenign")
    assert results.suggestion == "gardening"
    # Words residents use for needs are suggested too, not only words in listings.
    results, _ = search(db_app, text="lonley")
    assert results.suggestion == "lonely"


def test_no_suggestion_when_plenty_found(db_app):
    results, _ = search(db_app, text="coffee")
    assert results.total > 3
    assert results.suggestion is None


def test_nonsense_finds_nothing_without_error(db_app):
    results, found = search(db_app, text="zzzzqqq")
    assert results.total == 0 and found == []


def test_stop_words_alone_match_everything_published(db_app):
    everything, _ = search(db_app)
    results, _ = search(db_app, text="the and")
    assert results.total == everything.total == 150
