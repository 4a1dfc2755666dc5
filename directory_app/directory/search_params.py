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
from directory_app.geo.places import covers, find_place
from directory_app.geo.postcodes import (
    MalformedPostcode,
    PostcodeError,
    UnknownPostcode,
    from_latitude_longitude,
    looks_like_postcode,
    lookup_postcode,
)
from directory_app.search.intake_filter import TAKING_CHOICES
from directory_app.search.queries import SORTS, SearchRequest
from directory_app.search.understanding import split_place
from directory_app.web.input import plain_text, whole_number
from directory_app.web.templating import setting_in_page_language

RADIUS_CHOICES = (0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
MAX_QUERY_LENGTH = 200
MAX_PAGE = 1000


@dataclass
class ParsedSearch:
    request: SearchRequest
    # {parameter name: translated message}, shown beside the field it is about.
    errors: dict[str, str] = field(default_factory=dict)
    near_text: str = ""
    # Why no listing can be near the place: it is outside the areas the directory covers.
    outside_area: str = ""
    # The place came from the words typed ("walking football near RM10").
    place_from_words: bool = False


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
    taking = args.get("taking", "")
    request.taking = taking if taking in TAKING_CHOICES else ""
    audience = args.get("for", "")
    request.audience = audience if audience in codes(AUDIENCES) else None
    language = args.get("lang", "")
    request.language = language if language in ACTIVITY_LANGUAGES else None
    sort = args.get("sort", "")
    request.sort = sort if sort in SORTS else "relevance"
    request.page = whole_number(args.get("page"), 1, MAX_PAGE) or 1
    request.wide = _flag(args, "more")
    request.exact = _flag(args, "exact")
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
    place_from_words = False
    if not near_text:
        # A postcode typed with the words is where to look: "walking football near RM10".
        place, rest = split_place(request.text)
        if place:
            near_text, request.text, place_from_words = place, rest, True
    outside_area = ""
    if near_text:
        request.location, message, outside = resolve_location(near_text)
        if outside:
            outside_area = message
        elif message:
            errors["near"] = message
        elif request.sort == "relevance" and not request.text:
            request.sort = "distance"
    if request.sort == "distance" and request.location is None:
        # Nearest first means nothing without a place: the page offers it only with one.
        request.sort = "relevance"
    return ParsedSearch(
        request=request,
        errors=errors,
        near_text=near_text,
        outside_area=outside_area,
        place_from_words=place_from_words,
    )


_COORDINATES_RE = re.compile(r"^\s*(-?\d{1,2}\.\d+)\s*,\s*(-?\d{1,3}\.\d+)\s*$")


def resolve_location(text: str):
    """Find a postcode, place or "latitude,longitude".

    Returns (Point or None, error or None, whether the place is outside the area covered).
    Coordinates come from the optional "Use my location" button.
    """
    coordinates = _COORDINATES_RE.match(text)
    if coordinates:
        point = from_latitude_longitude(
            # No name: the distance filter and cards then say "where you are", "away".
            float(coordinates.group(1)),
            float(coordinates.group(2)),
        )
        if point is None:
            return (
                None,
                _(
                    "Your location seems to be outside the areas we cover. Enter a postcode instead."
                ),
                True,
            )
        if not covers(point):
            return None, _outside_area_message(_("your location")), True
        return point, None, False
    if looks_like_postcode(text):
        try:
            point = lookup_postcode(text)
        except UnknownPostcode:
            if not _district_covered(text):
                return None, _outside_area_message(text.upper()), True
            return (
                None,
                _(
                    "We could not find the postcode {postcode}. Check it and try again, "
                    "or enter the name of your area."
                ).format(postcode=text.upper()),
                False,
            )
        except MalformedPostcode:
            point = None  # half a postcode may still be a place name
        if point is not None:
            if not covers(point):
                return None, _outside_area_message(point.label), True
            return point, None, False
    place = find_place(text)
    if place:
        return place, None, False
    return (
        None,
        _("Enter a full postcode, like E8 1AG, or the name of an area we cover, like Dagenham"),
        False,
    )


def _district_covered(postcode: str) -> bool:
    """Whether an unknown postcode's district is one we cover (then it is a typo)."""
    try:
        return covers(lookup_postcode(postcode.split()[0] if " " in postcode else postcode[:-3]))
    except PostcodeError:
        return True  # nothing to go on: say we could not find it


def _outside_area_message(place: str) -> str:
    return _(
        "{place} is outside the area this directory covers ({area}). Call us on {phone} "
        "and we can help you find support near you."
    ).format(
        place=place,
        area=setting_in_page_language("SERVICE_AREA"),
        phone=setting_in_page_language("SERVICE_PHONE"),
    )
