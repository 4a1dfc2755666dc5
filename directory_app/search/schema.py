"""The Whoosh schema for activities.

Text fields use ``LanguageAnalyzer("en")`` (Snowball stemming): Whoosh's ``StemmingAnalyzer``
uses the Porter stemmer, which turns "swimming" into "swimm" so a search for "swim" misses it.
Filter fields are keywords and numbers so every filter is an index lookup, not a Python loop.
"""

from functools import cache

from whoosh.analysis import (
    LanguageAnalyzer,
    LowercaseFilter,
    RegexTokenizer,
    StandardAnalyzer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.lang import has_stemmer, has_stopwords

from directory_app.domain.vocabulary import ACTIVITY_LANGUAGES

# A word in any script. Python's \w leaves out combining marks, so Bengali, Gurmukhi and
# other Indic words (and vowelled Arabic or Yiddish) would split in the middle: "একাকী"
# became "এক" and "ক". The Indic blocks are taken whole, less the danda full stops.
WORD_PATTERN = (
    r"[\w'\-\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    r"\u0900-\u0963\u0966-\u0dff]+"
)

# Fields searched for the words a resident types, with their relative weights (BM25F).
# Three fields rather than one per source: every field multiplies the posting lists a
# query walks, and at 100,000 listings that was most of the time of a search.
TEXT_FIELD_BOOSTS = {
    "title": 4.0,
    "keywords": 2.0,  # the summary and the category names
    "body": 1.0,  # the description, organisation and venue
}

ENGLISH = LanguageAnalyzer("en")
# Unstemmed words, so "Did you mean …?" suggests real words rather than stems.
SPELLING = StandardAnalyzer(expression=WORD_PATTERN, stoplist=None, minsize=3)

# Listing text in other languages: one field per language, each with its own analyzer.
TRANSLATED_LANGUAGES = tuple(code for code in ACTIVITY_LANGUAGES if code not in ("en", "bfi"))
TRANSLATED_FIELD_BOOST = 2.0


def translated_field(language: str) -> str:
    return f"text_{language}"


@cache
def language_analyzer(language: str):
    """Whoosh's stop words and Snowball stemmer where it has them (ar, es, pt, ro, tr, …);
    otherwise whole lowercased words, which still match the same word typed again."""
    analyzer = RegexTokenizer(WORD_PATTERN) | LowercaseFilter()
    if has_stopwords(language):
        analyzer = analyzer | StopFilter(lang=language)
    if has_stemmer(language):
        analyzer = analyzer | StemFilter(lang=language)
    return analyzer


def build_schema() -> Schema:
    """Return a fresh schema object (Whoosh schemas must not be shared between indexes)."""
    text_fields = {
        name: TEXT(analyzer=ENGLISH, field_boost=boost) for name, boost in TEXT_FIELD_BOOSTS.items()
    }
    text_fields.update(
        {
            translated_field(language): TEXT(
                analyzer=language_analyzer(language), field_boost=TRANSLATED_FIELD_BOOST
            )
            for language in TRANSLATED_LANGUAGES
        }
    )
    return Schema(
        id=ID(stored=True, unique=True),
        spelling=TEXT(analyzer=SPELLING),
        category=KEYWORD(commas=True),
        access=KEYWORD(commas=True),
        day=KEYWORD(commas=True),
        time=KEYWORD(commas=True),
        audience=KEYWORD(commas=True),
        language=KEYWORD(commas=True),
        free=BOOLEAN,
        online=BOOLEAN,
        located=BOOLEAN,
        # Signed on purpose: Whoosh-Reloaded 2.7.5 mis-answers open-ended ranges on
        # unsigned numeric fields ("age_min <= 14" also matched 16).
        age_min=NUMERIC(int, sortable=True),
        age_max=NUMERIC(int, sortable=True),
        # Grid squares of several sizes the venue lies in ("5:106:36"), so "near" is a few
        # term lookups; numeric range queries over coordinates were the slowest part of search.
        cells=KEYWORD(commas=True),
        easting=NUMERIC(int, sortable=True),
        northing=NUMERIC(int, sortable=True),
        # The day the listing was last confirmed correct, as days since 2000-01-01, so
        # search can rank stale listings lower and leave out very stale ones.
        confirmed=NUMERIC(int, sortable=True),
        # Compact JSON describing the schedule, read at query time to sort by next session.
        schedule=ID(sortable=True),
        **text_fields,
    )
