"""An activity's sessions as Open Referral schedules (iCalendar RRULE fields, RFC 5545).

The fields are the parts ``recurrence.rule_parts`` gives, as "next session" and the
calendar file use:

- weekly, fortnightly, every n weeks: ``freq`` WEEKLY, ``interval`` 1, 2 or n, ``byday``
  the day, with ``dtstart`` a date it runs on when it repeats every two or more weeks,
  which fixes its weeks (the first such date on or after the activity's start, when it
  has one);
- monthly: ``freq`` MONTHLY, ``byday`` with the week of the month ("1MO", "-1FR");
- a course: WEEKLY with ``count`` its sessions, ``dtstart`` the first, ``valid_to`` the last;
- one-off: no ``freq``; ``dtstart``, ``valid_from`` and ``valid_to`` are its date.

The standard has no school terms: a term-time slot says so in its description.
``valid_from``/``valid_to`` are the dates the activity runs between; ``opens_at`` and
``closes_at`` are local (UK) wall-clock times as HH:MM, as organisers publish them, which
the standard's own examples also give without a zone. Each schedule's id is fixed by its
position among the activity's sessions, so editing anything else leaves it unchanged.
"""

from dataclasses import replace
from datetime import date, timedelta

from directory_app.domain import recurrence
from directory_app.domain.schedules import slot_of
from directory_app.oruk.fields import clock, present
from directory_app.oruk.identifiers import part_id
from directory_app.oruk.parameters import DAY_NAMES

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
MONTH_WEEKS = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", -1: "Last"}
ATTENDING = {
    "in-person": "In person",
    "online": "Online",
    "phone": "By phone",
    "hybrid": "In person or online",
}


def _first_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def fortnight_start(slot, starts_on: date | None) -> date:
    """A date a slot that repeats every two or more weeks runs on: the first on or after
    ``starts_on`` when given, else the one in the week of the slot's reference date."""
    anchor = _first_on_or_after(slot.on_date, slot.weekday)
    if starts_on is None:
        return anchor
    step = 7 * (getattr(slot, "interval_weeks", None) or 2)  # a Slot or a row
    repeats = -((anchor - starts_on).days // step)  # whole repeats, rounded towards later
    return anchor + timedelta(days=step * repeats)


def _long_date(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def _description(slot, times: str) -> str:
    if slot.frequency == "once":
        return f"{_long_date(slot.on_date)}, {times}"
    day = DAY_NAMES[slot.weekday]
    if slot.frequency == "weekly":
        words = f"Every {day}"
    elif slot.frequency == "fortnightly":
        words = f"Every other {day}"
    elif slot.frequency == "every_n_weeks":
        words = f"Every {slot.interval_weeks} weeks on {day}"
    elif slot.frequency == "monthly":
        words = f"{MONTH_WEEKS[slot.month_week]} {day} of the month"
    else:
        count = "1 week" if slot.course_weeks == 1 else f"{slot.course_weeks} weeks"
        words = f"{day}s for {count} from {_long_date(slot.on_date)}"
    term = ", term time only" if slot.term_time_only else ""
    return f"{words}, {times}{term}"


def _recurrence(activity, slot) -> dict:
    """The iCalendar fields of a slot: its rule, first date and the dates it is valid for."""
    if slot.frequency == "once":
        on = slot.on_date.isoformat()
        return {"dtstart": on, "valid_from": on, "valid_to": on}
    parts = recurrence.rule_parts(slot)
    valid_from, valid_to = activity.starts_on, activity.ends_on
    if slot.frequency == "course":
        first = slot.on_date
        valid_from = max(filter(None, (valid_from, first)))
        valid_to = min(filter(None, (valid_to, recurrence.course_last_day(slot))))
    elif slot.on_date is not None:
        first = fortnight_start(slot, activity.starts_on)
    elif activity.starts_on is not None:
        # Term time or not, the rule starts on its first date from the activity's start.
        every_week = replace(slot, term_time_only=False)
        first = recurrence.first_on_or_after(every_week, activity.starts_on)
    else:
        first = None
    return {
        "freq": parts["FREQ"],
        "interval": parts.get("INTERVAL", 1),
        "byday": parts["BYDAY"],
        "count": parts.get("COUNT"),
        "dtstart": first.isoformat() if first else None,
        "valid_from": valid_from.isoformat() if valid_from else None,
        "valid_to": valid_to.isoformat() if valid_to else None,
    }


def schedule_document(activity, position: int, row, page_url: str) -> dict:
    """One session slot of an activity (an ActivitySchedule row) as a schedule."""
    # The standard's schedule has no place of its own; the page query loads no venues.
    slot = slot_of(row, with_venue=False)
    opens, closes = clock(slot.start), clock(slot.end)
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
