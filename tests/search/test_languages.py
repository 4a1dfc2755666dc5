"""Search in the languages listings are written in, and the needs map in every shipped language."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Activity, ActivityTranslation
from directory_app.search.needs import words_for
from directory_app.search.schema import language_analyzer
from directory_app.search.understanding import words_of
from tests.search.helpers import search

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = (
    "pl",
    "ro",
    "bn",
    "ur",
    "pa",
    "tr",
    "lt",
    "pt",
    "es",
    "ar",
    "so",
    "bg",
    "fr",
    "it",
    "ru",
    "sq",
    "ku",
    "gu",
    "ta",
    "yi",
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("piłka", "walking-football-"),  # Polish: whole words (Whoosh has no Polish stemmer)
        ("konwersacji", "english-conversation-"),
        ("fotbal", "walking-football-"),  # Romanian, stemmed
        ("caminatas", "health-walk-"),  # Spanish plural, stemmed to the singular's stem
        ("الديون", "debt-advice-drop-in-"),  # Arabic with the article, stemmed
        ("رہنمائی", "health-walk-"),  # Urdu ("guided")
        ("হাঁটা", "health-walk-"),  # Bengali ("walking"): the vowel signs stay inside the word
        ("ਫੁੱਟਬਾਲ", "walking-football-"),  # Panjabi (Gurmukhi), likewise
        ("sohbet", "english-conversation-"),  # Turkish
    ],
)
def test_query_in_a_language_finds_the_translated_listings(db_app, query, expected):
    results, found = search(db_app, text=query)
    assert found, query
    assert found[0].key.startswith(expected), (query, [a.key for a in found[:5]])


@pytest.mark.parametrize(
    ("query", "category"),
    [
        ("samotny", "social-befriending"),
        ("singurătate", "social-befriending"),
        ("একাকী", "social-befriending"),
        ("تنہائی", "social-befriending"),
        ("ਇਕੱਲਾ", "social-befriending"),
        ("yalnızlık", "social-befriending"),
        ("vienatvė", "social-befriending"),
        ("solidão", "social-befriending"),
        ("soledad", "social-befriending"),
        ("الوحدة", "social-befriending"),
        ("kelinaan", "social-befriending"),
        ("самота", "social-befriending"),
        ("długi", "money-debt"),
        ("الديون", "money-debt"),
    ],
)
def test_needs_words_in_every_language_find_english_listings(db_app, query, category):
    results, found = search(db_app, text=query)
    assert results.total >= 3, query
    assert category in found[0].category_codes, (query, found[0].key)


def test_what_each_language_analyzer_really_does():
    """Whoosh stems some languages; the rest keep a word's first letters. All fold first."""
    assert [t.text for t in language_analyzer("es")("caminatas")] == ["caminat"]
    assert [t.text for t in language_analyzer("ar")("الديون")] == ["دين"]  # article and plural off
    assert [t.text for t in language_analyzer("ro")("plimbări")] == ["plimbar"]
    # No Polish, Bengali or Urdu stemmer: the first five letters (six in Indic and
    # Arabic scripts, whose vowels are separate signs), so inflected forms meet.
    polish = {
        t.text
        for word in ("Samotność", "samotny", "samotna")
        for t in language_analyzer("pl")(word)
    }
    assert polish == {"samot"}
    assert [t.text for t in language_analyzer("bn")("একাকী")] == ["একাকী"]
    assert [t.text for t in language_analyzer("ur")("تنہائی")] == ["تنهايي"]
    assert words_of("ਇਕੱਲਾ ਮਹਿਸੂਸ") == ["ਇਕੱਲਾ", "ਮਹਿਸੂਸ"]


def test_a_new_translation_is_searchable_after_commit(db_app):
    with db_app.app_context():
        activity = db.session.scalar(select(Activity).where(Activity.key.like("men-in-sheds-%")))
        activity.translations.append(
            ActivityTranslation(language="lt", title="Vyrų dirbtuvės", summary="Meistraukite")
        )
        commit()
        key = activity.key
    _, found = search(db_app, text="dirbtuvės")
    assert [a.key for a in found] == [key]


@pytest.mark.parametrize(
    ("language", "phrase", "left_out"),
    [
        ("en", "I feel lonely", ()),  # "I" and "feel" are little words
        ("pl", "czuję się samotny", ()),
        ("es", "me siento solo", ("siento",)),  # no listing says "siento"
        ("ro", "mă simt singur", ()),
        ("tr", "yalnız hissediyorum", ()),  # the needs map has the whole phrase
        ("ar", "أشعر بالوحدة", ()),
        ("lt", "jaučiuosi vienišas", ()),
    ],
)
def test_a_sentence_in_the_pages_language_finds_what_its_key_word_finds(
    db_app, language, phrase, left_out
):
    """Residents type how they feel; a word no listing uses must not empty the page."""
    results, found = search(db_app, text=phrase, text_language=language)
    assert results.total >= 3, phrase
    assert "social-befriending" in found[0].category_codes, (phrase, found[0].key)
    assert results.ignored == left_out


def test_words_nothing_uses_still_find_nothing(db_app):
    results, found = search(db_app, text="zzyzx qwerty", text_language="en")
    assert results.total == 0 and results.ignored == ()


def test_a_little_word_alone_is_still_searched(db_app):
    # Only stop words typed: they are kept, so the search is not silently "everything".
    everything, _ = search(db_app, text="", text_language="pl")
    results, _ = search(db_app, text="się", text_language="pl")
    assert results.total < everything.total


@pytest.mark.parametrize("language", SHIPPED)
def test_the_interfaces_own_words_for_needs_are_searchable(language):
    """Each reason a resident can tick, in their language, shares a word with the needs map."""
    with (ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    needs = {
        word.lower()
        for words in words_for(language).values()
        for phrase in words
        for word in words_of(phrase)
    }
    for label in ("Feeling lonely or isolated", "Anxiety or stress", "Money and debt"):
        translated = catalogue[label].string
        assert set(words_of(translated)) & needs, (language, translated)


def test_the_results_page_says_which_words_were_left_out(db_app):
    html = db_app.test_client().get("/tr/search?q=yalnız+zzyzx").get_data(as_text=True)
    assert "Hiçbir ilan <bdi>zzyzx</bdi> kelimesini kullanmıyor" in html
    english = db_app.test_client().get("/search?q=lonely+zzyzx").get_data(as_text=True)
    assert "No listing uses the word <bdi>zzyzx</bdi>, so we searched without it." in english


def test_when_no_listing_has_every_word_the_ones_with_most_are_shown(db_app):
    """'walking football for older men': no listing says all of it, but some say most."""
    strict, _ = search(db_app, text="walking football")
    assert strict.total and not strict.partial
    results, found = search(db_app, text="walking football zebra", text_language="en")
    # "zebra" is used by no listing: left out, and the rest must all match.
    assert results.ignored == ("zebra",) and not results.partial
    assert results.total == strict.total
    # Two words each used somewhere, never together: the listings with one of them show.
    together, _ = search(db_app, text="football gardening")
    football, _ = search(db_app, text="football")
    gardening, _ = search(db_app, text="gardening")
    assert together.partial and together.total == football.total + gardening.total


def test_the_page_says_when_results_have_only_most_of_the_words(db_app):
    html = db_app.test_client().get("/search?q=football+gardening").get_data(as_text=True)
    assert "No listing has all the words you typed. These have the most of them." in html
    polish = db_app.test_client().get("/pl/search?q=football+gardening").get_data(as_text=True)
    assert "Żadne ogłoszenie nie zawiera wszystkich wpisanych słów." in polish
