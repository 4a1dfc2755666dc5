"""When activities happen: recurring slots, the next sessions, and a compact encoding.

Times are local wall-clock times (the deployment's timezone), as organisers publish them.
The same functions serve the activity page (the next few dates), the calendar download and
the search index (sorting by next session), so they work on plain data, not on models.
The kinds of slot are in ``slots``, their dates in ``recurrence`` (RFC 5545 rules expanded
by dateutil) and their text form in ``schedule_text``; this module gathers them.
"""

import json
from datetime import date, datetime, time, timedelta

from directory_app.domain.recurrence import occurrences
from directory_app.domain.schedule_text import parse_schedule_text, schedule_text
from directory_app.domain.slots import Session, Slot, Timetable
from directory_app.domain.vocabulary import WEEKDAY_CODES, time_of_day

__all__ = ["Session", "Slot", "Timetable", "parse_schedule_text", "schedule_text"]


def slot_venue(row):
    """The venue an ActivitySchedule row is held at when it is not the activity's, or None.

    Only a row with a venue of its own reads it: queries that load rows without their
    venues (Open Referral pages raise on an unloaded relationship) still work for the rest.
    """
    if getattr(row, "venue_id", None) is not None or "venue" in getattr(row, "__dict__", {}):
        return row.venue
    return None


def slot_of(row, with_venue: bool = True) -> Slot:
    """The Slot of an ActivitySchedule row (saved, or unsaved in a preview); without its
    venue for callers that have not loaded the rows' venues and do not need them."""
    venue = slot_venue(row) if with_venue else None
    return Slot(
        row.frequency,
        row.weekday,
        row.on_date,
        row.start_time,
        row.end_time,
        interval_weeks=getattr(row, "interval_weeks", None),
        month_week=getattr(row, "month_week", None),
        course_weeks=getattr(row, "course_weeks", None),
        term_time_only=bool(getattr(row, "term_time_only", False)),
        venue_key=venue.key if venue is not None else None,
        venue_id=venue.id if venue is not None else None,
    )


def timetable_for(activity) -> Timetable:
    """Build the timetable of an Activity model, with its cancelled dates and, when a slot
    is term time only, the school terms of the borough of the activity's venue (none for
    an activity with no venue: its term-time slots then have no dates)."""
    rows = list(activity.schedules)
    slots = tuple(slot_of(row) for row in rows)
    # Read with getattr: stand-ins for an activity (a preview, plain test objects) may
    # have no cancellations at all.
    cancelled = frozenset(row.on_date for row in getattr(activity, "cancellations", ()))
    terms = None
    venue = getattr(activity, "venue", None)
    term_row = next((row for row in rows if getattr(row, "term_time_only", False)), None)
    if term_row is not None and venue is not None:
        # The row asks the database (this layer may not): see ActivitySchedule.school_terms.
        terms = term_row.school_terms(venue.borough)
    return Timetable(slots, activity.starts_on, activity.ends_on, cancelled, terms)


def upcoming_sessions(timetable: Timetable, now: datetime, count: int = 5, horizon_days: int = 400):
    """The next ``count`` sessions that have not yet ended, soonest first; a cancelled
    date is not a session (``timetable.cancelled``)."""
    first_day = max(now.date(), timetable.starts_on or now.date())
    last_day = now.date() + timedelta(days=horizon_days)
    if timetable.ends_on:
        last_day = min(last_day, timetable.ends_on)
    sessions = []
    for slot in timetable.slots:
        # The first ``count`` of each slot are enough to hold the first ``count`` of all
        # (counting all slots' together stopped a later slot after its first session).
        taken = 0
        for day in occurrences(slot, first_day, last_day, timetable.terms):
            if day in timetable.cancelled:
                continue
            ends_at = datetime.combine(day, slot.end)
            if ends_at <= now:
                continue
            sessions.append(Session(slot, datetime.combine(day, slot.start), ends_at))
            taken += 1
            if taken >= count:
                break
    sessions.sort(key=lambda session: session.starts_at)
    return sessions[:count]


def weekday_codes(timetable: Timetable) -> list[str]:
    """Which days of the week the activity runs on ('mon' … 'sun')."""
    days = {
        slot.weekday if slot.frequency != "once" else slot.on_date.weekday()
        for slot in timetable.slots
    }
    return [WEEKDAY_CODES[day] for day in sorted(days)]


def times_of_day(timetable: Timetable) -> list[str]:
    """Which of morning/afternoon/evening the activity's sessions start in."""
    bands = {time_of_day(slot.start.hour * 60 + slot.start.minute) for slot in timetable.slots}
    return sorted(bands)


def encode(timetable: Timetable) -> str:
    """A compact JSON form of a timetable, stored in the search index."""
    return json.dumps(
        {
            "s": [
                [
                    slot.frequency,
                    slot.weekday,
                    slot.on_date.isoformat() if slot.on_date else None,
                    slot.start.strftime("%H:%M"),
                    slot.end.strftime("%H:%M"),
                    *_extras(slot),
                ]
                for slot in timetable.slots
            ],
            "from": timetable.starts_on.isoformat() if timetable.starts_on else None,
            "to": timetable.ends_on.isoformat() if timetable.ends_on else None,
            **_terms(timetable.terms),
        },
        separators=(",", ":"),
    )


# The search index's short names for what only the newer kinds of slot have.
_EXTRAS = {
    "n": "interval_weeks",
    "m": "month_week",
    "c": "course_weeks",
    "t": "term_time_only",
    "v": "venue_key",
}


def _extras(slot: Slot) -> list[dict]:
    """A sixth item for a slot with more to it than a weekly, fortnightly or dated one."""
    found = {short: getattr(slot, name) for short, name in _EXTRAS.items() if getattr(slot, name)}
    return [found] if found else []


def _terms(terms) -> dict:
    if terms is None:
        return {}
    return {"terms": [[first.isoformat(), last.isoformat()] for first, last in terms]}


def decoded_slot(entry: list) -> Slot:
    """One slot of the encoded form (older entries have five items and no extras)."""
    frequency, weekday, on_date, start, end, *more = entry
    extras = more[0] if more else {}
    return Slot(
        frequency,
        weekday,
        date.fromisoformat(on_date) if on_date else None,
        time.fromisoformat(start),
        time.fromisoformat(end),
        **{name: extras[short] for short, name in _EXTRAS.items() if short in extras},
    )


def decoded_terms(data: dict) -> tuple[tuple[date, date], ...] | None:
    """The school terms of the encoded form; None when it has none (or predates them)."""
    terms = data.get("terms")
    if terms is None:
        return None
    return tuple((date.fromisoformat(first), date.fromisoformat(last)) for first, last in terms)


def decode(text: str) -> Timetable:
    """Read back a timetable written by ``encode``."""
    data = json.loads(text)
    return Timetable(
        tuple(decoded_slot(entry) for entry in data["s"]),
        date.fromisoformat(data["from"]) if data["from"] else None,
        date.fromisoformat(data["to"]) if data["to"] else None,
        terms=decoded_terms(data),
    )
