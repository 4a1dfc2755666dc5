"""Importing listings from a CSV in the export's format: check every row, then all or nothing.

Rows are matched on ``key`` (activities), ``organisation_key`` and ``venue_key``, so
importing the same file again updates rather than duplicates. Every problem is reported by
row and column; if there is any, nothing is written.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from directory_app.extensions import db
from directory_app.geo.postcodes import PostcodeError, lookup_postcode, normalise_postcode
from directory_app.listings.export import COLUMNS
from directory_app.models import (
    Activity,
    ActivityAudience,
    ActivityCategory,
    ActivityLanguage,
    ActivitySchedule,
    Organisation,
    Venue,
    VenueAccessFeature,
)
from directory_app.models.code_lists import sync_codes
from directory_app.schedules import parse_schedule_text
from directory_app.vocabulary import (
    ACCESS_FEATURES,
    ACTIVITY_LANGUAGES,
    ATTENDANCE_MODES,
    AUDIENCES,
    CATEGORIES,
    COST_TYPES,
    codes,
)

REQUIRED = (
    "key",
    "title",
    "organisation_key",
    "organisation",
    "summary",
    "categories",
    "attendance_mode",
    "cost_type",
    "schedule",
)
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@dataclass
class Problem:
    row: int  # as a spreadsheet shows it: the header is row 1
    column: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def schedule_rows(slots) -> list[ActivitySchedule]:
    """Model rows for parsed slots (``schedules.parse_schedule_text``)."""
    return [
        ActivitySchedule(
            frequency=slot.frequency,
            weekday=slot.weekday,
            on_date=slot.on_date,
            start_time=slot.start,
            end_time=slot.end,
        )
        for slot in slots
    ]


def _check_row(number: int, row: dict, problems: list[Problem]) -> dict | None:
    """Validate one row; return the cleaned values, or None if it has problems."""
    found = []

    def problem(column, message):
        found.append(Problem(number, column, message))

    for column in REQUIRED:
        if not (row.get(column) or "").strip():
            problem(column, _("This column is empty"))
    for column in ("key", "organisation_key", "venue_key"):
        value = (row.get(column) or "").strip()
        if value and not KEY_RE.match(value):
            problem(column, _("Use lowercase letters, numbers and hyphens only"))
    for column, vocabulary in (
        ("categories", codes(CATEGORIES)),
        ("audiences", codes(AUDIENCES)),
        ("accessibility", codes(ACCESS_FEATURES)),
        ("languages", ACTIVITY_LANGUAGES),
    ):
        unknown = [code for code in _split(row.get(column) or "") if code not in vocabulary]
        if unknown:
            problem(column, _("Unknown codes: {codes}").format(codes=", ".join(unknown)))
    if (row.get("attendance_mode") or "") and row["attendance_mode"] not in codes(ATTENDANCE_MODES):
        problem(
            "attendance_mode",
            _("Use one of: {codes}").format(codes=", ".join(codes(ATTENDANCE_MODES))),
        )
    if (row.get("cost_type") or "") and row["cost_type"] not in codes(COST_TYPES):
        problem("cost_type", _("Use one of: {codes}").format(codes=", ".join(codes(COST_TYPES))))
    for column in ("age_min", "age_max", "cost_pence"):
        value = (row.get(column) or "").strip()
        if value and not value.isdigit():
            problem(column, _("Use a whole number, or leave it empty"))
    if row.get("booking_required", "no") not in ("yes", "no", ""):
        problem("booking_required", _("Use yes or no"))
    in_person = row.get("attendance_mode") in ("in-person", "hybrid")
    if in_person and not (row.get("venue_key") or "").strip():
        problem("venue_key", _("In-person activities need a venue"))
    if in_person and (row.get("venue_key") or "").strip():
        if not normalise_postcode(row.get("postcode") or ""):
            problem("postcode", _("Enter a full UK postcode, like E8 1AG"))
        else:
            try:
                lookup_postcode(row["postcode"])
            except PostcodeError:
                problem("postcode", _("This postcode is not in the postcode data"))
    try:
        slots = (
            parse_schedule_text(row.get("schedule") or "")
            if (row.get("schedule") or "").strip()
            else ()
        )
    except ValueError as error:
        problem("schedule", str(error))
        slots = ()
    for column in ("starts_on", "ends_on", "last_confirmed_on"):
        value = (row.get(column) or "").strip()
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                problem(column, _("Use a date like 2026-12-01"))
    problems.extend(found)
    return None if found else {**row, "slots": slots}


def _organisation(row) -> Organisation:
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.key == row["organisation_key"])
    )
    if organisation is None:
        organisation = Organisation(key=row["organisation_key"], name=row["organisation"])
        db.session.add(organisation)
    organisation.name = row["organisation"]
    return organisation


def _venue(row) -> Venue | None:
    if not (row.get("venue_key") or "").strip():
        return None
    venue = db.session.scalar(select(Venue).where(Venue.key == row["venue_key"]))
    point = lookup_postcode(row["postcode"])
    if venue is None:
        venue = Venue(key=row["venue_key"], address_line="", town=row.get("borough") or "")
        db.session.add(venue)
    venue.name = row.get("venue") or row["venue_key"]
    venue.postcode = normalise_postcode(row["postcode"])
    venue.borough = row.get("borough") or venue.borough or ""
    venue.easting, venue.northing = int(point.easting), int(point.northing)
    venue.latitude, venue.longitude = point.latitude, point.longitude
    wanted = set(_split(row.get("accessibility") or ""))
    for feature in [f for f in venue.access_features if f.feature not in wanted]:
        venue.access_features.remove(feature)
    present = {f.feature for f in venue.access_features}
    venue.access_features.extend(
        VenueAccessFeature(feature=code) for code in sorted(wanted - present)
    )
    return venue


def _write(row) -> bool:
    """Create or update one activity; return True when it was created."""
    organisation = _organisation(row)
    venue = _venue(row)
    activity = db.session.scalar(select(Activity).where(Activity.key == row["key"]))
    created = activity is None
    if created:
        activity = Activity(key=row["key"], status="published", organisation=organisation)
        db.session.add(activity)
    activity.organisation = organisation
    activity.venue = venue
    for name in ("title", "summary", "description", "first_visit", "attendance_mode", "cost_type", "cost_notes",
                 "schedule_notes", "contact_name", "contact_phone", "contact_email", "contact_website"):  # fmt: skip
        setattr(activity, name, row.get(name) or "")
    for name in ("age_min", "age_max", "cost_pence"):
        setattr(activity, name, int(row[name]) if (row.get(name) or "").strip() else None)
    activity.booking_required = row.get("booking_required") == "yes"
    for name in ("starts_on", "ends_on", "last_confirmed_on"):
        setattr(
            activity, name, date.fromisoformat(row[name]) if (row.get(name) or "").strip() else None
        )
    sync_codes(activity.categories, ActivityCategory, "category", _split(row["categories"]))
    sync_codes(activity.audiences, ActivityAudience, "audience", _split(row.get("audiences") or ""))
    sync_codes(activity.languages, ActivityLanguage, "language", _split(row.get("languages") or ""))
    activity.schedules = schedule_rows(row["slots"])
    db.session.flush()
    return created


def import_listings(text: str, dry_run: bool, progress=None) -> ImportReport:
    """Check every row; unless it is a dry run and there are no problems, write them all.

    Flushes only; the caller commits when ``report.ok`` (and rolls back otherwise).
    """
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
    if missing:
        report.problems.append(Problem(1, ", ".join(missing), _("These columns are missing")))
        return report
    unknown = [column for column in reader.fieldnames if column not in COLUMNS]
    if unknown:
        report.problems.append(Problem(1, ", ".join(unknown), _("Unknown columns")))
        return report
    cleaned = []
    seen_keys = set()
    for number, row in enumerate(reader, start=2):
        report.rows += 1
        if row.get("key") in seen_keys:
            report.problems.append(Problem(number, "key", _("This key is used by an earlier row")))
        seen_keys.add(row.get("key"))
        checked = _check_row(number, row, report.problems)
        if checked is not None:
            cleaned.append(checked)
    if report.problems:
        return report
    existing = set(db.session.scalars(select(Activity.key).where(Activity.key.in_(seen_keys))))
    report.created = len(seen_keys - existing)
    report.updated = len(seen_keys & existing)
    if dry_run:
        return report
    for row in cleaned:
        _write(row)
        if progress:
            progress(1)
    return report
