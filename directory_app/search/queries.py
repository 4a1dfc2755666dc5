"""Turn what a resident typed and picked into ranked, filtered, paginated results."""

import math
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np

from directory_app.domain.vocabulary import CATEGORIES, codes
from directory_app.geo.postcodes import METRES_PER_MILE, Point
from directory_app.search.filter_sets import (
    column_array,
    count_with,
    filter_mask,
    freshness_masks,
    live_mask,
)
from directory_app.search.index_store import searchers
from directory_app.search.next_sessions import minutes_until_next_session
from directory_app.search.scoring import score_each_group
from directory_app.search.words import spelling_suggestion, word_groups

SORTS = ("relevance", "distance", "next")
# Below this many results we look for a "Did you mean …?" spelling.
FEW_RESULTS = 3
# How much a listing that may be out of date counts against a fresh one.
STALE_WEIGHT = 0.5


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
    # The language the words are probably in: the page's. Its little words are left out.
    text_language: str = "en"


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
    # Words typed that no listing uses, left out so the rest could find something.
    ignored: tuple[str, ...] = ()
    # No listing had every word: these have the most of them.
    partial: bool = False

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


def _match_words(searcher, named_groups, allowed, live):
    """Which documents the typed words match, their scores, and what was relaxed.

    A word no listing uses at all is left out ("czuję" in "czuję się samotny"), so one
    unknown word does not empty the page. When no allowed listing has every remaining word,
    the listings with the most of them are shown instead, and the page says so.
    Returns (matched, scores, ignored words, partial).
    """
    per_group = score_each_group(searcher, [group for _word, group in named_groups], live)
    used = [matched.any() for matched, _scores in per_group]
    ignored = ()
    if any(used):
        ignored = tuple(word for (word, _g), ok in zip(named_groups, used, strict=True) if not ok)
        per_group = [result for result, ok in zip(per_group, used, strict=True) if ok]
    scores = sum(group_scores for _matched, group_scores in per_group)
    counts = sum(matched.astype(np.int16) for matched, _scores in per_group)
    matched = counts == len(per_group)
    if len(per_group) > 1 and not (matched & allowed).any():
        best = int((counts * allowed).max())
        if best > 0:
            return counts == best, scores, ignored, True
    return matched, scores, ignored, False


def find_activities(
    request: SearchRequest, index_dir: str, page_size: int, now: datetime
) -> SearchResults:
    """Search the index. ``now`` is local wall-clock time, for sorting by next session.

    Words are scored with BM25F (``scoring``); filters, distances and session times are
    arrays over the index's documents (``filter_sets``, ``next_sessions``).
    """
    searcher = searchers.searcher(index_dir)
    allowed = filter_mask(searcher, request)
    distances = None
    if request.location is not None and not request.online_only:
        allowed, distances = _inside_circle(searcher, allowed, request)
    live = live_mask(searcher)
    groups = word_groups(request.text, searcher, request.text_language)
    stale, hidden = freshness_masks(searcher, now.date())
    # Listings unconfirmed for 15 months leave search; their groups can still see them.
    allowed = (live if allowed is None else allowed) & ~hidden

    sort = request.sort
    if sort == "distance" and distances is None:
        sort = "relevance"
    if sort == "relevance" and not groups:
        # With nothing typed there is no relevance: nearest first, else soonest first.
        sort = "distance" if distances is not None else "next"

    ignored, partial = (), False
    if groups:
        matched, scores, ignored, partial = _match_words(searcher, groups, allowed, live)
        allowed = allowed & matched
        # Listings that may be out of date still show, lower down.
        scores = np.where(stale, scores * STALE_WEIGHT, scores)
    candidates = np.flatnonzero(allowed)
    if sort == "distance":
        keys = distances[candidates]
    elif sort == "next":
        keys = minutes_until_next_session(searcher, now)[candidates]
    else:
        keys = -scores[candidates]
    page = max(1, request.page)
    if sort == "relevance":
        ordered = candidates[np.lexsort((candidates, keys))]
    else:
        ordered = candidates[np.lexsort((candidates, keys, stale[candidates]))]
    docnums = ordered[(page - 1) * page_size : page * page_size].tolist()
    total = len(candidates)

    hits = [
        SearchHit(
            int(searcher.stored_fields(docnum)["id"]),
            None if distances is None else float(distances[docnum]),
        )
        for docnum in docnums
    ]
    suggestion = None
    if request.text.strip() and total < FEW_RESULTS:
        suggestion = spelling_suggestion(searcher, request.text)
    return SearchResults(
        total=total,
        page=page,
        page_size=page_size,
        hits=hits,
        suggestion=suggestion,
        ignored=ignored,
        partial=partial,
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


def category_counts(index_dir: str, today: date) -> dict[str, int]:
    """How many activities in search each category has, from the index."""
    searcher = searchers.searcher(index_dir)
    _stale, hidden = freshness_masks(searcher, today)
    return count_with(searcher, "category", codes(CATEGORIES), live_mask(searcher) & ~hidden)
