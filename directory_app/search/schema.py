"""The Whoosh schema for activities, and how each language's words are analysed.

Every text analyzer splits words of any script (``WORD_PATTERN``), lowercases, leaves out
the language's little words, folds (``folding``: accents, points, nukta, digits) and then
stems: with Snowball where Whoosh has the language's stemmer (English, not Porter, which
turns "swimming" into "swimm" so "swim" misses it), otherwise by keeping a word's first
letters (``PrefixStemFilter``), which joins the inflected forms of Polish, Lithuanian,
Bulgarian or Bengali words well enough for search. Queries and the needs map go through
the same analyzers, so a word typed any of these ways meets the listing's.
Filter fields are keywords and numbers so every filter is an index lookup, not a Python loop.
"""

from functools import cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.lang import has_stemmer, has_stopwords

from directory_app.domain.vocabulary import ACTIVITY_LANGUAGES
from directory_app.search.folding import fold

# A word in any script. Python's \w leaves out combining marks, so Bengali, Gurmukhi and
# other Indic words (and vowelled Arabic or Yiddish) would split in the middle: "একাকী"
# became "এক" and "ক". The Indic blocks are taken whole, less the danda full stops.
WORD_PATTERN = (
    r"[\w'\-\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    r"\u0900-\u0963\u0966-\u0dff]+"
)

# Fields searched for the words a resident types, with their relative weights (BM25F).
# Few fields rather than one per source: every field multiplies the posting lists a
# query walks, and at 100,000 listings that was most of the time of a search.
TEXT_FIELD_BOOSTS = {
    "title": 4.0,
    "names": 3.0,  # the group's and venue's names, the street and the postcode
    "keywords": 2.0,  # the summary
    "body": 1.0,  # the description, the category and audience names, the area
}
# The fields that say what a listing is (not only mention): a need met here is met strongly.
DEFINING_FIELDS = ("title", "keywords")

# Listing text in other languages: one field per language, each with its own analyzer.
TRANSLATED_LANGUAGES = tuple(code for code in ACTIVITY_LANGUAGES if code not in ("en", "bfi"))
TRANSLATED_FIELD_BOOST = 2.0
# Words kept whole for "Did you mean": English's and each listing language's.
SPELLING_LANGUAGES = ("en", *TRANSLATED_LANGUAGES)


def translated_field(language: str) -> str:
    return f"text_{language}"


def spelling_field(language: str) -> str:
    return f"spelling_{language}"


class FoldFilter(Filter):
    """Folds each token (see ``folding``)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


class PrefixStemFilter(Filter):
    """A stemmer for languages Whoosh has none for: a word's first letters.

    Five letters join "samotny", "samotna" and "samotność" (Polish), "pieniądze" and
    "pieniędzy"; scripts whose vowels are separate signs (Indic, Arabic) get six.
    Shorter words stay whole.
    """

    def __call__(self, tokens):
        for token in tokens:
            text = token.text
            keep = 6 if any(character >= "\u0600" for character in text) else 5
            token.text = text[:keep]
            yield token


def _stemmer(language: str) -> Filter:
    return StemFilter(lang=language) if has_stemmer(language) else PrefixStemFilter()


@cache
def language_analyzer(language: str):
    """The analyzer of a language's listing text: words, lowercased, without the
    language's little words (where Whoosh has a list), folded and stemmed."""
    analyzer = RegexTokenizer(WORD_PATTERN) | LowercaseFilter()
    if has_stopwords(language):
        analyzer = analyzer | StopFilter(lang=language, minsize=1)
    return analyzer | FoldFilter() | _stemmer(language)


# Every other language's title of a listing, in one field, so "a listing called by the very
# words" is one lookup in any language. Folded and cut to first letters alike: no single
# stemmer fits twenty languages, and a title is short.
TITLES_FIELD = "titles"
TITLES_ANALYZER = (
    RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | FoldFilter() | PrefixStemFilter()
)


@cache
def matching_analyzer(language: str):
    """As ``language_analyzer`` but keeping little words: for matching the needs map's
    phrases ("mam doła") against what was typed."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | FoldFilter() | _stemmer(language)


ENGLISH = language_analyzer("en")


# Bump when analysis changes in a way field names do not show (an analyzer, a folding rule),
# so ``flask search reindex --if-stale`` rebuilds an index built by older code.
ANALYSIS_REVISION = 3


def schema_stamp() -> str:
    """What an index built by this code records about itself: the revision and the fields."""
    return f"{ANALYSIS_REVISION}:" + ",".join(sorted(build_schema().names()))


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
    text_fields[TITLES_FIELD] = TEXT(analyzer=TITLES_ANALYZER, field_boost=TRANSLATED_FIELD_BOOST)
    spelling_fields = {
        spelling_field(language): KEYWORD(lowercase=False) for language in SPELLING_LANGUAGES
    }
    return Schema(
        id=ID(stored=True, unique=True),
        **spelling_fields,
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
        # "Taking new people?": the group's state, and the day it said so (days since
        # 2000-01-01, 0 for never), so the filter and the order can tell a stale one.
        intake=KEYWORD,
        intake_confirmed=NUMERIC(int, sortable=True),
        # Compact JSON describing the schedule, read at query time to sort by next session.
        schedule=ID(sortable=True),
        **text_fields,
    )
