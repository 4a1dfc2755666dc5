"""schema.org structured data for an activity page: an Event, or an EventSeries with its
schedule.

Most activities repeat (every Tuesday, every third Thursday, the first Monday of the month,
a six-week course): those are an EventSeries whose ``eventSchedule`` has one Schedule per
repeating slot (``byMonthWeek`` for a monthly one, ``repeatCount`` for a course, the
school holidays as ``exceptDate`` for term time), with the next few sessions as
``subEvent``s, which is what search engines show as dates. schema.org's ``byMonthWeek``
counts weeks 1 to 5 from the start of the month, so a "last Friday" slot has no Schedule:
its sessions are still listed one by one. An activity held once is an
Event with its start and end. Times are local wall-clock times, given with the deployment's
offset so that they mean one moment wherever they are read.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from directory_app.discovery.addresses import PageAddresses
from directory_app.discovery.structured_data import (
    CONTEXT,
    node_id,
    organisation_reference,
    place,
    without_empty,
)
from directory_app.domain import recurrence, schedules
from directory_app.i18n.formatting import cost_in_words
from directory_app.i18n.labels import label
from directory_app.i18n.listing_text import activity_text
from directory_app.web.forms import web_address

SCHEMA = "https://schema.org/"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ATTENDANCE = {
    "in-person": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "phone": "OnlineEventAttendanceMode",
    "hybrid": "MixedEventAttendanceMode",
}
CURRENCY = "GBP"
# Sessions named one by one: enough for "the next dates", few enough to keep pages light.
SESSIONS_LISTED = 5
# An audience of everyone is no audience to name.
EVERYONE = "everyone"


def activity_data(activity, addresses: PageAddresses, now: datetime) -> dict:
    """An activity page's Event or EventSeries (``now``: local wall-clock time)."""
    text = activity_text(activity)
    page = addresses.on_this_page("directory.activity", activity_id=activity.id)
    timetable = schedules.timetable_for(activity)
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    status = "EventPostponed" if activity.status == "paused" else "EventScheduled"
    mode = ATTENDANCE.get(activity.attendance_mode, ATTENDANCE["in-person"])
    data = {
        "@context": CONTEXT,
        "@type": "Event",
        "@id": node_id(page, "event"),
        "url": page,
        "name": text.title,
        "description": text.summary,
        "eventStatus": SCHEMA + status,
        "eventAttendanceMode": SCHEMA + mode,
        "location": _location(activity, addresses, page),
        "organizer": organisation_reference(activity.organisation, addresses),
        "isAccessibleForFree": activity.is_free,
        "offers": _offer(activity, text, page),
        "inLanguage": _one_or_many(activity.language_codes),
        "audience": _audience(activity),
        "typicalAgeRange": _age_range(activity.age_min, activity.age_max),
        "keywords": ", ".join(label("category", code) for code in activity.category_codes),
    }
    once = [slot for slot in timetable.slots if slot.frequency == "once"]
    if len(once) == 1 and len(timetable.slots) == 1:
        data["startDate"] = _moment(once[0].on_date, once[0].start, zone)
        data["endDate"] = _moment(once[0].on_date, once[0].end, zone)
    elif timetable.slots:
        data["@type"] = "EventSeries"
        data["startDate"] = _day(timetable.starts_on)
        data["endDate"] = _day(timetable.ends_on)
        data["eventSchedule"] = [
            _schedule(slot, timetable, zone.key, now.date())
            for slot in timetable.slots
            if slot.frequency != "once" and slot.month_week != -1
        ]
        if activity.status != "paused":
            sessions = schedules.upcoming_sessions(timetable, now, count=SESSIONS_LISTED)
            data["subEvent"] = [_session(session, data, zone) for session in sessions]
    return without_empty(data)


def _location(activity, addresses: PageAddresses, page: str):
    """The venue; somewhere online for activities held online or by phone; both for those
    held either way."""
    online = {"@type": "VirtualLocation", "url": web_address(activity.contact_website) or page}
    if activity.venue is None:
        return online
    venue = place(activity.venue, addresses)
    return [venue, online] if activity.attendance_mode == "hybrid" else venue


def _offer(activity, text, page: str) -> dict:
    """What it costs: a price where there is one, else the cost in words."""
    offer = {"@type": "Offer", "url": page, "priceCurrency": CURRENCY,
             "description": text.cost_notes or cost_in_words(activity)}  # fmt: skip
    if activity.is_free:
        offer["price"] = "0"
    elif activity.cost_type == "fixed" and activity.cost_pence is not None:
        pounds, pence = divmod(activity.cost_pence, 100)
        offer["price"] = f"{pounds}.{pence:02d}"
    elif activity.cost_type == "pay-what-you-can":
        offer["priceSpecification"] = {
            "@type": "PriceSpecification",
            "minPrice": 0,
            "priceCurrency": CURRENCY,
        }
    return offer


def _audience(activity) -> dict:
    groups = [label("audience", code) for code in activity.audience_codes if code != EVERYONE]
    return {
        "@type": "PeopleAudience",
        "audienceType": ", ".join(groups),
        "suggestedMinAge": activity.age_min,
        "suggestedMaxAge": activity.age_max,
    }


def _age_range(age_min: int | None, age_max: int | None) -> str | None:
    """schema.org's "7-12", or "18-" for 18 and over."""
    if age_min is None and age_max is None:
        return None
    return f"{age_min or 0}-{'' if age_max is None else age_max}"


def _one_or_many(values: list[str]):
    return values[0] if len(values) == 1 else list(values)


def _schedule(slot: schedules.Slot, timetable: schedules.Timetable, zone: str, today: date):
    """One repeating slot as a Schedule, less the coming dates it is cancelled (and, for
    term time, the school holidays up to the last term known)."""
    first = _first_session(slot, timetable)
    last = timetable.ends_on
    if slot.term_time_only and timetable.terms:
        last = min(filter(None, (last, timetable.terms[-1][1])))
    if slot.frequency == "course":
        last = min(filter(None, (last, recurrence.course_last_day(slot))))
    excepted = {
        day
        for day in timetable.cancelled
        if day >= today and recurrence.runs_on(slot, day, timetable.terms)
    }
    if slot.term_time_only and timetable.terms and last:
        excepted.update(
            recurrence.holiday_dates(slot, max(today, first or today), last, timetable.terms)
        )
    return {
        "@type": "Schedule",
        "repeatFrequency": recurrence.repeat_duration(slot),
        "repeatCount": slot.course_weeks,
        "byDay": SCHEMA + WEEKDAYS[slot.weekday],
        "byMonthWeek": slot.month_week,
        "startTime": slot.start.isoformat(),
        "endTime": slot.end.isoformat(),
        "scheduleTimezone": zone,
        "startDate": _day(first),
        "endDate": _day(last),
        "exceptDate": [day.isoformat() for day in sorted(excepted)],
    }


def _first_session(slot: schedules.Slot, timetable: schedules.Timetable) -> date | None:
    """When the slot's Schedule starts: the activity's first day for a weekly slot, else
    its first session from then (a course's first); with no first day, the date that
    fixes its weeks (any session does)."""
    if slot.frequency == "course":
        return slot.on_date
    if timetable.starts_on is None or slot.frequency == "weekly":
        return timetable.starts_on or slot.on_date
    return recurrence.first_on_or_after(slot, timetable.starts_on, timetable.terms)


def _session(session: schedules.Session, series: dict, zone: ZoneInfo) -> dict:
    """One coming session, referring to the series' place by its ``@id``."""
    location = series["location"]
    places = location if isinstance(location, list) else [location]
    return {
        "@type": "Event",
        "name": series["name"],
        "url": series["url"],
        "startDate": session.starts_at.replace(tzinfo=zone).isoformat(),
        "endDate": session.ends_at.replace(tzinfo=zone).isoformat(),
        "eventStatus": series["eventStatus"],
        "eventAttendanceMode": series["eventAttendanceMode"],
        "location": _one_or_many(
            [{"@id": each["@id"]} if "@id" in each else each for each in places]
        ),
    }


def _moment(day: date, clock, zone: ZoneInfo) -> str:
    return datetime.combine(day, clock, tzinfo=zone).isoformat()


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None
