"""Search by "Taking new people?", and its place in the order of results.

What a listing shows depends on the day (a waiting list or "full" not confirmed lately shows
as "ask the group"), so the index keeps the group's state and the day it said it, and this
module asks ``domain.intake`` where today's line between fresh and stale falls: the filter
and the order then agree with what each card says.
"""

from datetime import date

import numpy as np

from directory_app.domain.intake import FULL, OPEN, WAITING_LIST, fresh_since
from directory_app.search.documents import DAY_ZERO
from directory_app.search.filter_sets import column_array, term_mask

# The URL's ``taking``: taking new people now, or that or a waiting list.
TAKING_NOW = "now"
TAKING_OR_WAITING = "waiting"
TAKING_CHOICES = (TAKING_NOW, TAKING_OR_WAITING)


def _fresh(searcher, today: date) -> np.ndarray:
    cutoff = (fresh_since(today) - DAY_ZERO).days
    return column_array(searcher, "intake_confirmed") >= cutoff


def taking_mask(searcher, taking: str, today: date) -> np.ndarray:
    """Listings shown as taking new people (and, for ``TAKING_OR_WAITING``, those shown
    with a waiting list). A stale waiting list shows "ask the group", so it is left out."""
    allowed = term_mask(searcher, "intake", OPEN)
    if taking == TAKING_OR_WAITING:
        allowed = allowed | (term_mask(searcher, "intake", WAITING_LIST) & _fresh(searcher, today))
    return allowed


def intake_rank(searcher, today: date) -> np.ndarray:
    """For ordering results that are otherwise equal: 0 for a listing with room (or that
    may have it), 1 for a waiting list, 2 for full, fresh or stale. A stale "full" is shown
    as "ask the group" but is still more likely full than one never said to be."""
    waiting = term_mask(searcher, "intake", WAITING_LIST) & _fresh(searcher, today)
    full = term_mask(searcher, "intake", FULL)
    return np.where(full, 2, np.where(waiting, 1, 0))
