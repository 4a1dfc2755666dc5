"""Activities' sessions as iCalendar (RFC 5545), for "Add to my calendar" and search feeds.

Each slot of an activity is one event: a repeating slot recurs (``RRULE``, the parts
``recurrence.rule_parts`` gives, as "next session" uses) from its next session until the
activity's last day, a dated session is a single event. A monthly slot is BYDAY=1MO or
-1FR; every n weeks is INTERVAL=n; a course has COUNT, its sessions still to come. Dates
the group has cancelled are left out of the recurrence (``EXDATE``), as are a term-time
slot's dates in the school holidays, whose series ends with the last term known (after
that nobody knows when it meets). A cancelled one-off session stays in the file marked
``STATUS:CANCELLED``, so a calendar that already holds it shows it as cancelled rather
than silently keeping it. A slot held at another venue has that venue as its location.

Times are the deployment's wall-clock times (``BABEL_DEFAULT_TIMEZONE``, Europe/London), sent
with their zone, so calendar apps keep a 10:30 session at 10:30 on both sides of a clock
change. Event UIDs are the activity's public id and the slot's position, at the host of
``PUBLIC_URL``: the same event keeps its UID through edits, re-imports and database rebuilds,
and a calendar app updates it instead of adding a copy.
"""

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Calendar, Event, Timezone

from directory_app.domain import recurrence, schedules
from directory_app.domain.dates import aware
from directory_app.i18n.listing_text import activity_text, venue_text

PRODID = "-//Community activity directory//EN"
# How far ahead the time zone's changes are written out. Calendar apps know the zone by its
# name; the VTIMEZONE is for those that do not, and ten years of changes is a few hundred
# bytes (icalendar's default, 1970-2038, would be most of a small file).
ZONE_YEARS_AHEAD = 10


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


@lru_cache(maxsize=8)
def _vtimezone(tzid: str, year: int) -> bytes:
    # Built from zoneinfo by icalendar; kept as text, as each calendar needs its own copy.
    zone = Timezone.from_tzid(
        tzid, first_date=date(year, 1, 1), last_date=date(year + ZONE_YEARS_AHEAD, 1, 1)
    )
    return zone.to_ical()


def new_calendar(name: str | None, now: datetime) -> Calendar:
    """An empty calendar with the deployment's time zone; ``name`` for a subscribed feed."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # PUBLISH: a published calendar to read, not an invitation to reply to.
    calendar.add("method", "PUBLISH")
    tzid = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    if name:
        calendar.calendar_name = name  # NAME and X-WR-CALNAME
        calendar.add("x-wr-timezone", tzid)
    calendar.add_component(Timezone.from_ical(_vtimezone(tzid, now.year)))
    return calendar


def host() -> str:
    """The host event UIDs are made at: ``PUBLIC_URL``'s, never the request's."""
    return urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost"


def event_uid(activity, position: int) -> str:
    """The UID of an activity's slot: the same for as long as the activity exists."""
    return f"{activity.public_id}-{position}@{host()}"


def _location(venue) -> str:
    place = venue_text(venue)
    return f"{place.name}, {place.address_line}, {place.town} {venue.postcode}".strip()


def _until(ends_on: date, zone: ZoneInfo) -> datetime:
    # The last moment of the last day, in UTC: RFC 5545 wants UNTIL in UTC when DTSTART
    # names a zone.
    return datetime.combine(ends_on, time(23, 59, 59), zone).astimezone(UTC)


def _first_session(timetable: schedules.Timetable, slot: schedules.Slot, now: datetime):
    # The slot's next session, cancelled or not: the series starts there and leaves out
    # its cancelled dates, so a calendar app keeps one event for it.
    alone = replace(timetable, slots=(slot,), cancelled=frozenset())
    first = schedules.upcoming_sessions(alone, now, count=1)
    return first[0] if first else None


def _cancelled_in_series(slot: schedules.Slot, first: date, timetable: schedules.Timetable):
    """The cancelled dates that are sessions of a recurring slot whose first is ``first``."""
    return [
        day
        for day in sorted(timetable.cancelled)
        if day >= first and recurrence.runs_on(slot, day, timetable.terms)
    ]


def _rule(slot: schedules.Slot, first: date, timetable: schedules.Timetable, zone: ZoneInfo):
    """The slot's RRULE from its first session, and the dates it leaves out (EXDATE)."""
    rule = dict(recurrence.rule_parts(slot))
    if rule.get("INTERVAL") == 1:
        del rule["INTERVAL"]
    last = timetable.ends_on
    if slot.term_time_only:
        last = min(filter(None, (last, timetable.terms[-1][1])))
    if slot.frequency == "course":
        # COUNT and UNTIL may not both be given: count what is left to the last day.
        last = min(filter(None, (last, recurrence.course_last_day(slot))))
        rule["COUNT"] = sum(1 for _day in recurrence.occurrences(slot, first, last))
    elif last:
        rule["UNTIL"] = _until(last, zone)
    skipped = set(_cancelled_in_series(slot, first, timetable))
    if slot.term_time_only and last:
        skipped.update(recurrence.holiday_dates(slot, first, last, timetable.terms))
    return rule, sorted(skipped)


def _venue_of(activity, position: int):
    """Where a slot is held: its own venue, else the activity's."""
    row = activity.schedules[position]
    return getattr(row, "venue", None) or activity.venue


def activity_events(activity, page_url: str, now: datetime) -> list[Event]:
    """One event per slot that still has a session to come; ``now`` is local wall-clock
    time. The text is in the page's language where the listing has a translation."""
    timetable = schedules.timetable_for(activity)
    zone = _zone()
    text = activity_text(activity)
    stamp = datetime.now(UTC).replace(microsecond=0)
    events = []
    for position, slot in enumerate(timetable.slots):
        session = _first_session(timetable, slot, now)
        if session is None:
            continue
        event = Event()
        event.add("uid", event_uid(activity, position))
        event.add("dtstamp", stamp)
        event.add("last-modified", aware(activity.updated_at).replace(microsecond=0))
        # Goes up with every change to the listing, as RFC 5545 asks of SEQUENCE.
        event.add("sequence", activity.content_version or 0)
        event.add("dtstart", session.starts_at.replace(tzinfo=zone))
        event.add("dtend", session.ends_at.replace(tzinfo=zone))
        event.add("summary", text.title, parameters={"LANGUAGE": text.fields["title"][1]})
        event.add(
            "description",
            f"{text.summary}\n\n{page_url}",
            parameters={"LANGUAGE": text.fields["summary"][1]},
        )
        event.add("url", page_url)
        venue = _venue_of(activity, position)
        if venue is not None:
            event.add("location", _location(venue))
            if venue.latitude is not None and venue.longitude is not None:
                event.add("geo", (venue.latitude, venue.longitude))
        if slot.frequency == "once":
            if slot.on_date in timetable.cancelled:
                event.add("status", "CANCELLED")
        else:
            rule, skipped = _rule(slot, session.starts_at.date(), timetable, zone)
            event.add("rrule", rule)
            if skipped:
                event.add("exdate", [datetime.combine(day, slot.start, zone) for day in skipped])
        events.append(event)
    return events


def activity_calendar(activity, page_url: str, now: datetime) -> bytes:
    """The iCalendar file of one activity's sessions."""
    calendar = new_calendar(None, now)
    for event in activity_events(activity, page_url, now):
        calendar.add_component(event)
    return calendar.to_ical()


def feed_calendar(name: str, listed: Iterable[tuple[object, str]], now: datetime) -> bytes:
    """One calendar for many activities (``listed``: pairs of activity and page address),
    named for a calendar app's list of subscriptions."""
    calendar = new_calendar(name, now)
    # A hint for apps that read it (most poll when they choose): often enough that a
    # session cancelled this morning is gone from the calendar by the afternoon.
    calendar.refresh_interval = timedelta(hours=3)
    calendar.add("x-published-ttl", timedelta(hours=3))
    for activity, page_url in listed:
        for event in activity_events(activity, page_url, now):
            calendar.add_component(event)
    return calendar.to_ical()
