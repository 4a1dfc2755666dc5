"""Turn what a resident typed and picked into ranked, filtered, paginated results."""

import dataclasses
import math
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np

from directory_app.domain.vocabulary import CATEGORIES, codes
from directory_app.geo.postcodes import METRES_PER_MILE, Point
from directory_app.search.concepts import combine, concepts_of
from directory_app.search.filter_sets import (
    column_array,
    count_with,
    filter_mask,
    freshness_masks,
    live_mask,
    term_mask,
)
from directory_app.search.index_store import searchers
from directory_app.search.intake_filter import intake_rank, taking_mask
from directory_app.search.next_sessions import minutes_until_next_session
from directory_app.search.understanding import understand
from directory_app.search.words import named

SORTS = ("relevance", "distance", "next")
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
    # "Taking new people?" (``intake_filter.TAKING_CHOICES``), or "" for any.
    taking: str = ""
    sort: str = "relevance"
    page: int = 1
    # The language the words are probably in: the page's. Its little words are left out.
    text_language: str = "en"
    # Also the listings that meet a need only loosely ("more that may help").
    wide: bool = False
    # Search for the words as typed: no correction of typos.
    exact: bool = False


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
    # What was searched for instead of what was typed, when a typo was corrected.
    suggestion: str | None = None
    # Words typed that no listing uses, left out so the rest could find something.
    ignored: tuple[str, ...] = ()
    # No listing had every word: these have the most of them.
    partial: bool = False
    # A need was asked for: how many more listings meet it loosely ("more that may help").
    more: int = 0

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


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
    stale, hidden = freshness_masks(searcher, now.date())
    # Listings unconfirmed for 15 months leave search; their groups can still see them.
    allowed = (live if allowed is None else allowed) & ~hidden
    if request.taking:
        allowed = allowed & taking_mask(searcher, request.taking, now.date())

    understood = understand(request.text, request.text_language)
    if understood.free and not request.free_only:
        # "free" typed among the words: the same as ticking "Free".
        allowed = allowed & _free_mask(searcher)
    concepts, ignored, corrected = concepts_of(request, understood, searcher, live, allowed)
    sort = request.sort
    if sort == "distance" and distances is None:
        sort = "relevance"
    if sort == "relevance" and not concepts:
        # With nothing typed there is no relevance: nearest first, else soonest first.
        sort = "distance" if distances is not None else "next"

    partial, more = False, 0
    if concepts:
        matched, scores, partial = combine(concepts, allowed)
        called = named(understood.words, searcher, len(live))
        if called is not None and (called & allowed & matched).any():
            # A group's own name typed: its listings first, whatever else the words match.
            scores = scores + np.where(called, float(scores.max()) + 1.0, 0.0)
        if not request.wide and any(concept.need for concept in concepts):
            more = _more_that_may_help(request, understood, searcher, live, allowed, matched)
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
    # Of listings otherwise equal, those with room first, then waiting lists, then full.
    room = intake_rank(searcher, now.date())[candidates]
    if sort == "relevance":
        ordered = candidates[np.lexsort((candidates, room, keys))]
    else:
        ordered = candidates[np.lexsort((candidates, room, keys, stale[candidates]))]
    docnums = ordered[(page - 1) * page_size : page * page_size].tolist()
    total = len(candidates)

    hits = [
        SearchHit(
            int(searcher.stored_fields(docnum)["id"]),
            None if distances is None else float(distances[docnum]),
        )
        for docnum in docnums
    ]
    return SearchResults(
        total=total,
        page=page,
        page_size=page_size,
        hits=hits,
        suggestion=corrected,
        ignored=ignored,
        partial=partial,
        more=more,
    )


def _more_that_may_help(request, understood, searcher, live, allowed, matched) -> int:
    """How many more listings the needs asked for would find, taken loosely."""
    wide_request = dataclasses.replace(request, wide=True)
    concepts, _ignored, _corrected = concepts_of(wide_request, understood, searcher, live, allowed)
    wide, _scores, _partial = combine(concepts, allowed)
    return int((wide & allowed & ~matched).sum())


def _free_mask(searcher):
    return term_mask(searcher, "free", True)


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
