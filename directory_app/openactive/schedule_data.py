"""When a series meets, as OpenActive data: its Schedules and its ScheduledSessions.

Times are wall-clock times in the deployment's timezone (``scheduleTimezone``), as groups
publish them; a session's ``startDate`` carries the offset of its own day, so a 10:00
session is "10:00+01:00" in summer and "10:00+00:00" in winter.
"""

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from directory_app.domain.schedules import Slot, Timetable
from directory_app.openactive.addresses import FeedAddresses, activity_page
from directory_app.openactive.eligibility import deployment_zone

DAYS = tuple(
    f"https://schema.org/{day}"
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
)
REPEATS = {"weekly": "P1W", "fortnightly": "P2W"}
SCHEDULED = "https://schema.org/EventScheduled"
CANCELLED = "https://schema.org/EventCancelled"
_MINUTE = timedelta(minutes=1)


def iso_duration(minutes: int) -> str:
    """How long a session lasts, as an ISO 8601 duration ("PT1H30M")."""
    hours, minutes = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or not hours else "")


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def local_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time on a day, as a moment (the earlier one in an autumn clock change)."""
    return datetime.combine(day, at, tzinfo=zone)


def _first_date(slot: Slot, starts_on: date | None) -> date | None:
    """The date of the slot's first session, where the listing says when it starts (or, for
    a fortnightly slot, the session that fixes its fortnight)."""
    if slot.frequency == "once":
        return slot.on_date
    if starts_on is None:
        return slot.on_date  # None for weekly: it has run for as long as anyone knows
    if slot.frequency == "weekly":
        return starts_on + timedelta(days=(slot.weekday - starts_on.weekday()) % 7)
    fortnights = math.ceil((starts_on - slot.on_date).days / 14)
    return slot.on_date + timedelta(days=14 * fortnights)


def _cancelled_starts(slot: Slot, timetable: Timetable, zone: ZoneInfo) -> list[str]:
    """The starts of this slot's cancelled sessions (``exceptDate``)."""
    starts = []
    for day in sorted(timetable.cancelled):
        if slot.frequency == "once":
            runs = day == slot.on_date
        elif slot.frequency == "weekly":
            runs = day.weekday() == slot.weekday
        else:
            runs = day.weekday() == slot.weekday and (day - slot.on_date).days % 14 == 0
        if runs:
            starts.append(local_moment(day, slot.start, zone).isoformat())
    return starts


def event_schedule(timetable: Timetable, activity, addresses: FeedAddresses) -> list[dict]:
    """One Schedule per slot: a one-off session is a schedule that repeats once."""
    zone = deployment_zone()
    schedules = []
    for slot in timetable.slots:
        schedule = {
            "@type": "Schedule",
            "scheduledEventType": "ScheduledSession",
            "startTime": f"{slot.start:%H:%M}",
            "endTime": f"{slot.end:%H:%M}",
            "duration": iso_duration(_minutes(slot.end) - _minutes(slot.start)),
            "scheduleTimezone": zone.key,
            "idTemplate": addresses.session_id_template(activity.public_id),
        }
        first = _first_date(slot, timetable.starts_on)
        if slot.frequency == "once":
            schedule.update(repeatFrequency="P1D", repeatCount=1, endDate=slot.on_date)
        else:
            schedule["repeatFrequency"] = REPEATS[slot.frequency]
            schedule["byDay"] = [DAYS[slot.weekday]]
            if timetable.ends_on:
                schedule["endDate"] = timetable.ends_on
        if first is not None:
            schedule["startDate"] = first
        for name in ("startDate", "endDate"):
            if name in schedule:
                schedule[name] = schedule[name].isoformat()
        if excepted := _cancelled_starts(slot, timetable, zone):
            schedule["exceptDate"] = excepted
        schedules.append(schedule)
    return schedules


@dataclass(frozen=True)
class Occurrence:
    """One session of a series: when, and whether it has been called off."""

    starts_at: datetime  # aware, in the deployment's timezone
    ends_at: datetime
    cancelled: bool

    @property
    def start_date(self) -> str:
        """Its ``startDate``: the local time with that day's offset from UTC."""
        return self.starts_at.isoformat()


def scheduled_session(
    series_public_id, activity_id: int, occurrence: Occurrence, addresses: FeedAddresses
) -> dict:
    """A ScheduledSession: a reference to its series (in the SessionSeries feed) and when."""
    start, end = occurrence.starts_at, occurrence.ends_at
    return {
        "@context": "https://openactive.io/",
        "@type": "ScheduledSession",
        "@id": addresses.session_id(series_public_id, occurrence.start_date),
        "superEvent": addresses.series_id(series_public_id),
        "startDate": occurrence.start_date,
        "endDate": end.isoformat(),
        # Measured in UTC: a session across a clock change lasts as long as it really does.
        "duration": iso_duration((end.astimezone(UTC) - start.astimezone(UTC)) // _MINUTE),
        "eventStatus": CANCELLED if occurrence.cancelled else SCHEDULED,
        "url": activity_page(activity_id),
    }
