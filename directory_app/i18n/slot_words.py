"""When a slot recurs, in words: a whole translatable phrase for every kind, day and week.

Many languages inflect the day after "every" or "first" (Polish "w każdy wtorek", "w
pierwszy poniedziałek"), which a "{day}" placeholder could not express, so each weekday
has its own phrase, and counts go through ngettext for their plural forms.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from directory_app.domain.schedules import slot_venue
from directory_app.domain.slots import MONTH_WEEKS, Slot

EVERY_WEEKDAY = (
    _l("Every Monday"),
    _l("Every Tuesday"),
    _l("Every Wednesday"),
    _l("Every Thursday"),
    _l("Every Friday"),
    _l("Every Saturday"),
    _l("Every Sunday"),
)
EVERY_OTHER_WEEKDAY = (
    _l("Every other Monday"),
    _l("Every other Tuesday"),
    _l("Every other Wednesday"),
    _l("Every other Thursday"),
    _l("Every other Friday"),
    _l("Every other Saturday"),
    _l("Every other Sunday"),
)
# Rows in the order of MONTH_WEEKS (first to fourth, then last), a column per weekday.
MONTHLY_WEEKDAY = (
    (
        _l("First Monday of the month"),
        _l("First Tuesday of the month"),
        _l("First Wednesday of the month"),
        _l("First Thursday of the month"),
        _l("First Friday of the month"),
        _l("First Saturday of the month"),
        _l("First Sunday of the month"),
    ),
    (
        _l("Second Monday of the month"),
        _l("Second Tuesday of the month"),
        _l("Second Wednesday of the month"),
        _l("Second Thursday of the month"),
        _l("Second Friday of the month"),
        _l("Second Saturday of the month"),
        _l("Second Sunday of the month"),
    ),
    (
        _l("Third Monday of the month"),
        _l("Third Tuesday of the month"),
        _l("Third Wednesday of the month"),
        _l("Third Thursday of the month"),
        _l("Third Friday of the month"),
        _l("Third Saturday of the month"),
        _l("Third Sunday of the month"),
    ),
    (
        _l("Fourth Monday of the month"),
        _l("Fourth Tuesday of the month"),
        _l("Fourth Wednesday of the month"),
        _l("Fourth Thursday of the month"),
        _l("Fourth Friday of the month"),
        _l("Fourth Saturday of the month"),
        _l("Fourth Sunday of the month"),
    ),
    (
        _l("Last Monday of the month"),
        _l("Last Tuesday of the month"),
        _l("Last Wednesday of the month"),
        _l("Last Thursday of the month"),
        _l("Last Friday of the month"),
        _l("Last Saturday of the month"),
        _l("Last Sunday of the month"),
    ),
)
# i18n: %(num)d is at least 3 (every week and every other week have their own phrases)
EVERY_N_WEEKS = (
    lambda num: ngettext("Every %(num)d week on Monday", "Every %(num)d weeks on Monday", num),
    lambda num: ngettext("Every %(num)d week on Tuesday", "Every %(num)d weeks on Tuesday", num),
    lambda num: ngettext(
        "Every %(num)d week on Wednesday", "Every %(num)d weeks on Wednesday", num
    ),
    lambda num: ngettext("Every %(num)d week on Thursday", "Every %(num)d weeks on Thursday", num),
    lambda num: ngettext("Every %(num)d week on Friday", "Every %(num)d weeks on Friday", num),
    lambda num: ngettext("Every %(num)d week on Saturday", "Every %(num)d weeks on Saturday", num),
    lambda num: ngettext("Every %(num)d week on Sunday", "Every %(num)d weeks on Sunday", num),
)
# i18n: {date} is the course's first session, e.g. "13 January 2027"
COURSE_WEEKS = (
    lambda num: ngettext(
        "Monday for %(num)d week from {date}", "Mondays for %(num)d weeks from {date}", num
    ),
    lambda num: ngettext(
        "Tuesday for %(num)d week from {date}", "Tuesdays for %(num)d weeks from {date}", num
    ),
    lambda num: ngettext(
        "Wednesday for %(num)d week from {date}", "Wednesdays for %(num)d weeks from {date}", num
    ),
    lambda num: ngettext(
        "Thursday for %(num)d week from {date}", "Thursdays for %(num)d weeks from {date}", num
    ),
    lambda num: ngettext(
        "Friday for %(num)d week from {date}", "Fridays for %(num)d weeks from {date}", num
    ),
    lambda num: ngettext(
        "Saturday for %(num)d week from {date}", "Saturdays for %(num)d weeks from {date}", num
    ),
    lambda num: ngettext(
        "Sunday for %(num)d week from {date}", "Sundays for %(num)d weeks from {date}", num
    ),
)


def repeating_day_in_words(slot: Slot, first_date: str) -> str:
    """How a repeating slot recurs ("Every Tuesday", "Last Friday of the month", "Tuesdays
    for 6 weeks from 13 January 2027"); ``first_date`` is a course's first date in words."""
    if slot.frequency == "weekly":
        return str(EVERY_WEEKDAY[slot.weekday])
    if slot.frequency == "fortnightly":
        return str(EVERY_OTHER_WEEKDAY[slot.weekday])
    if slot.frequency == "every_n_weeks":
        return EVERY_N_WEEKS[slot.weekday](slot.interval_weeks)
    if slot.frequency == "monthly":
        return str(MONTHLY_WEEKDAY[MONTH_WEEKS.index(slot.month_week)][slot.weekday])
    return COURSE_WEEKS[slot.weekday](slot.course_weeks).format(date=first_date)


def slot_sentence(slot: Slot, place: str) -> str:
    """The sentence a slot's day, times and any venue or term time go in."""
    if slot.term_time_only and place:
        # i18n: e.g. "Every Tuesday, 10:00–12:00, term time only, at Hackney Library"
        return _("{day}, {times}, term time only, at {place}")
    if slot.term_time_only:
        # i18n: e.g. "Every Tuesday, 10:00–12:00, term time only" (school term dates)
        return _("{day}, {times}, term time only")
    if place:
        # i18n: e.g. "Every Tuesday, 10:00–12:00, at Hackney Library"
        return _("{day}, {times}, at {place}")
    # i18n: when an activity happens, e.g. "Every Tuesday, 10:00–12:00"
    return _("{day}, {times}")


def places_of_slots(activity) -> list[str]:
    """Per slot, the name of the venue it is held at when that is not the activity's."""
    own = getattr(activity, "venue", None)
    names = []
    for row in activity.schedules:
        venue = slot_venue(row)
        names.append(venue.name if venue is not None and venue != own else "")
    return names
