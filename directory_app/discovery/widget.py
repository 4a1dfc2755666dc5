"""The widget partners put on their own sites (a GP surgery's, a council's): what it shows
and the code they paste.

The code is a plain link to the directory's search for the partner's borough and category,
which works anywhere, without JavaScript; ``static/widget.js`` turns it into a frame holding
``/embed``: a search box and the next few activities, each opening on the full site in a
new tab. The options are all in the address, as a search's are, so a pasted snippet keeps
working and can be changed by hand.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from directory_app.directory.listings import activities_in_order
from directory_app.discovery.addresses import Language, PageAddresses, language
from directory_app.domain import schedules
from directory_app.domain.vocabulary import CATEGORIES, codes
from directory_app.geo.places import find_place
from directory_app.groups.queries import boroughs
from directory_app.i18n.labels import label
from directory_app.i18n.page_language import page_locale
from directory_app.search.index_store import IndexMissing
from directory_app.search.queries import SearchRequest, find_activities
from directory_app.web.input import whole_number
from directory_app.web.templating import setting_in_page_language

COUNT_CHOICES = (3, 5, 10)
DEFAULT_COUNT = 5
# Far enough from a borough's middle to reach all of it; only its own venues are shown.
BOROUGH_RADIUS_MILES = 10.0
# Searches to look through for the borough's own venues before showing fewer.
PAGES_LOOKED_THROUGH = 3
# The visitor's own language: a link without a prefix, so the directory picks it.
VISITORS_LANGUAGE = "visitor"


@dataclass(frozen=True)
class EmbedOptions:
    """What a partner chose: a borough and a category (either may be empty), how many
    activities, and (for the snippet) a language locale, or ``None`` for the visitor's."""

    borough: str = ""
    category: str = ""
    count: int = DEFAULT_COUNT
    locale: str | None = None

    def search_values(self) -> dict:
        """The directory search showing the same activities, as query values."""
        values = {"category": self.category, "near": self.borough}
        return {name: value for name, value in values.items() if value}

    def embed_values(self) -> dict:
        values = {"borough": self.borough, "category": self.category, "count": self.count}
        return {name: value for name, value in values.items() if value}


def borough_names() -> list[str]:
    """The boroughs a widget can be for: those the directory's venues are in."""
    return boroughs()


def read_options(args: MultiDict, locales: list[str]) -> EmbedOptions:
    """Options from an address; anything unknown is left at its default, so an old snippet
    still shows something."""
    known_boroughs = {name.lower(): name for name in borough_names()}
    category = args.get("category", "")
    count = whole_number(args.get("count"), 1, max(COUNT_CHOICES)) or DEFAULT_COUNT
    locale = args.get("language", "")
    return EmbedOptions(
        borough=known_boroughs.get(args.get("borough", "").strip().lower(), ""),
        category=category if category in codes(CATEGORIES) else "",
        count=count,
        locale=locale if locale in locales else None,
    )


@dataclass(frozen=True)
class ComingUp:
    """An activity the widget shows, and its next session (``None``: none is set)."""

    activity: object
    next_session: schedules.Session | None


def coming_up(options: EmbedOptions, now: datetime) -> list[ComingUp] | None:
    """The next ``count`` activities in the options' borough and category, soonest first;
    ``None`` when the search index is missing."""
    request = SearchRequest(sort="next", categories=[options.category] if options.category else [])
    if options.borough:
        request.location = find_place(options.borough)
        request.within_miles = BOROUGH_RADIUS_MILES
    page_size = options.count * 4
    found: list[ComingUp] = []
    for page in range(1, PAGES_LOOKED_THROUGH + 1):
        try:
            results = find_activities(
                replace(request, page=page), current_app.config["SEARCH_INDEX_DIR"], page_size, now
            )
        except IndexMissing:
            return None
        for activity in activities_in_order([hit.activity_id for hit in results.hits]):
            venue = activity.venue
            if options.borough and (venue is None or venue.borough != options.borough):
                continue
            upcoming = schedules.upcoming_sessions(schedules.timetable_for(activity), now, 1)
            found.append(ComingUp(activity, upcoming[0] if upcoming else None))
        if len(found) >= options.count or page >= results.page_count:
            break
    return found[: options.count]


def widget_heading(options: EmbedOptions) -> str:
    """What the widget is of, in the page's language: "Activities in Hackney: Food"."""
    category = label("category", options.category) if options.category else ""
    if options.borough and category:
        return _("Activities in {borough}: {category}").format(
            borough=options.borough, category=category
        )
    if options.borough:
        return _("Activities in {borough}").format(borough=options.borough)
    if category:
        return _("Activities: {category}").format(category=category)
    return _("Activities near you")


@dataclass(frozen=True)
class Snippet:
    """The code a partner pastes: the link, then the script that upgrades it."""

    link: Markup
    script: Markup

    @property
    def code(self) -> str:
        return f"{self.link}\n{self.script}"


def snippet(options: EmbedOptions, addresses: PageAddresses) -> Snippet:
    """The HTML a partner pastes: a link to the search that works on its own, which
    ``widget.js`` (loaded after it) replaces with the widget's frame."""
    chosen: Language | None = language(options.locale) if options.locale else None
    with force_locale(options.locale or str(page_locale())):
        service = setting_in_page_language("SERVICE_NAME")
        text = _("{activities} on {service}").format(
            activities=widget_heading(options), service=service
        )
        title = _("{activities}, from {service}").format(
            activities=widget_heading(options), service=service
        )
    search = addresses.full(addresses.path("directory.search", **options.search_values()), chosen)
    frame = addresses.full(addresses.path("discovery.embed", **options.embed_values()), chosen)
    script = addresses.full(addresses.path("static", filename="widget.js"))
    language_attributes = (
        Markup(' lang="{}" dir="{}"').format(chosen.tag, chosen.direction) if chosen else ""
    )
    link = Markup(
        '<a href="{}" data-directory-embed="{}" data-directory-embed-title="{}"{}>{}</a>'
    ).format(search, frame, title, language_attributes, text)
    return Snippet(link, Markup('<script src="{}" async></script>').format(script))
