"""Reading calendar files back as a calendar app would, and giving listings known sessions."""

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import Calendar
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.schedules import Slot
from directory_app.listings import operations
from directory_app.models import Activity

LONDON = ZoneInfo("Europe/London")


def parse(body: bytes | str) -> Calendar:
    """The file parsed back by icalendar, failing the test if it is not iCalendar."""
    return Calendar.from_ical(body)


def events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def occurrences(event, limit: datetime) -> list[datetime]:
    """Every start of an event up to ``limit`` (aware), its exceptions left out, as a
    calendar app expands it: with dateutil, from the RRULE text icalendar read."""
    start = event.decoded("dtstart")
    if str(event.get("status", "")).upper() == "CANCELLED":
        return []
    if "rrule" not in event:
        return [start] if start <= limit else []
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    excluded = set()
    exdates = event.get("exdate", [])
    for group in exdates if isinstance(exdates, list) else [exdates]:
        excluded.update(value.dt for value in group.dts)
    return [moment for moment in rule.between(start, limit, inc=True) if moment not in excluded]


def expanded(calendar: Calendar, limit: datetime) -> list[datetime]:
    """Every session in a calendar, in local wall-clock time (naive), soonest first."""
    starts = [
        moment.astimezone(LONDON).replace(tzinfo=None)
        for event in events(calendar)
        for moment in occurrences(event, limit)
    ]
    return sorted(starts)


def activity_ids(calendar: Calendar) -> list[int]:
    """The activities a calendar's events are of (from their URLs), in order, once each."""
    seen = []
    for event in events(calendar):
        activity_id = int(re.search(r"/activities/(\d+)", str(event["url"])).group(1))
        if activity_id not in seen:
            seen.append(activity_id)
    return seen


def slot(frequency: str, weekday=None, on_date=None, start="10:30", end="12:00") -> Slot:
    return Slot(frequency, weekday, on_date, time.fromisoformat(start), time.fromisoformat(end))


def in_person_activity(app, number: int = 0) -> int:
    """The id of a published activity at a venue with coordinates."""
    with app.app_context():
        return db.session.scalars(
            select(Activity.id)
            .where(
                Activity.status == "published",
                Activity.attendance_mode == "in-person",
                Activity.venue_id.is_not(None),
            )
            .order_by(Activity.id)
        ).all()[number]


def give_sessions(app, activity_id: int, slots, starts_on=None, ends_on=None) -> None:
    """Make an activity run at these times, through the one writer of listings."""
    with app.app_context():
        activity = db.session.get(Activity, activity_id)
        operations.write_activity(
            activity, slots=tuple(slots), starts_on=starts_on, ends_on=ends_on
        )
        commit()
