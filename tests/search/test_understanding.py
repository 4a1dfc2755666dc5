"""How typed words are read: folding, places, little words, misspellings, names."""

import pytest

from directory_app.search.folding import fold
from directory_app.search.needs import all_needs, need_spelt_nearly, words_for
from directory_app.search.schema import language_analyzer
from directory_app.search.understanding import split_place, understand
from tests.search.helpers import search
from tests.search.test_languages import SHIPPED


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("samotność", "samotnosc"),  # Polish: ogonek, acute, and ł below
        ("długi", "dlugi"),
        ("singurătate", "singuratate"),  # Romanian comma-below
        ("vienatvė", "vienatve"),  # Lithuanian
        ("solidão", "solidao"),
        ("yalnızlık", "yalnizlik"),  # Turkish dotless i
        ("ਕਰਜ਼ਾ", "ਕਰਜਾ"),  # Gurmukhi nukta dropped, vowel sign kept
        ("হাঁটা", fold("হাঁটা")),
        ("ЙОГА", "иога"),
        ("٣", "3"),  # Arabic-Indic digit
    ],
)
def test_fold_makes_what_phones_type_match_what_listings_say(typed, folded):
    assert fold(typed) == folded


def test_indic_words_keep_their_vowel_signs():
    assert fold("হাঁটা") != fold("হট")
    assert [token.text for token in language_analyzer("bn")("একাকীত্ব")]


def test_an_unknown_bengali_or_gurmukhi_word_finds_nothing_rather_than_everything(db_app):
    for text, language in (("কমলালেবুর", "bn"), ("ਸੰਤਰਿਆਂ", "pa")):
        results, _ = search(db_app, text=text, text_language=language)
        assert results.total == 0, text


@pytest.mark.parametrize("language", ("en", *SHIPPED))
def test_every_need_has_words_in_every_language(language):
    words = words_for(language)
    assert set(words) == set(all_needs()), language
    assert all(words[code] for code in words), language


def test_a_postcode_in_the_words_is_where_to_look():
    assert split_place("walking football near RM10") == ("RM10", "walking football")
    assert split_place("yoga in e8 1ag") == ("E8 1AG", "yoga")
    assert split_place("walking football") == (None, "walking football")


def test_a_page_languages_little_word_never_becomes_another_languages_need():
    # Polish "mam" (I have) is Spanish "mamá" folded and stemmed.
    needs = [found.need.code for found in understand("mam długi", "pl").needs]
    assert needs == ["money"]


def test_a_need_word_spelt_nearly_is_found_but_not_a_word_itself():
    assert need_spelt_nearly("tristesa", ("es", "en"))[0].code == "low-mood"
    assert need_spelt_nearly("sosinho", ("pt", "en"))[0].code == "loneliness"
    assert need_spelt_nearly("tristeza", ("es", "en")) is None  # spelt right: not "nearly"
    assert need_spelt_nearly("mum", ("en",)) is None  # too short to guess


def test_a_misspelt_need_says_what_it_searched_for(db_app):
    html = db_app.test_client().get("/es/search?q=tristesa").get_data(as_text=True)
    assert "<bdi>tristeza</bdi>" in html


def test_a_group_called_by_its_name_comes_first(db_app):
    results, found = search(db_app, text="Hackney Befrienders")
    assert all(activity.organisation.name == "Hackney Befrienders" for activity in found[:3])


def test_free_typed_with_words_is_the_free_filter(db_app):
    results, found = search(db_app, text="free yoga")
    assert found and all(activity.is_free for activity in found)
    assert results.total < search(db_app, text="yoga")[0].total
