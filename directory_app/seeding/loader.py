"""Load organisations, venues and activities from the JSON files in ``seeds/``.

Records are matched on their ``key``, so loading twice updates rather than duplicates.
Dates in the files are relative ("in 7 days", "confirmed 30 days ago") so the demo always
looks current. Adds and flushes only: the caller commits.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.domain.schedules import Slot
from directory_app.listings import operations, school_terms
from directory_app.models import Activity, Organisation, Venue


@dataclass
class SeedSummary:
    organisations: int = 0
    venues: int = 0
    activities: int = 0
    created: int = 0
    updated: int = 0


def read_seed_files(seeds_dir: str | Path) -> dict[str, list[dict]]:
    folder = Path(seeds_dir)
    data = {
        name: json.loads((folder / f"{name}.json").read_text("utf-8"))
        for name in ("organisations", "venues", "activities")
    }
    translations = folder / "translations.json"
    data["translations"] = (
        json.loads(translations.read_text("utf-8")) if translations.exists() else {}
    )
    return data


def _place_in(title: str) -> str:
    """'Walking football in Short Heath' -> 'Short Heath' (demo titles name their place)."""
    return title.rsplit(" in ", 1)[1] if " in " in title else ""


def load_translations(data: dict, activities: list, organisations: dict) -> None:
    """Demo translations: by activity type, with the English title's place filled in."""
    for entry in data.get("activities", []):
        for activity in activities:
            if not activity.key.startswith(entry["match"]):
                continue
            place = _place_in(activity.title)
            for language, text in entry.items():
                if language == "match":
                    continue
                values = {
                    "title": text["title"].format(place=place).strip(" –"),
                    "summary": text["summary"],
                    "description": text.get("description", ""),
                    "first_visit": text.get("first_visit", ""),
                }
                operations.write_translation(activity, language, values)
    for key, languages in data.get("organisations", {}).items():
        for language, text in languages.items():
            values = {"name": text["name"], "description": text.get("description", "")}
            operations.write_translation(organisations[key], language, values)


def _find_or_new(model, key: str, summary: SeedSummary):
    record, created = operations.find_or_new(model, key)
    if created:
        summary.created += 1
    else:
        summary.updated += 1
    return record


def load_organisation(row: dict, summary: SeedSummary) -> Organisation:
    organisation = _find_or_new(Organisation, row["key"], summary)
    operations.write_organisation(
        organisation,
        **{
            k: row.get(k)
            for k in ("name", "description", "website", "email", "phone", "charity_number")
        },
    )
    summary.organisations += 1
    return organisation


def load_venue(row: dict, summary: SeedSummary) -> Venue:
    venue = _find_or_new(Venue, row["key"], summary)
    operations.write_venue(
        venue,
        name=row["name"],
        address_line=row["address_line"],
        town=row["town"],
        postcode=row["postcode"],
        borough=row["borough"],
        neighbourhood=row.get("neighbourhood", ""),
        getting_there=row.get("getting_there", ""),
        accessibility_detail=row.get("accessibility_detail", ""),
        access_features=row.get("access_features", []),
    )
    summary.venues += 1
    return venue


def _slots(row: dict, today: date) -> list[Slot]:
    """The activity's sessions, with the demo's relative dates made real from ``today``.

    A dated session gives ``days_from_now``; a slot repeating every two or more weeks
    (``fortnightly``, ``every_n_weeks`` with ``interval_weeks``) and a ``course`` (with
    ``course_weeks``) fix their weeks from ``anchor_weeks_from_now``; a ``monthly`` slot
    gives ``month_week`` (1 to 4, or -1 for the last); any may add ``term_time_only`` and a
    ``venue_key`` of its own.
    """
    slots = []
    for slot in row["schedules"]:
        frequency = slot["frequency"]
        on_date = None
        if frequency == "once":
            on_date = today + timedelta(days=slot["days_from_now"])
        elif frequency in ("fortnightly", "every_n_weeks", "course"):
            this_week = today + timedelta(days=(slot["weekday"] - today.weekday()) % 7)
            on_date = this_week + timedelta(weeks=slot.get("anchor_weeks_from_now", 0))
        slots.append(
            Slot(
                frequency,
                on_date.weekday() if frequency == "once" else slot["weekday"],
                on_date,
                time.fromisoformat(slot["start"]),
                time.fromisoformat(slot["end"]),
                interval_weeks=slot.get("interval_weeks"),
                month_week=slot.get("month_week"),
                course_weeks=slot.get("course_weeks"),
                term_time_only=bool(slot.get("term_time_only", False)),
                venue_key=slot.get("venue_key"),
            )
        )
    return slots


def load_activity(row: dict, organisations: dict, venues: dict, today: date, summary: SeedSummary):
    activity = _find_or_new(Activity, row["key"], summary)
    operations.write_activity(
        activity,
        organisation=organisations[row["organisation"]],
        venue=venues.get(row["venue"]) if row.get("venue") else None,
        attendance_mode=row["attendance_mode"],
        title=row["title"],
        summary=row["summary"],
        description=row["description"],
        first_visit=row.get("first_visit", ""),
        age_min=row.get("age_min"),
        age_max=row.get("age_max"),
        cost_type=row["cost_type"],
        cost_pence=row.get("cost_pence"),
        cost_notes=row.get("cost_notes", ""),
        booking_required=row.get("booking_required", False),
        **{
            name: row.get(name, "")
            for name in ("run_by", "usual_group_size", "bring", "carer_free")
        },
        schedule_notes=row.get("schedule_notes", ""),
        contact_name=row.get("contact_name", ""),
        contact_phone=row.get("contact_phone", ""),
        contact_email=row.get("contact_email", ""),
        contact_website=row.get("contact_website", ""),
        status=row.get("status", "published"),
        last_confirmed_on=today - timedelta(days=row.get("last_confirmed_days_ago", 0)),
        categories=row["categories"],
        audiences=row.get("audiences", []),
        languages=row.get("languages", []),
        slots=_slots(row, today),
    )
    summary.activities += 1
    return activity


def load_seeds(
    seeds_dir: str | Path, today: date, progress: Callable[[int], None] | None = None
) -> SeedSummary:
    """Load every seed file. Flushes but does not commit."""
    data = read_seed_files(seeds_dir)
    summary = SeedSummary()
    organisations = {row["key"]: load_organisation(row, summary) for row in data["organisations"]}
    venues = {row["key"]: load_venue(row, summary) for row in data["venues"]}
    db.session.flush()
    activities = []
    for row in data["activities"]:
        activities.append(load_activity(row, organisations, venues, today, summary))
        if progress:
            progress(1)
    load_translations(data["translations"], activities, organisations)
    terms = Path(seeds_dir) / "school_terms.json"
    if terms.is_file():
        # Term-time sessions have no dates in a borough whose terms are not known.
        school_terms.load_seed_terms(terms)
    db.session.flush()
    return summary


def database_is_empty() -> bool:
    return db.session.scalar(select(Activity.id).limit(1)) is None
