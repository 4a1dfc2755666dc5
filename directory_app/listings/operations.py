"""The one writer of organisations, venues and activities.

Seeding, the CSV import, groups' changes and moderation all change listings through these
functions, so a rule about what a field may hold, or what follows from it (a venue's grid
reference from its postcode), is written once. Every function touches only what differs:
assigning an equal value would still mark the row changed and send it through the search
outbox again. They add what they write to the session and never commit: the request or command does.
"""

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.domain.schedules import Slot, slot_of
from directory_app.geo.postcodes import lookup_postcode
from directory_app.models import (
    Activity,
    ActivityAudience,
    ActivityCategory,
    ActivityLanguage,
    ActivitySchedule,
    ActivityTranslation,
    Organisation,
    OrganisationTranslation,
    Venue,
    VenueAccessFeature,
)
from directory_app.models.code_lists import sync_codes
from directory_app.models.translations import translation_in

# Lists of codes kept in child rows: name -> (collection, child model, column).
ACTIVITY_CODE_LISTS = {
    "categories": ("categories", ActivityCategory, "category"),
    "audiences": ("audiences", ActivityAudience, "audience"),
    "languages": ("languages", ActivityLanguage, "language"),
}
TRANSLATION_MODELS = {Activity: ActivityTranslation, Organisation: OrganisationTranslation}


def find_or_new(model, key: str):
    """The record with this key, or a new one; and whether it is new.

    A new record joins the session when it is first written, complete, so a query made
    meanwhile cannot flush half a row.
    """
    record = db.session.scalar(select(model).where(model.key == key))
    if record is not None:
        return record, False
    return model(key=key), True


def _set(record, name: str, value) -> None:
    if getattr(record, name) != value:
        setattr(record, name, value)


def write_organisation(organisation: Organisation, **values) -> None:
    """Set an organisation's columns (name, description, website, email, phone, …)."""
    for name, value in values.items():
        _set(organisation, name, value)
    db.session.add(organisation)


def write_venue(venue: Venue, access_features=None, **values) -> None:
    """Set a venue's columns and, if given, its accessibility features (codes).

    A venue's grid reference and latitude and longitude follow its postcode, which callers
    have checked (``geo.postcodes.lookup_postcode`` finds it).
    """
    postcode = values.get("postcode")
    if postcode is not None and (postcode != venue.postcode or venue.easting is None):
        place_at_postcode(venue, postcode)
    for name, value in values.items():
        _set(venue, name, value)
    if access_features is not None:
        sync_codes(venue.access_features, VenueAccessFeature, "feature", access_features)
    db.session.add(venue)


def place_at_postcode(venue: Venue, postcode: str) -> None:
    """Put the venue where its postcode is: the one place a postcode becomes a location."""
    point = lookup_postcode(postcode)
    _set(venue, "easting", int(point.easting))
    _set(venue, "northing", int(point.northing))
    _set(venue, "latitude", point.latitude)
    _set(venue, "longitude", point.longitude)


def write_activity(activity: Activity, slots=None, **values) -> None:
    """Set an activity's columns, code lists (``categories``, ``audiences``, ``languages``:
    lists of codes) and, if given, its sessions (``slots``: ``schedules.Slot`` values)."""
    for name, value in values.items():
        if name in ACTIVITY_CODE_LISTS:
            collection, model, column = ACTIVITY_CODE_LISTS[name]
            sync_codes(getattr(activity, collection), model, column, value)
        else:
            _set(activity, name, value)
    if slots is not None and _slots_of(activity.schedules) != list(slots):
        activity.schedules = schedule_rows(slots)
    db.session.add(activity)


def schedule_rows(slots) -> list[ActivitySchedule]:
    """Unsaved session rows for slots (also for previews, which are never saved).

    A slot held at another venue names it by key; a key no venue has raises
    ``UnknownVenue`` (``unknown_venue_keys`` finds them first, for a form or an import).
    """
    venues = _venues_by_key({slot.venue_key for slot in slots if slot.venue_key})
    rows = []
    for slot in slots:
        if slot.venue_key and slot.venue_key not in venues:
            raise UnknownVenue(slot.venue_key)
        rows.append(
            ActivitySchedule(
                frequency=slot.frequency,
                weekday=slot.weekday,
                on_date=slot.on_date,
                start_time=slot.start,
                end_time=slot.end,
                interval_weeks=slot.interval_weeks,
                month_week=slot.month_week,
                course_weeks=slot.course_weeks,
                term_time_only=slot.term_time_only,
                venue=venues.get(slot.venue_key),
            )
        )
    return rows


class UnknownVenue(ValueError):
    """A slot names a venue key that no venue has."""


def unknown_venue_keys(slots) -> list[str]:
    """The venue keys slots name that no venue has, in order (none: they can be written)."""
    keys = [slot.venue_key for slot in slots if slot.venue_key]
    found = _venues_by_key(set(keys))
    return [key for key in dict.fromkeys(keys) if key not in found]


def _venues_by_key(keys: set[str]) -> dict[str, Venue]:
    if not keys:
        return {}
    return {
        venue.key: venue for venue in db.session.scalars(select(Venue).where(Venue.key.in_(keys)))
    }


def _slots_of(rows) -> list[Slot]:
    return [slot_of(row) for row in rows]


def write_translation(record, language: str, values: dict) -> None:
    """An activity's or organisation's text in another language; all fields empty removes it."""
    existing = translation_in(record, language)
    if not any(values.values()):
        if existing is not None:
            record.translations.remove(existing)
        return
    if existing is None:
        model = TRANSLATION_MODELS[type(record)]
        record.translations.append(model(language=language, **values))
        return
    for name, value in values.items():
        _set(existing, name, value)
