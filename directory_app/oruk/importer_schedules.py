"""A feed's schedules (RFC 5545 rules, as Open Referral gives them) as our session slots.

``freq`` WEEKLY with ``byday`` becomes weekly, fortnightly or every-n-weeks slots (by its
``interval``, up to 52; two or more need a ``dtstart`` to fix their weeks), or a course
when it has a ``count`` of sessions from its ``dtstart``; ``freq`` MONTHLY with a ``byday``
such as "1MO" or "-1FR" becomes a slot on that weekday of each month; a schedule with no
``freq`` and a date (``dtstart``, else ``valid_from``) is one session on that day. What
we cannot hold as slots (daily or yearly rules, days of the month, no times) is left out
with a note, and its description kept in the listing's schedule notes, so nothing is
made up.
Each schedule's ``notes`` go to the schedule notes too; ``attending_type`` says how people
take part when it is one of our attendance modes ("In person", "By phone"…).
"""

import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cache

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from directory_app.domain.schedules import Slot
from directory_app.domain.slots import MOST_WEEKS
from directory_app.domain.vocabulary import ATTENDANCE_MODES
from directory_app.oruk.importer_values import Fields

BYDAY = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
MAX_SCHEDULES = 50
NOTES_LENGTH = 300  # Activity.schedule_notes
_MONTH_DAY = re.compile(r"(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)")
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


@dataclass(frozen=True)
class Schedules:
    slots: tuple[Slot, ...]
    notes: str  # the schedules' notes (and descriptions of those left out), for schedule_notes
    starts_on: date | None
    ends_on: date | None
    attendance_mode: str | None  # when every schedule's attending_type names the same one


def read_schedules(fields: Fields, service: dict) -> Schedules | None:
    """The service's slots, notes and dates; None when the feed gave no schedules at all
    (then ours are left as they are)."""
    if not fields.present(service, "schedules"):
        return None
    slots, notes, starts, ends, modes = [], [], [], [], set()
    names = _attendance_names()
    for path, schedule in fields.items(service, "schedules", "schedules", MAX_SCHEDULES):
        valid_from = fields.day(schedule, "valid_from", f"{path}.valid_from")
        valid_to = fields.day(schedule, "valid_to", f"{path}.valid_to")
        found = _slots(fields, path, schedule, valid_from)
        # A description says in words what the slots now say ("Every Tuesday, 10:00 to
        # 12:00"); it is kept only for a schedule we could not turn into slots.
        for key in ("notes",) if found else ("description", "notes"):
            text = fields.text(schedule, key, f"{path}.{key}", NOTES_LENGTH)
            if text and text not in notes:
                notes.append(text)
        slots += [slot for slot in found if slot not in slots]
        attending = fields.text(schedule, "attending_type", f"{path}.attending_type", 200)
        modes.add(names.get(" ".join(attending.lower().split())))
        # A dated session and a course carry their own dates: they do not bound the activity.
        if found and found[0].frequency not in ("once", "course"):
            starts.append(valid_from)
            ends.append(valid_to)
    return Schedules(
        slots=tuple(slots),
        notes="; ".join(notes)[:NOTES_LENGTH].rstrip(),
        # The activity runs between dates only when every recurring schedule says so.
        starts_on=min(starts) if starts and None not in starts else None,
        ends_on=max(ends) if ends and None not in ends else None,
        attendance_mode=next(iter(modes)) if len(modes) == 1 else None,
    )


@cache
def _attendance_names() -> dict[str, str]:
    """Our attendance modes by their English labels and codes, simplified."""
    with force_locale("en"):
        names = {" ".join(str(term.label).lower().split()): term.code for term in ATTENDANCE_MODES}
    return {**names, **{term.code: term.code for term in ATTENDANCE_MODES}}


def _time(fields: Fields, schedule: dict, key: str, path: str) -> time | None:
    text = fields.text(schedule, key, f"{path}.{key}", 40)
    if not text:
        return None
    match = _TIME_RE.match(text)
    if not match:
        fields.problem(f"{path}.{key}", _("Use a time like 10:00"))
        return None
    # Times are wall-clock times where the activity is held, as we keep them: a zone is
    # dropped, as are seconds (the editor works in minutes).
    return time(int(match.group(1)), int(match.group(2)))


def _slots(fields: Fields, path: str, schedule: dict, valid_from: date | None) -> list[Slot]:
    """The slots of one schedule; [] (with a note, or a problem) when it gives none."""
    frequency = fields.text(schedule, "freq", f"{path}.freq", 20).upper()
    opens = _time(fields, schedule, "opens_at", path)
    closes = _time(fields, schedule, "closes_at", path)
    first = fields.day(schedule, "dtstart", f"{path}.dtstart")
    interval = fields.whole_number(schedule, "interval", f"{path}.interval", 1, 366)
    if frequency not in ("", "WEEKLY", "MONTHLY"):
        fields.note(
            f"{path}.freq",
            _("{frequency} sessions cannot be listed as slots: see the notes").format(
                frequency=frequency
            ),
        )
        return []
    if opens is None or closes is None:
        if "opens_at" in schedule or "closes_at" in schedule or frequency:
            fields.note(path, _("No opening and closing times: left out of the sessions"))
        return []
    if closes <= opens:
        fields.problem(f"{path}.closes_at", _("A session must end after it starts"))
        return []
    if not frequency:
        on = first or valid_from
        if on is None:
            fields.note(path, _("No freq and no date: left out of the sessions"))
            return []
        return [Slot("once", on.weekday(), on, opens, closes)]
    if frequency == "MONTHLY":
        return _monthly(fields, path, schedule, interval, opens, closes)
    anchor = first or valid_from
    days = _weekdays(fields, schedule, path)
    if days is None:
        if anchor is None:
            fields.note(f"{path}.byday", _("No days given: left out of the sessions"))
            return []
        days = [anchor.weekday()]
    count = fields.whole_number(schedule, "count", f"{path}.count", 1, MOST_WEEKS)
    if count is not None and (interval or 1) == 1 and anchor is not None:
        return [
            Slot("course", day, _first_on(anchor, day, 1), opens, closes, course_weeks=count)
            for day in days
        ]
    interval = interval or 1
    if interval == 1:
        return [Slot("weekly", day, None, opens, closes) for day in days]
    if interval > MOST_WEEKS:
        fields.note(
            f"{path}.interval",
            ngettext(
                "Every %(num)d week cannot be listed as slots: see the notes",
                "Every %(num)d weeks cannot be listed as slots: see the notes",
                interval,
            ),
        )
        return []
    if anchor is None:
        fields.note(f"{path}.dtstart", _("Sessions every few weeks need a dtstart: left out"))
        return []
    kind = "fortnightly" if interval == 2 else "every_n_weeks"
    return [
        Slot(
            kind,
            day,
            _first_on(anchor, day, interval),
            opens,
            closes,
            interval_weeks=interval if interval > 2 else None,
        )
        for day in days
    ]


def _monthly(fields: Fields, path: str, schedule: dict, interval, opens, closes) -> list[Slot]:
    """Slots on a weekday of each month ("1MO", "-1FR"); [] with a note for the rest."""
    text = fields.text(schedule, "byday", f"{path}.byday", 60).upper()
    found = [_MONTH_DAY.fullmatch(part.strip()) for part in text.split(",")] if text else []
    if (interval or 1) != 1 or not found or not all(found):
        fields.note(
            f"{path}.byday",
            _("Only a weekday of each month, like 1MO or -1FR, can be listed as a slot"),
        )
        return []
    slots = []
    for match in found:
        week, day = int(match.group(1)), BYDAY[match.group(2)]
        slot = Slot("monthly", day, None, opens, closes, month_week=week)
        if slot not in slots:
            slots.append(slot)
    return slots


def _weekdays(fields: Fields, schedule: dict, path: str) -> list[int] | None:
    """The days of ``byday`` (Monday is 0), or None when it is not given."""
    text = fields.text(schedule, "byday", f"{path}.byday", 60).upper()
    if not text:
        return None
    days = []
    for part in (piece.strip() for piece in text.split(",")):
        if part not in BYDAY:
            fields.problem(
                f"{path}.byday",
                _("'{day}' is not a day: use {days}").format(day=part[:10], days=", ".join(BYDAY)),
            )
            return None
        if BYDAY[part] not in days:
            days.append(BYDAY[part])
    return days


def _first_on(start: date, weekday: int, weeks: int) -> date:
    """The first session on or after ``start`` on this day, counting repeats of ``weeks``
    from the week ``start`` is in (weeks begin on Monday, as RFC 5545's default)."""
    day = start - timedelta(days=start.weekday()) + timedelta(days=weekday)
    return day if day >= start else day + timedelta(weeks=weeks)
