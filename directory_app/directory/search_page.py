"""Everything the results page shows: results, filters, pagination and removal links.

Building it here keeps the view thin and lets tests check the page's logic without HTML.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from directory_app.directory.result_cards import result_rows
from directory_app.directory.search_params import RADIUS_CHOICES, ParsedSearch, parse_search
from directory_app.domain.vocabulary import TIMES_OF_DAY, WEEKDAY_CODES, term_by_code
from directory_app.i18n.formatting import within_of_place_in_html
from directory_app.i18n.labels import label, language_name
from directory_app.search.index_store import IndexMissing
from directory_app.search.intake_filter import TAKING_NOW
from directory_app.search.queries import SearchRequest, SearchResults, find_activities

log = logging.getLogger(__name__)

# Fields of the filter panel that can hold a mistake (the place is among the filters).
FILTER_FIELDS = {"near", "age"}


@dataclass
class ResultsView:
    results: SearchResults
    rows: list
    unavailable: bool = False


@dataclass
class ActiveFilter:
    text: str
    remove_url: str


@dataclass
class SearchPage:
    parsed: ParsedSearch
    view: ResultsView
    args: MultiDict
    base_endpoint: str = "directory.search"
    active_filters: list[ActiveFilter] = field(default_factory=list)

    @classmethod
    def from_args(cls, args: MultiDict, now: datetime, base_endpoint: str = "directory.search"):
        parsed = parse_search(args, current_app.config["DEFAULT_RADIUS_MILES"])
        page_size = current_app.config["RESULTS_PER_PAGE"]
        if parsed.outside_area:
            # No listing is near a place outside the area: say so, rather than list them all.
            view = ResultsView(SearchResults(0, 1, page_size, []), [])
        else:
            view = run_search(parsed.request, page_size, now)
            last = view.results.page_count
            if view.results.total and parsed.request.page > last:
                # A page past the end (an old link, fewer listings now): show the last page,
                # as "Page 15 of 15" says, rather than "150 results" above none of them.
                parsed.request.page = last
                view = run_search(parsed.request, page_size, now)
        page = cls(parsed=parsed, view=view, args=MultiDict(args), base_endpoint=base_endpoint)
        page.active_filters = page.filters_in_use()
        return page

    @property
    def request(self) -> SearchRequest:
        return self.parsed.request

    @property
    def filter_count(self) -> int:
        """How many filters are on (the place among them), for the "Filters (2)" control."""
        return len(self.active_filters)

    @property
    def filters_open(self) -> bool:
        """The panel opens by itself only to show a mistake in it: open, it would push the
        results several screens down on a phone."""
        return bool(self.parsed.errors.keys() & FILTER_FIELDS)

    @property
    def typed_text(self) -> str:
        """The words as the resident typed them (a postcode among them included)."""
        return self.args.get("q", "")

    @property
    def radius_choices(self):
        return RADIUS_CHOICES

    @property
    def weekdays(self):
        return WEEKDAY_CODES

    @property
    def times_of_day(self):
        return TIMES_OF_DAY

    def url_with(self, **changes) -> str:
        """This search's URL with some parameters changed (None removes one)."""
        args = MultiDict(self.args)
        for name, value in changes.items():
            name = name.rstrip("_")
            args.poplist(name)
            if value is None:
                continue
            if isinstance(value, list | tuple):
                args.setlist(name, [str(v) for v in value])
            else:
                args[name] = str(value)
        if "page" not in changes:
            args.poplist("page")
        return url_for("directory.search", **args.to_dict(flat=False))

    def page_url(self, number: int) -> str:
        return self.url_with(page=number)

    def _without(self, name: str, value: str | None = None) -> str:
        if value is None:
            return self.url_with(**{name: None})
        remaining = [v for v in self.args.getlist(name) if v != value]
        return self.url_with(**{name: remaining or None})

    def filters_in_use(self) -> list[ActiveFilter]:
        """Each filter the search has on, in words, with the address without it (the
        results page's chips; the search calendar's name)."""
        request = self.request
        active = []
        if request.location is not None:
            active.append(
                ActiveFilter(
                    within_of_place_in_html(request.within_miles, request.location.label),
                    self._without("near"),
                )
            )
        for code in request.categories:
            active.append(ActiveFilter(label("category", code), self._without("category", code)))
        for code in request.access:
            active.append(ActiveFilter(label("access", code), self._without("access", code)))
        for code in request.days:
            day_names = _weekday_names()
            active.append(
                ActiveFilter(day_names[WEEKDAY_CODES.index(code)], self._without("day", code))
            )
        for code in request.times:
            term = term_by_code(TIMES_OF_DAY, code)
            active.append(ActiveFilter(str(term.label), self._without("time", code)))
        if request.free_only:
            active.append(ActiveFilter(_("Free only"), self._without("free")))
        if request.online_only:
            active.append(ActiveFilter(_("Online or by phone"), self._without("online")))
        if request.taking:
            active.append(ActiveFilter(taking_label(request.taking), self._without("taking")))
        if request.audience:
            active.append(ActiveFilter(label("audience", request.audience), self._without("for")))
        if request.language:
            active.append(
                ActiveFilter(
                    _("In {language}").format(language=language_name(request.language)),
                    self._without("lang"),
                )
            )
        if request.age is not None:
            active.append(
                ActiveFilter(
                    _("Suitable for age {age}").format(age=request.age), self._without("age")
                )
            )
        return active


def taking_label(taking: str) -> str:
    """The "Taking new people?" filter in words, as the filter panel offers it."""
    if taking == TAKING_NOW:
        return _("Taking new people")
    return _("Taking new people, or a waiting list")


def _weekday_names() -> list[str]:
    names = get_locale().days["format"]["wide"]
    return [names[index] for index in range(7)]


def run_search(request: SearchRequest, page_size: int, now: datetime) -> ResultsView:
    """Search, then make the cards shown. A search failure shows as 'unavailable'."""
    try:
        results = find_activities(request, current_app.config["SEARCH_INDEX_DIR"], page_size, now)
    except IndexMissing:
        log.warning("Search index missing: run `flask search reindex`.")
        return ResultsView(SearchResults(0, 1, page_size, []), [], unavailable=True)
    place = request.location.label if request.location is not None else ""
    return ResultsView(results, result_rows(results.hits, now, place))
