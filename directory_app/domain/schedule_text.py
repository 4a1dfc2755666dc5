"""The text form of a timetable, shared by versions, CSV import and export, and the editor.

Slots are joined by "; ", each one of::

    weekly:tue:10:00-12:00
    fortnightly:tue:10:00-12:00:2026-12-01       (2026-12-01: the date of one session)
    every:3:tue:10:00-12:00:2026-12-01           (every 3 weeks; the date of one session)
    monthly:first:mon:10:00-12:00                (first, second, third, fourth or last)
    course:6:2026-01-13:tue:10:00-12:00          (6 weekly sessions from 13 January)
    once:2026-12-05:10:00-11:00

with ":term" after a repeating slot that meets in school term time only, and "@venue-key"
at the end of a slot held somewhere other than the activity's venue. Older text (the
weekly, fortnightly and once forms) reads as it always has. Errors name the part at fault
and show how that kind is written, in the reader's language.
"""

import re
from dataclasses import replace
from datetime import date, time

from flask_babel import gettext as _

from directory_app.domain.slots import MOST_WEEKS, TERM_TIME_KINDS, Slot, Timetable
from directory_app.domain.vocabulary import WEEKDAY_CODES

MONTH_WEEK_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
_DAY, _DATE, _NUMBER = r"(\w+)", r"(\d{4}-\d{2}-\d{2})", r"(\d{1,3})"
_TIMES = r"(\d{2}:\d{2})-(\d{2}:\d{2})"
# Each kind: its pattern (groups named by ``_GROUPS``) and an example of it.
_FORMS = {
    "weekly": (rf"weekly:{_DAY}:{_TIMES}", "weekly:tue:10:00-12:00"),
    "fortnightly": (
        rf"fortnightly:{_DAY}:{_TIMES}:{_DATE}",
        "fortnightly:tue:10:00-12:00:2026-12-01",
    ),
    "every": (rf"every:{_NUMBER}:{_DAY}:{_TIMES}:{_DATE}", "every:3:tue:10:00-12:00:2026-12-01"),
    "monthly": (r"monthly:(\w+):" + rf"{_DAY}:{_TIMES}", "monthly:first:mon:10:00-12:00"),
    "course": (rf"course:{_NUMBER}:{_DATE}:{_DAY}:{_TIMES}", "course:6:2026-01-13:tue:10:00-12:00"),
    "once": (rf"once:{_DATE}:{_TIMES}", "once:2026-12-05:10:00-11:00"),
}
_GROUPS = {
    "weekly": ("day", "start", "end"),
    "fortnightly": ("day", "start", "end", "on"),
    "every": ("weeks", "day", "start", "end", "on"),
    "monthly": ("week", "day", "start", "end"),
    "course": ("weeks", "on", "day", "start", "end"),
    "once": ("on", "start", "end"),
}
_VENUE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")


def slot_text(slot: Slot) -> str:
    """One slot in the text form."""
    times = f"{slot.start:%H:%M}-{slot.end:%H:%M}"
    day = WEEKDAY_CODES[slot.weekday] if slot.weekday is not None else None
    on = slot.on_date.isoformat() if slot.on_date else None
    text = {
        "weekly": lambda: f"weekly:{day}:{times}",
        "fortnightly": lambda: f"fortnightly:{day}:{times}:{on}",
        "every_n_weeks": lambda: f"every:{slot.interval_weeks}:{day}:{times}:{on}",
        "monthly": lambda: f"monthly:{_month_week_word(slot.month_week)}:{day}:{times}",
        "course": lambda: f"course:{slot.course_weeks}:{on}:{day}:{times}",
        "once": lambda: f"once:{on}:{times}",
    }[slot.frequency]()
    if slot.term_time_only:
        text += ":term"
    if slot.venue_key:
        text += f"@{slot.venue_key}"
    return text


def _month_week_word(week: int) -> str:
    return next(word for word, number in MONTH_WEEK_WORDS.items() if number == week)


def schedule_text(timetable: Timetable) -> str:
    """The whole timetable in the text form."""
    return "; ".join(slot_text(slot) for slot in timetable.slots)


def parse_schedule_text(text: str) -> tuple[Slot, ...]:
    """Read the text form; raise ValueError with a message a person can act on."""
    slots = tuple(parse_slot_text(part) for part in pieces(text))
    if not slots:
        raise ValueError(_("Give at least one session"))
    return slots


def pieces(text: str) -> list[str]:
    """The text of each slot, in order (empty pieces left out)."""
    return [part for part in (piece.strip() for piece in text.split(";")) if part]


def parse_slot_text(part: str) -> Slot:
    """One slot's text as a Slot; ValueError naming what is wrong with it."""
    body, venue_key = part, None
    if "@" in part:
        body, venue_key = (piece.strip() for piece in part.rsplit("@", 1))
        if not _VENUE_KEY.fullmatch(venue_key):
            raise ValueError(
                _("'{venue}' is not a venue key: use the key from the venues list").format(
                    venue=venue_key
                )
            )
    term_time_only = body.endswith(":term")
    if term_time_only:
        body = body.removesuffix(":term")
    kind = body.split(":", 1)[0]
    if kind not in _FORMS:
        raise ValueError(
            _("'{part}' does not start with one of: {kinds}").format(
                part=part, kinds=", ".join(_FORMS)
            )
        )
    pattern, example = _FORMS[kind]
    match = re.fullmatch(pattern, body)
    if not match:
        raise ValueError(
            _("'{part}' is not written like {example}").format(part=part, example=example)
        )
    found = dict(zip(_GROUPS[kind], match.groups(), strict=True))
    slot = _slot(kind, found, part)
    if term_time_only and slot.frequency not in TERM_TIME_KINDS:
        raise ValueError(
            _(
                "'{part}': only sessions that repeat every week, every few weeks or every "
                "month can be term time only"
            ).format(part=part)
        )
    return replace(slot, term_time_only=term_time_only, venue_key=venue_key)


def _slot(kind: str, found: dict, part: str) -> Slot:
    day = found.get("day")
    if day is not None and day not in WEEKDAY_CODES:
        raise ValueError(
            _("'{day}' is not a day: use {days}").format(day=day, days=", ".join(WEEKDAY_CODES))
        )
    try:
        on_date = date.fromisoformat(found["on"]) if found.get("on") else None
        start, end = time.fromisoformat(found["start"]), time.fromisoformat(found["end"])
    except ValueError as error:
        raise ValueError(
            _("'{part}' has a date or time that does not exist").format(part=part)
        ) from error
    if end <= start:
        raise ValueError(_("A session must end after it starts"))
    weekday = WEEKDAY_CODES.index(day) if day else on_date.weekday()
    if on_date is not None and day is not None and on_date.weekday() != weekday:
        raise ValueError(_("{date} is not a {day}").format(date=on_date.isoformat(), day=day))
    weeks = _weeks(found["weeks"]) if "weeks" in found else None
    if kind == "every":
        # Every week and every other week have their own, older forms: one way each.
        kind = {1: "weekly", 2: "fortnightly"}.get(weeks, "every_n_weeks")
        on_date = None if kind == "weekly" else on_date
    if kind == "monthly" and found["week"] not in MONTH_WEEK_WORDS:
        raise ValueError(
            _("'{week}' is not a week of the month: use {weeks}").format(
                week=found["week"], weeks=", ".join(MONTH_WEEK_WORDS)
            )
        )
    return Slot(
        kind,
        weekday,
        on_date,
        start,
        end,
        interval_weeks=weeks if kind == "every_n_weeks" else None,
        month_week=MONTH_WEEK_WORDS[found["week"]] if kind == "monthly" else None,
        course_weeks=weeks if kind == "course" else None,
    )


def _weeks(text: str) -> int:
    weeks = int(text)
    if not 1 <= weeks <= MOST_WEEKS:
        raise ValueError(
            _("'{weeks}' is not a number of weeks from 1 to {most}").format(
                weeks=text, most=MOST_WEEKS
            )
        )
    return weeks
