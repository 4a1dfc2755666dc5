"""BM25F scoring of the words a resident typed, vectorised over the index's documents.

Whoosh analyses, stores and serves the postings; this module reads each (field, term)
posting list once per searcher into arrays and scores with numpy, using Whoosh's own BM25F
formula and statistics (idf, average field length, stored field lengths, posting weights,
which include each field's boost). Whoosh's matchers score document by document in Python:
at 100,000 listings a two-word search spent ~75 ms there, which here is a few array sums.

A query is a list of *word groups*, one per word typed; a document should match every group
(``queries`` decides what to show when none does).
A group is a list of *options* (the word itself, or one of its needs-map words or phrases);
a document matches a group when it matches any option. An option is a list of *stems*, all
required ("coffee morning" needs both); a stem is a list of *alternatives* (the stem in
each text field, or a close spelling), any of which will do. A document's score is the sum
of boost × BM25F over the alternatives of the options it fully matches.
"""

from dataclasses import dataclass

import numpy as np

from directory_app.search import segments
from directory_app.search.index_store import per_searcher

# Whoosh's BM25F defaults.
B = 0.75
K1 = 1.2
# Postings kept per searcher before the cache is emptied (each is two small arrays).
MAX_CACHED_POSTINGS = 5000


@dataclass(frozen=True)
class Alternative:
    fieldname: str
    text: str
    boost: float


def field_lengths(searcher, fieldname: str) -> np.ndarray:
    """Every document's stored length of a field (Whoosh's approximate token count)."""
    return segments.per_document(
        searcher,
        ("lengths", fieldname),
        lambda reader: segments.field_lengths(reader, fieldname),
        np.zeros(0),
    )


def postings(searcher, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and weights of a term's postings (empty arrays for an unknown term)."""
    cache = per_searcher(searcher).setdefault("postings", {})
    key = (fieldname, text)
    if key not in cache:
        if len(cache) >= MAX_CACHED_POSTINGS:
            cache.clear()
        docnums, weights = [], []
        for reader, offset in segments.leaves(searcher):
            ids, values = segments.cached(
                reader,
                ("postings", fieldname, text),
                lambda reader=reader: segments.postings(reader, fieldname, text),
            )
            docnums.append(ids + offset)
            weights.append(values)
        cache[key] = (
            np.concatenate(docnums) if docnums else np.empty(0, dtype=np.int64),
            np.concatenate(weights) if weights else np.empty(0),
        )
    return cache[key]


# Keyword fields a need can ask for (a category, an audience): being in one is a yes or
# no, so each listing in it scores the alternative's boost.
KEYWORD_FIELDS = ("category", "audience")


def _bm25(searcher, alternative: Alternative):
    docnums, scores = _term_scores(searcher, alternative.fieldname, alternative.text)
    return docnums, alternative.boost * scores


def _term_scores(searcher, fieldname: str, text: str):
    """Document numbers and BM25F scores (before the alternative's boost) of one term, kept
    with the searcher: a need's words are scored in every search for it."""
    cache = per_searcher(searcher).setdefault("term_scores", {})
    key = (fieldname, text)
    if key not in cache:
        if len(cache) >= MAX_CACHED_POSTINGS:
            cache.clear()
        docnums, weights = postings(searcher, fieldname, text)
        if not len(docnums):
            scores = weights
        elif fieldname in KEYWORD_FIELDS:
            scores = np.ones(len(docnums))
        else:
            idf = searcher.idf(fieldname, text)
            average = searcher.avg_field_length(fieldname) or 1
            lengths = field_lengths(searcher, fieldname)[docnums]
            scores = idf * (
                (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / average))
            )
        cache[key] = (docnums, scores)
    return cache[key]


Stem = list[Alternative]
Option = list[Stem]
WordGroup = list[Option]


def score_each_group(searcher, groups: list[WordGroup], live: np.ndarray):
    """For each group, which documents match it and their scores (arrays over documents)."""
    count = len(live)
    results = []
    for group in groups:
        group_matched = np.zeros(count, dtype=bool)
        group_scores = np.zeros(count)
        for option in group:
            option_matched = np.ones(count, dtype=bool)
            option_scores = np.zeros(count)
            for stem in option:
                stem_matched = np.zeros(count, dtype=bool)
                for alternative in stem:
                    docnums, term_scores = _bm25(searcher, alternative)
                    if len(docnums):
                        # A posting list holds each document once: indexed addition is safe.
                        option_scores[docnums] += term_scores
                        stem_matched[docnums] = True
                option_matched &= stem_matched
            group_scores += np.where(option_matched, option_scores, 0.0)
            group_matched |= option_matched
        results.append((group_matched & live, group_scores))
    return results
