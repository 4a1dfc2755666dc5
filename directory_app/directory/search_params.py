"""Read a search from the URL: every filter is a query parameter, so searches can be shared.

Unknown codes are dropped silently (an old bookmark should still work); values a person typed
(a postcode, an age) get a clear, translated message and the rest of the search still runs.
"""

import re
from dataclasses import dataclass, field

from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from directory_app.domain.vocabulary import (
    ACCESS_FEATURES,
    ACTIVITY_LANGUAGES,
    AUDIENCES,
    CATEGORIES,
    TIMES_OF_DAY,
    WEEKDAY_CODES,
    codes,
)
from directory_app.geo.places import find_place
from directory_app.geo.postcodes import (
    MalformedPostcode,
    UnknownPostcode,
    from_latitude_longitude,
    looks_like_postcode,
    lookup_postcode,
)
from directory_app.search.queries import SORTS, SearchRequest
from directory_app.web.input import plain_text, whole_number

RADIUS_CHOICES = (0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
MAX_QUERY_LENGTH = 200
MAX_PAGE = 1000


@dataclass
class ParsedSearch:
    request: SearchRequest
    # {parameter name: translated message}, shown beside the field it is about.
    errors: dict[str, str] = field(default_factory=dict)
    near_text: str = ""


def _known(values: list[str], allowed) -> list[str]:
    seen = []
    for value in values:
        if value in allowed and value not in seen:
            seen.append(value)
    return seen


def _flag(args: MultiDict, name: str) -> bool:
    return args.get(name, "") in ("1", "on", "true", "yes")


def parse_search(args: MultiDict, default_radius: float) -> ParsedSearch:
    """Validate the URL's search parameters into a SearchRequest."""
    errors: dict[str, str] = {}
    request = SearchRequest()
    request.text = plain_text(args.get("q"), MAX_QUERY_LENGTH)
    request.access = _known(args.getlist("access"), codes(ACCESS_FEATURES))
    request.categories = _known(args.getlist("category"), codes(CATEGORIES))
    request.days = _known(args.getlist("day"), WEEKDAY_CODES)
    request.times = _known(args.getlist("time"), codes(TIMES_OF_DAY))
    request.free_only = _flag(args, "free")
    request.online_only = _flag(args, "online")
    audience = args.get("for", "")
    request.audience = audience if audience in codes(AUDIENCES) else None
    language = args.get("lang", "")
    request.language = language if language in ACTIVITY_LANGUAGES else None
    sort = args.get("sort", "")
    request.sort = sort if sort in SORTS else "relevance"
    request.page = whole_number(args.get("page"), 1, MAX_PAGE) or 1
    locale = get_locale()
    request.text_language = locale.language if locale else "en"

    age_text = args.get("age", "").strip()
    if age_text:
        age = whole_number(age_text, 0, 120)
        if age is None:
            errors["age"] = _("Enter an age as a number, like 67")
        else:
            request.age = age

    within = args.get("within", "")
    try:
        request.within_miles = float(within) if within else default_radius
    except ValueError:
        request.within_miles = default_radius
    if request.within_miles not in RADIUS_CHOICES:
        request.within_miles = min(
            RADIUS_CHOICES, key=lambda choice: abs(choice - request.within_miles)
        )

    near_text = plain_text(args.get("near"), 60)
    if near_text:
        request.location, message = resolve_location(near_text)
        if message:
            errors["near"] = message
        elif request.sort == "relevance" and not request.text:
            request.sort = "distance"
    return ParsedSearch(request=request, errors=errors, near_text=near_text)


_COORDINATES_RE = re.compile(r"^\s*(-?\d{1,2}\.\d+)\s*,\s*(-?\d{1,3}\.\d+)\s*$")


def resolve_location(text: str):
    """Find a postcode, place or "latitude,longitude"; return (Point or None, error or None).

    Coordinates come from the optional "Use my location" button.
    """
    coordinates = _COORDINATES_RE.match(text)
    if coordinates:
        point = from_latitude_longitude(
            float(coordinates.group(1)), float(coordinates.group(2)), label=_("your location")
        )
        if point is None:
            return None, _(
                "Your location seems to be outside the areas we cover. Enter a postcode instead."
            )
        return point, None
    if looks_like_postcode(text):
        try:
            return lookup_postcode(text), None
        except UnknownPostcode:
            return None, _(
                "We could not find the postcode {postcode}. Check it and try again, "
                "or enter the name of your area."
            ).format(postcode=text.upper())
        except MalformedPostcode:
            pass  # half a postcode may still be a place name
    place = find_place(text)
    if place:
        return place, None
    return None, _(
        "Enter a full postcode, like E8 1AG, or the name of an area we cover, like Dagenham"
    )
