"""When a series meets, as OpenActive data: its Schedules and its ScheduledSessions.

Times are wall-clock times in the deployment's timezone (``scheduleTimezone``), as groups
publish them; a session's ``startDate`` carries the offset of its own day, so a 10:00
session is "10:00+01:00" in summer and "10:00+00:00" in winter.

Every kind of slot is one Schedule: ``repeatFrequency`` P1W, P2W, P3W… or P1M; a monthly
slot's ``byDay`` in iCal's form ("1MO", "-1FR"), which OpenActive allows; a course's
``repeatCount``; a term-time slot ends with the last term known, its school-holiday
dates in ``exceptDate`` with its cancelled ones.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from directory_app.domain import recurrence
from directory_app.domain.schedules import Slot, Timetable
from directory_app.openactive.addresses import FeedAddresses, activity_page
from directory_app.openactive.eligibility import deployment_zone

DAYS = tuple(
    f"https://schema.org/{day}"
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
)
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


def _first_date(slot: Slot, timetable: Timetable) -> date | None:
    """The date of the slot's first session, where the listing says when it starts (or,
    for a slot that repeats every few weeks, the session that fixes its weeks)."""
    if slot.frequency in ("once", "course"):
        return slot.on_date
    if timetable.starts_on is None:
        return (
            slot.on_date
        )  # None for weekly and monthly: they have run for as long as anyone knows
    return recurrence.first_on_or_after(slot, timetable.starts_on, timetable.terms)


def _last_date(slot: Slot, timetable: Timetable) -> date | None:
    """The last day the slot can meet: the activity's, a course's last week, or the end of
    the last school term known."""
    last = [timetable.ends_on]
    if slot.frequency == "course":
        last.append(recurrence.course_last_day(slot))
    if slot.term_time_only and timetable.terms:
        last.append(timetable.terms[-1][1])
    return min(filter(None, last), default=None)


def _excepted_starts(slot: Slot, timetable: Timetable, zone: ZoneInfo) -> list[str]:
    """The starts of this slot's cancelled sessions and of a term-time slot's sessions in
    the school holidays (``exceptDate``)."""
    days = {day for day in timetable.cancelled if recurrence.runs_on(slot, day, timetable.terms)}
    first, last = _first_date(slot, timetable), _last_date(slot, timetable)
    if slot.term_time_only and first and last:
        days.update(recurrence.holiday_dates(slot, first, last, timetable.terms))
    return [local_moment(day, slot.start, zone).isoformat() for day in sorted(days)]


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
        first = _first_date(slot, timetable)
        if slot.frequency == "once":
            schedule.update(repeatFrequency="P1D", repeatCount=1, endDate=slot.on_date)
        else:
            parts = recurrence.rule_parts(slot)
            schedule["repeatFrequency"] = recurrence.repeat_duration(slot)
            byday = DAYS[slot.weekday] if slot.frequency != "monthly" else parts["BYDAY"]
            schedule["byDay"] = [byday]
            if slot.frequency == "course":
                schedule["repeatCount"] = slot.course_weeks
            elif last := _last_date(slot, timetable):
                schedule["endDate"] = last
        if first is not None:
            schedule["startDate"] = first
        for name in ("startDate", "endDate"):
            if name in schedule:
                schedule[name] = schedule[name].isoformat()
        if excepted := _excepted_starts(slot, timetable, zone):
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
