"""When activities happen: recurring slots, the next sessions, and a compact encoding.

Times are local wall-clock times (the deployment's timezone), as organisers publish them.
The same functions serve the activity page (the next few dates), the calendar download and
the search index (sorting by next session), so they work on plain data, not on models.
"""

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _

from directory_app.domain.vocabulary import WEEKDAY_CODES, time_of_day


@dataclass(frozen=True)
class Slot:
    """One weekly or fortnightly slot, or one dated session."""

    frequency: str  # 'weekly', 'fortnightly' or 'once'
    weekday: int | None
    on_date: date | None
    start: time
    end: time


@dataclass(frozen=True)
class Session:
    slot: Slot
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Timetable:
    """An activity's slots, the dates between which it runs, and the dates it does not
    run after all (single sessions the group has cancelled)."""

    slots: tuple[Slot, ...]
    starts_on: date | None = None
    ends_on: date | None = None
    cancelled: frozenset[date] = frozenset()


def timetable_for(activity) -> Timetable:
    """Build the timetable of an Activity model, with its cancelled dates."""
    slots = tuple(
        Slot(row.frequency, row.weekday, row.on_date, row.start_time, row.end_time)
        for row in activity.schedules
    )
    # Read with getattr: stand-ins for an activity (a preview, plain test objects) may
    # have no cancellations at all.
    cancelled = frozenset(row.on_date for row in getattr(activity, "cancellations", ()))
    return Timetable(slots, activity.starts_on, activity.ends_on, cancelled)


def _occurrences(slot: Slot, first_day: date, last_day: date):
    """Yield the dates of a slot's sessions between two days, inclusive, in order."""
    if slot.frequency == "once":
        if first_day <= slot.on_date <= last_day:
            yield slot.on_date
        return
    step = 7 if slot.frequency == "weekly" else 14
    day = first_day + timedelta(days=(slot.weekday - first_day.weekday()) % 7)
    if slot.frequency == "fortnightly":
        # Keep to the fortnight fixed by the slot's reference date.
        weeks_apart = (day - slot.on_date).days // 7
        if weeks_apart % 2:
            day += timedelta(days=7)
    while day <= last_day:
        yield day
        day += timedelta(days=step)


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
        for day in _occurrences(slot, first_day, last_day):
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
                ]
                for slot in timetable.slots
            ],
            "from": timetable.starts_on.isoformat() if timetable.starts_on else None,
            "to": timetable.ends_on.isoformat() if timetable.ends_on else None,
        },
        separators=(",", ":"),
    )


def decode(text: str) -> Timetable:
    """Read back a timetable written by ``encode``."""
    data = json.loads(text)
    slots = tuple(
        Slot(
            frequency,
            weekday,
            date.fromisoformat(on_date) if on_date else None,
            time.fromisoformat(start),
            time.fromisoformat(end),
        )
        for frequency, weekday, on_date, start, end in data["s"]
    )
    return Timetable(
        slots,
        date.fromisoformat(data["from"]) if data["from"] else None,
        date.fromisoformat(data["to"]) if data["to"] else None,
    )


# The text form of a timetable used in CSV files and forms: slots joined by "; ", each
# "weekly:tue:10:00-12:00", "fortnightly:tue:10:00-12:00:2026-12-01" (a date it runs on)
# or "once:2026-12-05:10:00-11:00".
_TIMES = r"(\d{2}:\d{2})-(\d{2}:\d{2})"


def schedule_text(timetable: Timetable) -> str:
    parts = []
    for slot in timetable.slots:
        times = f"{slot.start:%H:%M}-{slot.end:%H:%M}"
        if slot.frequency == "once":
            parts.append(f"once:{slot.on_date.isoformat()}:{times}")
        elif slot.frequency == "weekly":
            parts.append(f"weekly:{WEEKDAY_CODES[slot.weekday]}:{times}")
        else:
            parts.append(
                f"fortnightly:{WEEKDAY_CODES[slot.weekday]}:{times}:{slot.on_date.isoformat()}"
            )
    return "; ".join(parts)


def parse_schedule_text(text: str) -> tuple[Slot, ...]:
    """Read the text form; raise ValueError with a message a person can act on."""
    slots = []
    for part in (piece.strip() for piece in text.split(";")):
        if not part:
            continue
        if match := re.fullmatch(rf"weekly:(\w{{3}}):{_TIMES}", part):
            day, start, end = match.groups()
            on = None
        elif match := re.fullmatch(
            rf"fortnightly:(\w{{3}}):{_TIMES}:(\d{{4}}-\d{{2}}-\d{{2}})", part
        ):
            day, start, end, on = match.groups()
        elif match := re.fullmatch(rf"once:(\d{{4}}-\d{{2}}-\d{{2}}):{_TIMES}", part):
            on, start, end = match.groups()
            day = None
        else:
            raise ValueError(
                _(
                    "'{part}' is not weekly:tue:10:00-12:00, "
                    "fortnightly:tue:10:00-12:00:2026-12-01 or once:2026-12-05:10:00-11:00"
                ).format(part=part)
            )
        if day is not None and day not in WEEKDAY_CODES:
            raise ValueError(
                _("'{day}' is not a day: use {days}").format(day=day, days=", ".join(WEEKDAY_CODES))
            )
        try:
            on_date = date.fromisoformat(on) if on else None
            start_time, end_time = time.fromisoformat(start), time.fromisoformat(end)
        except ValueError as error:
            raise ValueError(
                _("'{part}' has a date or time that does not exist").format(part=part)
            ) from error
        if end_time <= start_time:
            raise ValueError(_("A session must end after it starts"))
        frequency = part.split(":", 1)[0]
        weekday = WEEKDAY_CODES.index(day) if day else on_date.weekday()
        if frequency == "fortnightly" and on_date.weekday() != weekday:
            raise ValueError(_("{date} is not a {day}").format(date=on_date.isoformat(), day=day))
        slots.append(Slot(frequency, weekday, on_date, start_time, end_time))
    if not slots:
        raise ValueError(_("Give at least one session"))
    return tuple(slots)
