"""Reading the feed's query parameters, strictly: a value we cannot use is a 400, never a guess.

Every rule here is stated in the OpenAPI document (``openapi``) with the same bounds, so a
consumer (or schemathesis) can tell valid input from invalid before sending it.
"""

import math
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time

from werkzeug.datastructures import MultiDict

from directory_app.geo.postcodes import Point, PostcodeError, UnknownPostcode, lookup_postcode
from directory_app.oruk.identifiers import parse_uuid
from directory_app.oruk.taxonomies import Taxonomy, taxonomy_by_id, term_by_id

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
# The largest page a 32-bit client can ask for; anything past the last page is empty.
MAX_PAGE = 2**31 - 1
MAX_AGE = 150
MAX_SEARCH_LENGTH = 200
MAX_POSTCODE_LENGTH = 10
MAX_PROXIMITY_METRES = 1_000_000
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
# iCalendar's two-letter codes and English day names, as the standard's ``day`` allows.
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAYS = {
    **{code: number for number, code in enumerate(DAY_CODES)},
    **{name: number for number, name in enumerate(DAY_NAMES)},
}
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
# A decimal number, as JSON writes one (with an exponent, or none).
NUMBER_PATTERN = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_TIME = re.compile(TIME_PATTERN)
_NUMBER = re.compile(NUMBER_PATTERN)
_WHOLE = re.compile(r"^[0-9]{1,12}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BadParameter(ValueError):
    """A query parameter the feed cannot use; the view answers 400 with this message."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


@dataclass(frozen=True)
class Paging:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class ServiceFilters:
    """What a list of services (or of services at locations) is narrowed to."""

    search: str = ""
    term: tuple[Taxonomy, str] | None = None
    taxonomy: Taxonomy | None = None
    organization_id: uuid.UUID | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    weekdays: tuple[int, ...] = ()
    start_time: time | None = None
    end_time: time | None = None
    near: Point | None = None
    proximity_metres: float | None = None
    modified_after: datetime | None = None
    # A well-formed id that names no term or taxonomy of ours: nothing can match.
    matches_nothing: bool = False

    @property
    def on_schedule(self) -> bool:
        return bool(self.weekdays) or self.start_time is not None or self.end_time is not None


def _text(args: MultiDict, name: str, limit: int) -> str:
    value = args.get(name, "")
    if _CONTROL.search(value):
        raise BadParameter(name, f"{name} must not contain control characters.")
    value = value.strip()
    if len(value) > limit:
        raise BadParameter(name, f"{name} must be at most {limit} characters long.")
    return value


def _whole(args: MultiDict, name: str, default: int, low: int, high: int) -> int:
    value = args.get(name)
    if value is None:
        return default
    if not _WHOLE.match(value) or not low <= int(value) <= high:
        raise BadParameter(name, f"{name} must be a whole number from {low} to {high}.")
    return int(value)


def flag(args: MultiDict, name: str) -> bool:
    """A boolean parameter: true/false (or 1/0); absent is false."""
    value = args.get(name)
    if value is None:
        return False
    if value.lower() not in BOOLEANS:
        raise BadParameter(name, f"{name} must be true or false.")
    return BOOLEANS[value.lower()]


def paging(args: MultiDict) -> Paging:
    """``page`` (from 1) and ``per_page`` (1 to 1000, default 50)."""
    return Paging(
        page=_whole(args, "page", 1, 1, MAX_PAGE),
        per_page=_whole(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
    )


def _number(value: str) -> float:
    """A decimal number, or NaN (which every range check refuses) for anything else."""
    if not _NUMBER.match(value):
        return math.nan
    number = float(value)
    return number if math.isfinite(number) else math.nan


def _age(args: MultiDict, name: str) -> float | None:
    value = args.get(name)
    if value is None:
        return None
    years = _number(value)
    if not 0 <= years <= MAX_AGE:
        raise BadParameter(name, f"{name} must be a number of years from 0 to {MAX_AGE}.")
    return years


def _clock(args: MultiDict, name: str) -> time | None:
    value = args.get(name)
    if value is None:
        return None
    if not _TIME.match(value):
        raise BadParameter(name, f"{name} must be a time of day as HH:MM, like 09:30.")
    return time.fromisoformat(value)


def _weekdays(args: MultiDict) -> tuple[int, ...]:
    value = args.get("day")
    if value is None:
        return ()
    if value not in DAYS:
        raise BadParameter("day", "day must be one of MO, TU, WE, TH, FR, SA, SU or Monday…Sunday.")
    return (DAYS[value],)


def moment(args: MultiDict, name: str) -> datetime | None:
    """An ISO 8601 date-time (a date alone is its midnight); without a zone it is UTC."""
    value = args.get(name)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().upper())
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        raise BadParameter(
            name, f"{name} must be an ISO 8601 date-time, like 2026-01-31T09:00:00Z."
        ) from None


def optional_uuid(args: MultiDict, name: str) -> uuid.UUID | None:
    """A UUID parameter, or None when it is absent."""
    value = args.get(name)
    if value is None:
        return None
    parsed = parse_uuid(value.strip())
    if parsed is None:
        raise BadParameter(name, f"{name} must be a UUID.")
    return parsed


def _place(args: MultiDict) -> tuple[Point | None, float | None]:
    postcode = _text(args, "postcode", MAX_POSTCODE_LENGTH)
    proximity = args.get("proximity")
    point = None
    if postcode:
        try:
            point = lookup_postcode(postcode)
        except UnknownPostcode:
            raise BadParameter("postcode", "postcode is not a known UK postcode.") from None
        except PostcodeError:
            raise BadParameter("postcode", "postcode must be a UK postcode, like E8 1AA.") from None
    if proximity is None:
        return point, None
    metres = _number(proximity)
    if not 0 < metres <= MAX_PROXIMITY_METRES:
        raise BadParameter(
            "proximity",
            f"proximity must be a distance in metres, above 0 and at most {MAX_PROXIMITY_METRES}.",
        )
    if point is None:
        raise BadParameter("proximity", "proximity needs a postcode to measure from.")
    return point, metres


def service_filters(args: MultiDict, allow_modified_after: bool = True) -> ServiceFilters:
    """The filters of ``/services`` (and, without ``modified_after``, ``/service_at_locations``)."""
    filters = ServiceFilters(search=_text(args, "search", MAX_SEARCH_LENGTH))
    term_id = optional_uuid(args, "taxonomy_term_id")
    if term_id is not None:
        filters.term = term_by_id(term_id)
        filters.matches_nothing |= filters.term is None
    taxonomy_id = optional_uuid(args, "taxonomy_id")
    if taxonomy_id is not None:
        filters.taxonomy = taxonomy_by_id(taxonomy_id)
        filters.matches_nothing |= filters.taxonomy is None
    filters.organization_id = optional_uuid(args, "organization_id")
    filters.minimum_age = _age(args, "minimum_age")
    filters.maximum_age = _age(args, "maximum_age")
    filters.weekdays = _weekdays(args)
    filters.start_time = _clock(args, "start_time")
    filters.end_time = _clock(args, "end_time")
    filters.near, filters.proximity_metres = _place(args)
    if allow_modified_after:
        filters.modified_after = moment(args, "modified_after")
    return filters
