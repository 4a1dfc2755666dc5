"""An activity's sessions as an iCalendar file, for "Add to calendar"."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from directory_app.domain import schedules
from directory_app.i18n.listing_text import activity_text

ICS_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Europe/London, so calendar apps show the local time on either side of the clock change.
VTIMEZONE_LONDON = """BEGIN:VTIMEZONE
TZID:Europe/London
BEGIN:DAYLIGHT
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
TZNAME:BST
DTSTART:19700329T010000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
TZNAME:GMT
DTSTART:19701025T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold lines longer than 75 octets, as RFC 5545 requires."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > 74:
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def activity_calendar(activity, page_url: str, now: datetime) -> str:
    """The iCalendar text for an activity: one event per slot, recurring where it recurs."""
    timetable = schedules.timetable_for(activity)
    location = ""
    if activity.venue:
        venue = activity.venue
        location = f"{venue.name}, {venue.address_line}, {venue.town} {venue.postcode}"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = activity_text(activity)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Community activity directory//EN",
        "CALSCALE:GREGORIAN",
        *VTIMEZONE_LONDON.splitlines(),
    ]
    for index, slot in enumerate(timetable.slots):
        first = schedules.upcoming_sessions(
            schedules.Timetable((slot,), timetable.starts_on, timetable.ends_on), now, count=1
        )
        if not first:
            continue
        session = first[0]
        lines += [
            "BEGIN:VEVENT",
            f"UID:activity-{activity.id}-slot-{index}@{urlsplit(page_url).hostname}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;TZID=Europe/London:{session.starts_at:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/London:{session.ends_at:%Y%m%dT%H%M%S}",
            f"SUMMARY:{_escape(text.title)}",
            f"DESCRIPTION:{_escape(text.summary + chr(10) + page_url)}",
            f"URL:{page_url}",
        ]
        if location:
            lines.append(f"LOCATION:{_escape(location)}")
        if slot.frequency != "once":
            rule = f"RRULE:FREQ=WEEKLY;INTERVAL={1 if slot.frequency == 'weekly' else 2}"
            rule += f";BYDAY={ICS_WEEKDAYS[slot.weekday]}"
            if timetable.ends_on:
                rule += f";UNTIL={timetable.ends_on:%Y%m%d}T235959Z"
            lines.append(rule)
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
