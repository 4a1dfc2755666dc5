"""The Whoosh schema for activities.

Text fields use ``LanguageAnalyzer("en")`` (Snowball stemming): Whoosh's ``StemmingAnalyzer``
uses the Porter stemmer, which turns "swimming" into "swimm" so a search for "swim" misses it.
Filter fields are keywords and numbers so every filter is an index lookup, not a Python loop.
"""

from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer
from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, TEXT, Schema

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
SPELLING = StandardAnalyzer(stoplist=None, minsize=3)


def build_schema() -> Schema:
    """Return a fresh schema object (Whoosh schemas must not be shared between indexes)."""
    text_fields = {
        name: TEXT(analyzer=ENGLISH, field_boost=boost) for name, boost in TEXT_FIELD_BOOSTS.items()
    }
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
