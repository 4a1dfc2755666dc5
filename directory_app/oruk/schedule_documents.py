"""An activity's sessions as Open Referral schedules (iCalendar RRULE fields, RFC 5545).

- weekly: ``freq`` WEEKLY, ``interval`` 1, ``byday`` the day;
- fortnightly: ``interval`` 2, with ``dtstart`` a date it runs on, which fixes the
  fortnight (the first such date on or after the activity's start, when it has one);
- one-off: no ``freq``; ``dtstart``, ``valid_from`` and ``valid_to`` are its date.

``valid_from``/``valid_to`` are the dates the activity runs between; ``opens_at`` and
``closes_at`` are local (UK) wall-clock times as HH:MM, as organisers publish them, which
the standard's own examples also give without a zone. Each schedule's id is fixed by its
position among the activity's sessions, so editing anything else leaves it unchanged.
"""

from datetime import date, timedelta

from directory_app.oruk.fields import clock, present
from directory_app.oruk.identifiers import part_id
from directory_app.oruk.parameters import DAY_CODES, DAY_NAMES

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
ATTENDING = {
    "in-person": "In person",
    "online": "Online",
    "phone": "By phone",
    "hybrid": "In person or online",
}


def _first_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def fortnight_start(slot, starts_on: date | None) -> date:
    """A date a fortnightly slot runs on: the first on or after ``starts_on`` when given,
    else the one in the week of the slot's reference date."""
    anchor = _first_on_or_after(slot.on_date, slot.weekday)
    if starts_on is None:
        return anchor
    fortnights = -((anchor - starts_on).days // 14)  # whole fortnights, rounded towards later
    return anchor + timedelta(days=14 * fortnights)


def _long_date(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def _description(slot, times: str) -> str:
    if slot.frequency == "once":
        return f"{_long_date(slot.on_date)}, {times}"
    every = "Every" if slot.frequency == "weekly" else "Every other"
    return f"{every} {DAY_NAMES[slot.weekday]}, {times}"


def _recurrence(activity, slot) -> dict:
    """The iCalendar fields of a slot: its rule, first date and the dates it is valid for."""
    if slot.frequency == "once":
        on = slot.on_date.isoformat()
        return {"dtstart": on, "valid_from": on, "valid_to": on}
    if slot.frequency == "fortnightly":
        first = fortnight_start(slot, activity.starts_on)
    elif activity.starts_on is not None:
        first = _first_on_or_after(activity.starts_on, slot.weekday)
    else:
        first = None
    return {
        "freq": "WEEKLY",
        "interval": 1 if slot.frequency == "weekly" else 2,
        "byday": DAY_CODES[slot.weekday],
        "dtstart": first.isoformat() if first else None,
        "valid_from": activity.starts_on.isoformat() if activity.starts_on else None,
        "valid_to": activity.ends_on.isoformat() if activity.ends_on else None,
    }


def schedule_document(activity, position: int, slot, page_url: str) -> dict:
    """One session slot of an activity as a schedule."""
    opens, closes = clock(slot.start_time), clock(slot.end_time)
    return present(
        id=str(part_id(activity.public_id, "schedule", position)),
        **_recurrence(activity, slot),
        opens_at=opens,
        closes_at=closes,
        description=_description(slot, f"{opens} to {closes}"),
        notes=activity.schedule_notes,
        attending_type=ATTENDING.get(activity.attendance_mode),
        schedule_link=page_url,
    )


def schedules(activity, page_url: str) -> list[dict]:
    """Every session slot of an activity, in the order the listing gives them."""
    return [
        schedule_document(activity, position, slot, page_url)
        for position, slot in enumerate(activity.schedules)
    ]
