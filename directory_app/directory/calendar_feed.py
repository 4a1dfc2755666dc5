"""A calendar to subscribe to for any search: the sessions of the activities it finds.

The feed's address is the results page's with ``/calendar.ics`` added, and its query string
is read by the same code (``search_params.parse_search``), so the feed always holds the
listings that search shows, in the same order, as they are when the calendar app next asks.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from directory_app.directory.listings import activities_in_order
from directory_app.directory.search_page import ResultsView, SearchPage
from directory_app.directory.search_params import parse_search
from directory_app.i18n.formatting import listed
from directory_app.models import Activity
from directory_app.search.queries import SearchResults, find_activities

# The first results only. A calendar app downloads the whole feed every time it polls, and
# a search that matches everything (no words, no filters) would otherwise send every
# listing: 200 is some forty pages of results, far more than anyone scrolls through, and
# keeps the file to a few hundred kilobytes and its making to a fraction of a second.
FEED_SIZE = 200
# Not part of a feed's address: a feed always starts from the first result.
PAGE_PARAMETER = "page"


@dataclass
class SearchFeed:
    """What a search's calendar holds: its name in words and the activities, best first."""

    name: str
    activities: list[Activity]
    total: int  # how many the search found, of which the feed holds at most FEED_SIZE


def feed_arguments(args: MultiDict) -> MultiDict:
    """A search's query string as its feed's (without the page number)."""
    kept = MultiDict(args)
    kept.poplist(PAGE_PARAMETER)
    return kept


def search_feed(args: MultiDict, now: datetime) -> SearchFeed:
    """The activities a search finds (the first ``FEED_SIZE``) and the search in words.

    Raises ``IndexMissing`` when there is no search index: an empty calendar would make a
    calendar app delete every session it holds, where an error makes it keep them.
    """
    parsed = parse_search(feed_arguments(args), current_app.config["DEFAULT_RADIUS_MILES"])
    parsed.request.page = 1
    if parsed.outside_area:
        results = SearchResults(0, 1, FEED_SIZE, [])
    else:
        results = find_activities(
            parsed.request, current_app.config["SEARCH_INDEX_DIR"], FEED_SIZE, now
        )
    activities = activities_in_order([hit.activity_id for hit in results.hits])
    page = SearchPage(parsed=parsed, view=ResultsView(results, []), args=MultiDict(args))
    return SearchFeed(_search_in_words(page), activities, results.total)


def _search_in_words(page: SearchPage) -> str:
    """The search in words, as in "Activities: “coffee”, Tuesday and Free only": the words
    typed, then each filter as the results page names it above its results."""
    parts = []
    if page.request.text:
        # i18n: the words someone searched for, in the quotation marks of the language.
        parts.append(_("“{words}”").format(words=page.request.text))
    # The results page's own names for the filters, so the two never disagree; a calendar
    # name is plain text, so without the page's <bdi> around a place.
    parts += [
        text.striptags() if isinstance(text, Markup) else text
        for text in (active.text for active in page.filters_in_use())
    ]
    if not parts:
        return _("All activities")
    return _("Activities: {search}").format(search=listed(parts))
