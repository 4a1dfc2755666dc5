"""Turn what a resident typed and picked into ranked, filtered, paginated results."""

import json
import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib.resources import files

import numpy as np
from whoosh import collectors, spelling
from whoosh import query as q

from directory_app.geo.postcodes import METRES_PER_MILE, Point
from directory_app.search.filter_sets import column_array, filter_mask, live_mask
from directory_app.search.index_store import searchers
from directory_app.search.next_sessions import NextSessionFacet, minutes_until_next_session
from directory_app.search.schema import ENGLISH, TEXT_FIELD_BOOSTS

SORTS = ("relevance", "distance", "next")
# Below this many results we look for a "Did you mean …?" spelling.
FEW_RESULTS = 3
# How much a needs-map word counts compared with the word the resident typed.
SYNONYM_WEIGHT = 0.5
FUZZY_WEIGHT = 0.6
_WORD_RE = re.compile(r"[\w'-]+", re.UNICODE)


@dataclass
class SearchRequest:
    """A validated search: every field comes from the URL, so searches can be shared."""

    text: str = ""
    location: Point | None = None
    within_miles: float = 3.0
    access: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    days: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    free_only: bool = False
    age: int | None = None
    audience: str | None = None
    language: str | None = None
    online_only: bool = False
    sort: str = "relevance"
    page: int = 1


@dataclass
class SearchHit:
    activity_id: int
    distance_miles: float | None = None


@dataclass
class SearchResults:
    total: int
    page: int
    page_size: int
    hits: list[SearchHit]
    suggestion: str | None = None

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


@lru_cache(maxsize=1)
def needs_map() -> dict[str, list[str]]:
    """The curated needs/synonym map (``needs.json``), lowercased, all languages merged."""
    data = json.loads((files("directory_app.search") / "needs.json").read_text("utf-8"))
    merged: dict[str, list[str]] = {}
    for language, entries in data.items():
        if language.startswith("_"):
            continue
        for word, alternatives in entries.items():
            merged.setdefault(word.lower(), []).extend(alternatives)
    return merged


def words_of(text: str) -> list[str]:
    """The words in what the resident typed, lowercased, at most 12 of them."""
    return [word.lower().strip("'-") for word in _WORD_RE.findall(text)][:12]


def _stems(text: str) -> list[str]:
    return [token.text for token in ENGLISH(text)]


def _phrase_query(text: str, boost: float, searcher, fuzzy: bool) -> q.Query | None:
    """Match a word or short phrase in any text field; None if it is only stop words."""
    stems = _stems(text)
    if not stems:
        return None
    per_stem = []
    for stem in stems:
        alternatives = [
            q.Term(name, stem, boost=boost * weight) for name, weight in TEXT_FIELD_BOOSTS.items()
        ]
        if fuzzy and len(stem) >= 4 and not _known_stem(searcher, stem):
            # A word no listing uses is probably misspelt: allow one edit, keeping its first letter.
            alternatives += [
                q.FuzzyTerm(
                    name, stem, boost=boost * weight * FUZZY_WEIGHT, maxdist=1, prefixlength=1
                )
                for name, weight in TEXT_FIELD_BOOSTS.items()
            ]
        per_stem.append(q.Or(alternatives))
    return per_stem[0] if len(per_stem) == 1 else q.And(per_stem)


def _known_stem(searcher, stem: str) -> bool:
    reader = searcher.reader()
    return any(reader.doc_frequency(name, stem) for name in TEXT_FIELD_BOOSTS)


def text_query(text: str, searcher) -> q.Query | None:
    """All the words must match (in some field), each word or one of its needs-map words."""
    clauses = []
    for word in words_of(text):
        options = [_phrase_query(word, 1.0, searcher, fuzzy=True)]
        for alternative in needs_map().get(word, []):
            options.append(_phrase_query(alternative, SYNONYM_WEIGHT, searcher, fuzzy=False))
        options = [option for option in options if option is not None]
        if options:
            clauses.append(options[0] if len(options) == 1 else q.Or(options))
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else q.And(clauses)


def _spelling_suggestion(searcher, text: str) -> str | None:
    """A corrected version of the text, if any word is unknown and has a close match."""
    # The needs map's words first ("lonley" -> "lonely"), then words from the listings.
    # (Whoosh's MultiCorrector would merge them, but it mixes up scores and words.)
    correctors = [spelling.ListCorrector(sorted(needs_map())), searcher.corrector("spelling")]
    reader = searcher.reader()
    corrected = []
    changed = False
    for word in words_of(text):
        if len(word) < 3 or reader.doc_frequency("spelling", word) or word in needs_map():
            corrected.append(word)
            continue
        suggestions = [
            found
            for corrector in correctors
            for found in corrector.suggest(word, limit=1, maxdist=2, prefix=1)
        ]
        if suggestions:
            corrected.append(suggestions[0])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


def find_activities(
    request: SearchRequest, index_dir: str, page_size: int, now: datetime
) -> SearchResults:
    """Search the index. ``now`` is local wall-clock time, for sorting by next session.

    Whoosh scores the words; filters, distances and session times are arrays over the
    index's documents (see ``filter_sets`` and ``next_sessions``).
    """
    searcher = searchers.searcher(index_dir)
    words = text_query(request.text, searcher) if request.text.strip() else None
    allowed = filter_mask(searcher, request)
    distances = None
    if request.location is not None and not request.online_only:
        allowed, distances = _inside_circle(searcher, allowed, request)

    sort = request.sort
    if sort == "distance" and distances is None:
        sort = "relevance"
    if sort == "relevance" and words is None:
        # With nothing typed there is no relevance: nearest first, else soonest first.
        sort = "distance" if distances is not None else "next"

    page = max(1, request.page)
    if words is None:
        # Only filters: no scoring needed, so order the allowed documents directly.
        candidates = np.flatnonzero(allowed if allowed is not None else live_mask(searcher))
        if sort == "distance":
            keys = distances[candidates]
        else:
            keys = minutes_until_next_session(searcher, now)[candidates]
        ordered = candidates[np.lexsort((candidates, keys))]
        docnums = ordered[(page - 1) * page_size : page * page_size].tolist()
        total = len(candidates)
    elif sort == "distance":
        matching = np.fromiter(searcher.docs_for_query(words), dtype=np.int64)
        candidates = matching[allowed[matching]]
        ordered = candidates[np.lexsort((candidates, distances[candidates]))]
        docnums = ordered[(page - 1) * page_size : page * page_size].tolist()
        total = len(candidates)
    else:
        sortedby = None
        if sort == "next":
            sortedby = NextSessionFacet(minutes_until_next_session(searcher, now))
        allow = None if allowed is None else set(np.flatnonzero(allowed).tolist())
        docnums, total = _one_page(searcher, words, allow, sortedby, page, page_size)

    hits = [
        SearchHit(
            int(searcher.stored_fields(docnum)["id"]),
            None if distances is None else float(distances[docnum]),
        )
        for docnum in docnums
    ]
    suggestion = None
    if request.text.strip() and total < FEW_RESULTS:
        suggestion = _spelling_suggestion(searcher, request.text)
    return SearchResults(
        total=total, page=page, page_size=page_size, hits=hits, suggestion=suggestion
    )


def _inside_circle(searcher, allowed, request):
    """Narrow the allowed documents (already within the grid squares) to the circle.

    Returns the narrowed mask and each document's distance in miles (inf outside).
    """
    point = request.location
    candidates = np.flatnonzero(allowed)
    eastings = column_array(searcher, "easting")[candidates]
    northings = column_array(searcher, "northing")[candidates]
    miles = np.hypot(eastings - point.easting, northings - point.northing) / METRES_PER_MILE
    distances = np.full(len(allowed), np.inf)
    distances[candidates] = miles
    return distances <= request.within_miles, distances


def _one_page(searcher, words, allow, sortedby, page: int, page_size: int):
    """Score the words; return one page's document numbers and the exact total, in one pass.

    Whoosh's default collector skips blocks and swaps in pruned matchers once its top N is
    full, then counts with a second pass (and was seen to undercount); with those
    optimisations off (``replace=0``) one pass gives both the top N and the exact count.
    """
    limit = page * page_size
    if sortedby is None:
        collector = collectors.TopCollector(limit=limit, usequality=False, replace=0)
    else:
        collector = searcher.collector(limit=limit, sortedby=sortedby)
    if allow is not None:
        collector = collectors.FilterCollector(collector, allow=allow)
    searcher.search_with_collector(words, collector)
    results = collector.results()
    shown = range((page - 1) * page_size, min(limit, results.scored_length()))
    return [results.docnum(position) for position in shown], len(results)
