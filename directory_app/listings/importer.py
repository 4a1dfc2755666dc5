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

from directory_app.core.extensions import db
from directory_app.domain.dates import local_today
from directory_app.domain.schedules import parse_schedule_text
from directory_app.domain.vocabulary import (
    ACCESS_FEATURES,
    ACTIVITY_LANGUAGES,
    ATTENDANCE_MODES,
    AUDIENCES,
    CATEGORIES,
    COST_TYPES,
    codes,
)
from directory_app.geo.postcodes import normalise_postcode
from directory_app.listings import operations
from directory_app.listings.export import COLUMNS
from directory_app.listings.import_intake import INTAKE_COLUMNS, intake_problems, write_intake
from directory_app.listings.rules import (
    DATE_FIELDS,
    TEXT_LIMITS,
    check_borough,
    check_listing,
    postcode_problem,
)
from directory_app.models import Activity, Organisation, Venue
from directory_app.web.input import whole_number
from directory_app.web.spreadsheets import cell_text

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
# Empty title and summary cells are explained by the listing rules, as the editor says it.
EMPTY_CHECKED_BY_RULES = ("title", "summary")
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
# Whole-number columns the listing rules do not cover, and the largest each may hold (pence).
NUMBER_COLUMNS = {"cost_pence": 100_000}
# "What to expect": written only when the file has the column, so an older file leaves them.
EXPECT_COLUMNS = ("run_by", "usual_group_size", "bring", "carer_free")
# The columns checked by ``rules.check_listing``, the editor's rules.
RULED_COLUMNS = (*TEXT_LIMITS, "age_min", "age_max", *DATE_FIELDS, *EXPECT_COLUMNS)


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


def _check_row(number: int, row: dict, problems: list[Problem]) -> dict | None:
    """Validate one row; return the cleaned values, or None if it has problems."""
    found = []

    def problem(column, message):
        found.append(Problem(number, column, message))

    for column in REQUIRED:
        if column not in EMPTY_CHECKED_BY_RULES and not (row.get(column) or "").strip():
            problem(column, _("This column is empty"))
    listing = check_listing({name: row[name] for name in RULED_COLUMNS if name in row})
    for column, message in listing.problems.items():
        problem(column, message)
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
    numbers = {}
    for column, highest in NUMBER_COLUMNS.items():
        value = (row.get(column) or "").strip()
        numbers[column] = whole_number(value, 0, highest) if value else None
        if value and numbers[column] is None:
            problem(
                column,
                _("Use a whole number from 0 to {highest}, or leave it empty").format(
                    highest=highest
                ),
            )
    if row.get("booking_required", "no") not in ("yes", "no", ""):
        problem("booking_required", _("Use yes or no"))
    in_person = row.get("attendance_mode") in ("in-person", "hybrid")
    if in_person and not (row.get("venue_key") or "").strip():
        problem("venue_key", _("In-person activities need a venue"))
    place = _check_place(row, problem) if (row.get("venue_key") or "").strip() else {}
    try:
        slots = (
            parse_schedule_text(row.get("schedule") or "")
            if (row.get("schedule") or "").strip()
            else ()
        )
    except ValueError as error:
        problem("schedule", str(error))
        slots = ()
    value = (row.get("last_confirmed_on") or "").strip()
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            problem("last_confirmed_on", _("Use a date like 2026-12-01"))
    for column, message in intake_problems(row):
        problem(column, message)
    problems.extend(found)
    if found:
        return None
    return {**row, **listing.values, **place, "slots": slots, "numbers": numbers}


def _check_place(row: dict, problem) -> dict:
    """The venue's postcode, which must be one we can place, and the borough it is in."""
    message = postcode_problem(row.get("postcode") or "")
    if message:
        problem("postcode", message)
        return {}
    existing = db.session.scalar(select(Venue.id).where(Venue.key == row["venue_key"].strip()))
    place = check_borough(row["postcode"], row.get("borough") or "", existing)
    for column, found in place.problems.items():
        problem(column, found)
    return place.values


def _organisation(row) -> Organisation:
    organisation, _created = operations.find_or_new(Organisation, row["organisation_key"])
    operations.write_organisation(organisation, name=row["organisation"])
    return organisation


def _venue(row) -> Venue | None:
    if not (row.get("venue_key") or "").strip():
        return None
    venue, created = operations.find_or_new(Venue, row["venue_key"])
    # The export has no street address or town: a new venue starts without them.
    first_time = {"address_line": "", "town": row["borough"]} if created else {}
    operations.write_venue(
        venue,
        **first_time,
        name=row.get("venue") or row["venue_key"],
        postcode=normalise_postcode(row["postcode"]),
        borough=row["borough"],
        access_features=sorted(set(_split(row.get("accessibility") or ""))),
    )
    return venue


def _date_or_none(row, name: str) -> date | None:
    return date.fromisoformat(row[name]) if (row.get(name) or "").strip() else None


def _write(row) -> bool:
    """Create or update one activity; return True when it was created."""
    activity, created = operations.find_or_new(Activity, row["key"])
    if created:
        activity.status = "published"
    text_columns = ("title", "summary", "description", "first_visit", "attendance_mode",
                    "cost_type", "cost_notes", "schedule_notes", "contact_name",
                    "contact_phone", "contact_email", "contact_website")  # fmt: skip
    operations.write_activity(
        activity,
        organisation=_organisation(row),
        venue=_venue(row),
        **{name: row.get(name) or "" for name in text_columns},
        **row["numbers"],
        **{name: row[name] for name in ("age_min", "age_max", *DATE_FIELDS) if name in row},
        **{name: row[name] for name in EXPECT_COLUMNS if name in row},
        booking_required=row.get("booking_required") == "yes",
        last_confirmed_on=_date_or_none(row, "last_confirmed_on"),
        categories=_split(row["categories"]),
        audiences=_split(row.get("audiences") or ""),
        languages=_split(row.get("languages") or ""),
        slots=row["slots"],
    )
    db.session.flush()
    write_intake(activity, row, local_today())
    return created


def import_listings(text: str, dry_run: bool, progress=None) -> ImportReport:
    """Check every row; unless it is a dry run and there are no problems, write them all.

    Flushes only: the request or command commits. A report with problems, or a dry run,
    has written nothing.
    """
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
    if missing:
        report.problems.append(Problem(1, ", ".join(missing), _("These columns are missing")))
        return report
    unknown = [column for column in reader.fieldnames if column not in COLUMNS + INTAKE_COLUMNS]
    if unknown:
        report.problems.append(Problem(1, ", ".join(unknown), _("Unknown columns")))
        return report
    cleaned = []
    seen_keys = set()
    venue_keys_so_far = set()  # rows are written in order: a session may name these
    for number, raw in enumerate(reader, start=2):
        report.rows += 1
        row = {
            name: cell_text(value) if isinstance(value, str) else value
            for name, value in raw.items()
        }
        if row.get("key") in seen_keys:
            report.problems.append(Problem(number, "key", _("This key is used by an earlier row")))
        seen_keys.add(row.get("key"))
        checked = _check_row(number, row, report.problems)
        venue_keys_so_far.add((row.get("venue_key") or "").strip())
        if checked is not None:
            unknown_venues = [
                key
                for key in operations.unknown_venue_keys(checked["slots"])
                if key not in venue_keys_so_far
            ]
            if unknown_venues:
                report.problems.append(
                    Problem(
                        number,
                        "schedule",
                        _("No venue has the key {keys}: add it first, or in an earlier row").format(
                            keys=", ".join(unknown_venues)
                        ),
                    )
                )
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
