"""How an activity becomes a search index document."""

import re
from datetime import date
from functools import lru_cache

from flask_babel import force_locale
from sqlalchemy.orm import joinedload, selectinload

from directory_app.domain import schedules
from directory_app.domain.freshness import confirmed_on
from directory_app.domain.vocabulary import AUDIENCES, CATEGORIES, term_by_code
from directory_app.models import Activity, Organisation, Venue
from directory_app.search.schema import (
    TITLES_FIELD,
    TRANSLATED_LANGUAGES,
    WORD_PATTERN,
    spelling_field,
    translated_field,
)

SEARCHABLE_STATUSES = ("published",)
WORD_RE = re.compile(WORD_PATTERN)
DAY_ZERO = date(2000, 1, 1)

# Ages are stored as unsigned numbers; "no upper limit" becomes this.
NO_AGE_LIMIT = 150


# Grid square sizes in kilometres, from fine to coarse.
CELL_SIZES_KM = (1, 2, 5, 10, 20)


def grid_cells(easting: float, northing: float) -> list[str]:
    """The grid squares, one of each size, that a point lies in."""
    return [
        f"{size}:{int(easting // (size * 1000))}:{int(northing // (size * 1000))}"
        for size in CELL_SIZES_KM
    ]


def cells_covering(easting: float, northing: float, radius_metres: float) -> list[str]:
    """A few grid squares that together cover a circle: the finest size needing at most 4×4."""
    for size in CELL_SIZES_KM:
        metres = size * 1000
        west, east = (
            int((easting - radius_metres) // metres),
            int((easting + radius_metres) // metres),
        )
        south, north = (
            int((northing - radius_metres) // metres),
            int((northing + radius_metres) // metres),
        )
        if (east - west + 1) * (north - south + 1) <= 16 or size == CELL_SIZES_KM[-1]:
            return [
                f"{size}:{x}:{y}" for x in range(west, east + 1) for y in range(south, north + 1)
            ]
    raise AssertionError("unreachable")


# Everything ``activity_document`` reads, loaded with the listings in a few statements
# rather than seven lazy loads per listing (most of a full reindex's database time).
DOCUMENT_LOADING = (
    selectinload(Activity.categories),
    selectinload(Activity.audiences),
    selectinload(Activity.languages),
    selectinload(Activity.translations),
    selectinload(Activity.schedules),
    joinedload(Activity.organisation).selectinload(Organisation.translations),
    joinedload(Activity.venue).selectinload(Venue.access_features),
)


def is_searchable(activity) -> bool:
    """Only published activities appear in search."""
    return activity is not None and activity.status in SEARCHABLE_STATUSES


def _category_text(codes: list[str]) -> str:
    return _category_text_of(tuple(codes))


@lru_cache(maxsize=1024)
def _category_text_of(codes: tuple[str, ...]) -> str:
    # English labels plus the codes' words: the needs map and typed queries use English words.
    labels = []
    with force_locale("en"):
        for code in codes:
            term = term_by_code(CATEGORIES, code)
            labels.append(f"{term.label if term else ''} {code.replace('-', ' ')}")
    return " ".join(labels)


def translated_texts(activity) -> dict[str, str]:
    """The listing's words in each language other than English, for that language's field.

    The title is given twice: it says most about what the activity is.
    """
    texts: dict[str, list[str]] = {}

    def add(language: str, *parts: str) -> None:
        if language in TRANSLATED_LANGUAGES:
            texts.setdefault(language, []).extend(part for part in parts if part)

    add(activity.text_language, activity.title, activity.title, activity.summary,
        activity.description, activity.first_visit)  # fmt: skip
    for row in activity.translations:
        add(row.language, row.title, row.title, row.summary, row.description, row.first_visit)
    organisation = activity.organisation
    add(organisation.text_language, organisation.name)
    for row in organisation.translations:
        add(row.language, row.name)
    return {language: " ".join(parts) for language, parts in texts.items()}


def _translated_titles(activity) -> list[str]:
    """The listing's titles in languages other than English (its own and translations)."""
    titles = [row.title for row in activity.translations if row.title]
    if activity.text_language != "en":
        titles.append(activity.title)
    return titles


def _audience_text(codes: list[str]) -> str:
    return _audience_text_of(tuple(codes))


@lru_cache(maxsize=1024)
def _audience_text_of(codes: tuple[str, ...]) -> str:
    # "Men only", "Over-55s": what people type for whom a group is ("men's group").
    with force_locale("en"):
        return " ".join(
            f"{term.label} {code.replace('-', ' ')}"
            for code in codes
            if code != "everyone" and (term := term_by_code(AUDIENCES, code))
        )


def _names(activity) -> str:
    """The group's and venue's names, the street and the postcode, whole and outward
    ("E8 1AG" and "E8"): people search by where and with whom."""
    venue = activity.venue
    parts = [activity.organisation.name]
    if venue:
        parts += [venue.name, venue.address_line or ""]
        if venue.postcode:
            outward = venue.postcode.split()[0]
            parts += [venue.postcode.replace(" ", ""), outward]
    return " ".join(part for part in parts if part)


def _spelling_words(*texts: str) -> str:
    """The distinct whole words of some text, for "Did you mean" in its language."""
    seen = dict.fromkeys(
        word.lower().strip("'-") for text in texts for word in WORD_RE.findall(text or "")
    )
    return " ".join(word for word in seen if len(word) >= 3 and not word.isdigit())


def activity_document(activity) -> dict:
    """The fields Whoosh indexes for one activity (see ``schema.build_schema``)."""
    timetable = schedules.timetable_for(activity)
    venue = activity.venue
    category_codes = activity.category_codes
    audience_codes = activity.audience_codes
    categories = _category_text(category_codes)
    document = {
        "id": str(activity.id),
        "title": activity.title,
        "names": _names(activity),
        "keywords": activity.summary,
        # The category and audience names are in every listing of theirs, so they say
        # little about one: with the description, not where a need is met strongly.
        "body": " ".join(
            [activity.description, categories, _audience_text(audience_codes)]
            + ([venue.neighbourhood, venue.borough, venue.town] if venue else [])
        ),
        spelling_field("en"): _spelling_words(
            activity.title,
            activity.summary,
            activity.organisation.name,
            categories,
            venue.name if venue else "",
            venue.address_line if venue else "",
        ),  # fmt: skip
        "category": ",".join(category_codes),
        "access": ",".join(sorted(venue.feature_codes)) if venue else "",
        "day": ",".join(schedules.weekday_codes(timetable)),
        "time": ",".join(schedules.times_of_day(timetable)),
        "audience": ",".join(audience_codes),
        "language": ",".join(activity.language_codes),
        "free": activity.is_free,
        "online": activity.is_remote,
        "located": bool(venue and venue.easting is not None),
        "age_min": activity.age_min or 0,
        "age_max": activity.age_max if activity.age_max is not None else NO_AGE_LIMIT,
        "schedule": schedules.encode(timetable),
        "confirmed": (confirmed_on(activity) - DAY_ZERO).days,
        "intake": activity.intake or "open",
        "intake_confirmed": (
            (activity.intake_confirmed_on - DAY_ZERO).days if activity.intake_confirmed_on else 0
        ),
    }
    document[TITLES_FIELD] = " ".join(_translated_titles(activity))
    for language, text in translated_texts(activity).items():
        document[translated_field(language)] = text
        document[spelling_field(language)] = _spelling_words(text)
    if venue and venue.easting is not None:
        document["cells"] = ",".join(grid_cells(venue.easting, venue.northing))
        document["easting"] = venue.easting
        document["northing"] = venue.northing
    return document
