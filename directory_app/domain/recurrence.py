"""When a slot's sessions fall, by RFC 5545 rules evaluated with dateutil.

``rule_parts`` is the one statement of what each kind of slot means as a recurrence rule
(FREQ, INTERVAL, BYDAY, COUNT); the dates are that rule expanded by ``dateutil.rrule``, and
the calendar file, Open Referral and OpenActive write the same parts, so "next session" and
a calendar app cannot disagree. Term-time slots keep only the dates inside a school term.
"""

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta

from dateutil import rrule

from directory_app.domain.slots import Slot

RFC_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_FREQUENCIES = {"WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY}
_DAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


def rule_parts(slot: Slot) -> dict | None:
    """The slot's recurrence as RFC 5545 RRULE parts; None for a dated session.

    A monthly slot is BYDAY with its week of the month ("1MO", "-1FR"); a course is weekly
    with COUNT, counted from its first session (``on_date``).
    """
    if slot.frequency == "once":
        return None
    if slot.frequency == "monthly":
        return {"FREQ": "MONTHLY", "BYDAY": f"{slot.month_week}{RFC_DAYS[slot.weekday]}"}
    parts = {"FREQ": "WEEKLY", "INTERVAL": slot.weeks_apart, "BYDAY": RFC_DAYS[slot.weekday]}
    if slot.frequency == "course":
        parts["COUNT"] = slot.course_weeks
    return parts


def _series_start(slot: Slot, first_day: date) -> date:
    """Where to start expanding the rule so that no session on or after ``first_day`` is
    missed: a course's first session; for the rest, a session of theirs (or, weekly, the
    day) within one repeat before ``first_day``."""
    if slot.frequency == "course":
        return slot.on_date
    if slot.frequency == "monthly":
        return first_day.replace(day=1)
    if slot.on_date is None:
        return first_day + timedelta(days=(slot.weekday - first_day.weekday()) % 7)
    step = 7 * slot.weeks_apart
    return slot.on_date + timedelta(days=step * ((first_day - slot.on_date).days // step))


def _rule(slot: Slot, first_day: date) -> rrule.rrule:
    parts = rule_parts(slot)
    day = _DAYS[slot.weekday]
    return rrule.rrule(
        _FREQUENCIES[parts["FREQ"]],
        interval=parts.get("INTERVAL", 1),
        count=parts.get("COUNT"),
        byweekday=day(slot.month_week) if slot.frequency == "monthly" else day,
        dtstart=datetime.combine(_series_start(slot, first_day), datetime.min.time()),
    )


def in_term(day: date, terms) -> bool:
    """Whether a day falls inside one of the school terms, (first day, last day) pairs."""
    return any(first <= day <= last for first, last in terms or ())


def occurrences(slot: Slot, first_day: date, last_day: date, terms=None) -> Iterator[date]:
    """The dates of a slot's sessions between two days, inclusive, in order; a term-time
    slot's only inside ``terms`` (none at all when its terms are not known)."""
    if last_day < first_day:
        return
    if slot.term_time_only and not terms:
        return
    if slot.frequency == "once":
        days = iter([slot.on_date] if first_day <= slot.on_date <= last_day else [])
    else:
        days = (moment.date() for moment in _rule(slot, first_day))
    for day in days:
        if day > last_day:
            return
        if day < first_day or (slot.term_time_only and not in_term(day, terms)):
            continue
        yield day


def runs_on(slot: Slot, day: date, terms=None) -> bool:
    """Whether the slot has a session on ``day`` (a cancelled one counts)."""
    return next(occurrences(slot, day, day, terms), None) is not None


def holiday_dates(slot: Slot, first_day: date, last_day: date, terms) -> list[date]:
    """The dates the slot's rule gives outside the school terms: the sessions a term-time
    slot does not hold (a calendar file's exceptions)."""
    if not slot.term_time_only:
        return []
    every_week = replace(slot, term_time_only=False)
    return [day for day in occurrences(every_week, first_day, last_day) if not in_term(day, terms)]


def course_last_day(slot: Slot) -> date:
    """The date of a course's last session."""
    return slot.on_date + timedelta(weeks=slot.course_weeks - 1)


def first_on_or_after(slot: Slot, day: date, terms=None) -> date | None:
    """The slot's first session on or after ``day`` (within two years), or None."""
    return next(occurrences(slot, day, day + timedelta(days=731), terms), None)


def repeat_duration(slot: Slot) -> str | None:
    """How often a repeating slot meets as an ISO 8601 duration ("P1W", "P3W", "P1M"), as
    schema.org and OpenActive give ``repeatFrequency``; None for a dated session."""
    if slot.frequency == "once":
        return None
    if slot.frequency == "monthly":
        return "P1M"
    return f"P{slot.weeks_apart}W"
