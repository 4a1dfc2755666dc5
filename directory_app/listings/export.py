"""All published listings as CSV, one row per activity, with documented columns.

The schedule column reads ``weekly:tue:10:00-12:00``, ``fortnightly:tue:10:00-12:00:2026-12-01``
(a date it runs on) or ``once:2026-12-05:10:00-11:00``, several joined by ``; ``. Lists
(categories, audiences, languages, accessibility) are codes joined by ``; ``. "What to
expect": ``usual_group_size`` is ``up-to-5``, ``6-15``, ``16-30`` or ``over-30``, ``carer_free``
``yes`` or ``no`` (either may be empty: not said); ``run_by`` and ``bring`` are short texts.
"""

import csv
import io

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.domain.schedules import schedule_text, timetable_for
from directory_app.models import Activity
from directory_app.web.spreadsheets import safe_cell

COLUMNS = (
    "key", "title", "organisation_key", "organisation", "venue_key", "venue", "postcode",
    "borough", "attendance_mode", "summary", "description", "first_visit", "categories",
    "audiences", "age_min", "age_max", "languages", "cost_type", "cost_pence", "cost_notes",
    "booking_required", "run_by", "usual_group_size", "bring", "carer_free", "schedule", "schedule_notes", "starts_on", "ends_on", "contact_name",
    "contact_phone", "contact_email", "contact_website", "accessibility", "last_confirmed_on",
)  # fmt: skip


def _row(activity) -> dict:
    venue = activity.venue
    return {
        "key": activity.key,
        "title": activity.title,
        "organisation_key": activity.organisation.key,
        "organisation": activity.organisation.name,
        "venue_key": venue.key if venue else "",
        "venue": venue.name if venue else "",
        "postcode": venue.postcode if venue else "",
        "borough": venue.borough if venue else "",
        "attendance_mode": activity.attendance_mode,
        "summary": activity.summary,
        "description": activity.description,
        "first_visit": activity.first_visit,
        "categories": "; ".join(activity.category_codes),
        "audiences": "; ".join(activity.audience_codes),
        "age_min": activity.age_min if activity.age_min is not None else "",
        "age_max": activity.age_max if activity.age_max is not None else "",
        "languages": "; ".join(activity.language_codes),
        "cost_type": activity.cost_type,
        "cost_pence": activity.cost_pence if activity.cost_pence is not None else "",
        "cost_notes": activity.cost_notes,
        "booking_required": "yes" if activity.booking_required else "no",
        "run_by": activity.run_by,
        "usual_group_size": activity.usual_group_size,
        "bring": activity.bring,
        "carer_free": activity.carer_free,
        "schedule": schedule_text(timetable_for(activity)),
        "schedule_notes": activity.schedule_notes,
        "starts_on": activity.starts_on.isoformat() if activity.starts_on else "",
        "ends_on": activity.ends_on.isoformat() if activity.ends_on else "",
        "contact_name": activity.contact_name,
        "contact_phone": activity.contact_phone,
        "contact_email": activity.contact_email,
        "contact_website": activity.contact_website,
        "accessibility": "; ".join(sorted(venue.feature_codes)) if venue else "",
        "last_confirmed_on": activity.last_confirmed_on.isoformat()
        if activity.last_confirmed_on
        else "",
    }


def published_listings_csv() -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for activity in db.session.scalars(
        select(Activity).where(Activity.status == "published").order_by(Activity.key)
    ):
        writer.writerow({name: safe_cell(value) for name, value in _row(activity).items()})
    return out.getvalue()
