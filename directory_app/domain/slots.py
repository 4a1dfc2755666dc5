"""The kinds of session a group runs, as plain values: slots, sessions and timetables.

A slot is one line of a timetable: every week, every other week, every few weeks, one
weekday of each month ("first Monday", "last Friday"), a course of so many weeks, or a
single dated session. Any repeating slot except a course may run in school term time only,
and any slot may be held somewhere other than the activity's usual venue.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

FREQUENCIES = ("weekly", "fortnightly", "every_n_weeks", "monthly", "course", "once")
# Weeks from one session to the next, for the kinds that repeat by the week.
WEEKS_APART = {"weekly": 1, "fortnightly": 2, "course": 1}
# Which week of the month a monthly slot meets in: the 1st to 4th, or the last (-1).
MONTH_WEEKS = (1, 2, 3, 4, -1)
MOST_WEEKS = 52  # the longest gap between sessions, and the longest course
# Kinds that may skip the school holidays: a course and a dated session have their dates.
TERM_TIME_KINDS = ("weekly", "fortnightly", "every_n_weeks", "monthly")


@dataclass(frozen=True)
class Slot:
    """One repeating slot or one dated session.

    ``on_date`` is a session's date (once), the first session (course), or any one session
    of a slot that repeats every two or more weeks, which fixes the weeks it runs in.
    """

    frequency: str  # one of FREQUENCIES
    weekday: int | None  # Monday is 0, as in date.weekday()
    on_date: date | None
    start: time
    end: time
    interval_weeks: int | None = None  # every_n_weeks: weeks from one session to the next
    month_week: int | None = None  # monthly: one of MONTH_WEEKS
    course_weeks: int | None = None  # course: how many weekly sessions
    term_time_only: bool = False
    venue_key: str | None = None  # held at this venue rather than the activity's own
    # The venue's row, when the slot was read from the database (for the editor's menu);
    # not part of what the slot means, so slots compare equal with or without it.
    venue_id: int | None = field(default=None, compare=False)

    @property
    def weeks_apart(self) -> int | None:
        """Weeks between sessions for the kinds that repeat by the week, else None."""
        if self.frequency == "every_n_weeks":
            return self.interval_weeks
        return WEEKS_APART.get(self.frequency)


@dataclass(frozen=True)
class Session:
    slot: Slot
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Timetable:
    """An activity's slots, the dates between which it runs, the dates it does not run
    after all (single sessions the group has cancelled), and the school terms of the
    borough it is held in: (first day, last day) pairs, or None when none are known."""

    slots: tuple[Slot, ...]
    starts_on: date | None = None
    ends_on: date | None = None
    cancelled: frozenset[date] = frozenset()
    terms: tuple[tuple[date, date], ...] | None = None

    @property
    def terms_unknown(self) -> bool:
        """Whether a term-time slot cannot be placed because the borough's terms are not
        known: then it has no dates, rather than dates guessed from another borough."""
        return self.terms is None and any(slot.term_time_only for slot in self.slots)
