"""Filters as cached boolean arrays over the index's documents.

Every filter value ("access: step-free", "day: tue", a grid square) becomes an array with
one flag per document, read from the index once per searcher and kept on it. Combining
filters is then array arithmetic. Whoosh would otherwise walk each filter's posting list
in Python on every search: at 100,000 listings that was most of a filtered search's time.
Arrays are read segment by segment and kept per segment (``segments``), so a new searcher
after an edit reads only the edit's small segment.
"""

from datetime import date

import numpy as np

from directory_app.domain.freshness import hidden_on_or_before, stale_on_or_before
from directory_app.geo.postcodes import METRES_PER_MILE
from directory_app.search import segments
from directory_app.search.documents import DAY_ZERO, cells_covering


def _doc_count(searcher) -> int:
    return searcher.reader().doc_count_all()


def term_mask(searcher, fieldname: str, value) -> np.ndarray:
    """Which documents have this value in this field."""
    return segments.per_document(
        searcher,
        ("term", fieldname, value),
        lambda reader: segments.term_docs(reader, fieldname, value),
        np.zeros(0, dtype=bool),
    )


def live_mask(searcher) -> np.ndarray:
    """Which document numbers are live (not deleted)."""
    return segments.live_mask(searcher)


def column_array(searcher, fieldname: str) -> np.ndarray:
    """A sortable numeric field's value for every document."""

    def read(reader):
        count = reader.doc_count_all()
        return np.fromiter(reader.column_reader(fieldname), dtype=np.float64, count=count)

    return segments.per_document(searcher, ("column", fieldname), read, np.zeros(0))


def _any_of(searcher, fieldname: str, values) -> np.ndarray:
    masks = [term_mask(searcher, fieldname, value) for value in values]
    return np.logical_or.reduce(masks) if len(masks) > 1 else masks[0]


def filter_mask(searcher, request) -> np.ndarray | None:
    """Documents passing every filter of the request, or None when there are none.

    The location filter here is the grid squares around the circle; the exact distance is
    checked by the caller.
    """
    masks = []
    # A venue must have every accessibility feature asked for.
    masks += [term_mask(searcher, "access", code) for code in request.access]
    if request.categories:
        masks.append(_any_of(searcher, "category", request.categories))
    if request.days:
        masks.append(_any_of(searcher, "day", request.days))
    if request.times:
        masks.append(_any_of(searcher, "time", request.times))
    if request.free_only:
        masks.append(term_mask(searcher, "free", True))
    if request.online_only:
        masks.append(term_mask(searcher, "online", True))
    if request.audience:
        masks.append(term_mask(searcher, "audience", request.audience))
    if request.language:
        masks.append(term_mask(searcher, "language", request.language))
    if request.age is not None:
        masks.append(column_array(searcher, "age_min") <= request.age)
        masks.append(column_array(searcher, "age_max") >= request.age)
    if request.location is not None and not request.online_only:
        radius = request.within_miles * METRES_PER_MILE
        cells = cells_covering(request.location.easting, request.location.northing, radius)
        masks.append(_any_of(searcher, "cells", cells))
    if not masks:
        return None
    combined = np.logical_and.reduce(masks) if len(masks) > 1 else masks[0].copy()
    return combined & live_mask(searcher)


def count_with(searcher, fieldname: str, values, among: np.ndarray) -> dict[str, int]:
    """How many of the given documents have each value (e.g. activities per category)."""
    return {value: int((term_mask(searcher, fieldname, value) & among).sum()) for value in values}


def freshness_masks(searcher, today: date) -> tuple[np.ndarray, np.ndarray]:
    """(may be out of date, hidden from search) for every document, as of ``today``."""
    confirmed = column_array(searcher, "confirmed")
    stale = (stale_on_or_before(today) - DAY_ZERO).days
    hidden = (hidden_on_or_before(today) - DAY_ZERO).days
    return confirmed <= stale, confirmed <= hidden
