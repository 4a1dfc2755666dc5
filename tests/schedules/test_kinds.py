"""Each kind of slot through "next session", the text form and the search index encoding,
on plain values (no database)."""

from datetime import date, datetime, time

import pytest

from directory_app.domain import recurrence
from directory_app.domain.schedules import (
    Slot,
    Timetable,
    decode,
    encode,
    parse_schedule_text,
    schedule_text,
    upcoming_sessions,
)

# Monday 23 November 2026, 09:00
NOW = datetime(2026, 11, 23, 9, 0)
TEN, NOON = time(10), time(12)
# Hackney-like half terms around Christmas.
TERMS = ((date(2026, 11, 2), date(2026, 12, 18)), (date(2027, 1, 5), date(2027, 2, 12)))


def _dates(timetable: Timetable, count: int = 4) -> list[date]:
    return [s.starts_at.date() for s in upcoming_sessions(timetable, NOW, count=count)]


def test_first_monday_and_last_friday_of_the_month():
    first_monday = Slot("monthly", 0, None, TEN, NOON, month_week=1)
    last_friday = Slot("monthly", 4, None, TEN, NOON, month_week=-1)
    assert _dates(Timetable((first_monday,)), 3) == [
        date(2026, 12, 7),
        date(2027, 1, 4),
        date(2027, 2, 1),
    ]
    assert _dates(Timetable((last_friday,)), 3) == [
        date(2026, 11, 27),
        date(2026, 12, 25),
        date(2027, 1, 29),
    ]


def test_every_three_weeks_keeps_to_its_weeks_before_and_after_the_date_given():
    # 12 January is a session, so 1 and 22 December are too (three and six weeks before).
    slot = Slot("every_n_weeks", 1, date(2027, 1, 12), TEN, NOON, interval_weeks=3)
    assert _dates(Timetable((slot,)), 3) == [
        date(2026, 12, 1),
        date(2026, 12, 22),
        date(2027, 1, 12),
    ]
    earlier = Slot("every_n_weeks", 1, date(2026, 5, 26), TEN, NOON, interval_weeks=3)
    assert _dates(Timetable((earlier,)), 1) == [date(2026, 12, 1)]


def test_a_course_runs_its_weeks_and_stops():
    course = Slot("course", 1, date(2026, 11, 17), TEN, NOON, course_weeks=6)
    # The first (17 November) is past: five are left, then none.
    assert _dates(Timetable((course,)), 10) == [
        date(2026, 11, 24),
        date(2026, 12, 1),
        date(2026, 12, 8),
        date(2026, 12, 15),
        date(2026, 12, 22),
    ]
    assert recurrence.course_last_day(course) == date(2026, 12, 22)
    assert recurrence.rule_parts(course) == {
        "FREQ": "WEEKLY",
        "INTERVAL": 1,
        "BYDAY": "TU",
        "COUNT": 6,
    }


def test_term_time_only_skips_the_holidays_and_has_no_dates_when_terms_are_unknown():
    slot = Slot("weekly", 1, None, TEN, NOON, term_time_only=True)
    assert _dates(Timetable((slot,), terms=TERMS), 6) == [
        date(2026, 11, 24),
        date(2026, 12, 1),
        date(2026, 12, 8),
        date(2026, 12, 15),
        date(2027, 1, 5),
        date(2027, 1, 12),
    ]
    unknown = Timetable((slot,))
    assert unknown.terms_unknown and _dates(unknown) == []
    # After the last term known, nobody knows: no dates rather than guesses.
    assert _dates(Timetable((slot,), terms=TERMS), 50)[-1] == date(2027, 2, 9)
    assert recurrence.holiday_dates(slot, date(2026, 12, 1), date(2027, 1, 6), TERMS) == [
        date(2026, 12, 22),
        date(2026, 12, 29),
    ]


def test_cancelled_dates_apply_to_every_kind():
    monthly = Slot("monthly", 0, None, TEN, NOON, month_week=1)
    timetable = Timetable((monthly,), cancelled=frozenset({date(2026, 12, 7)}))
    assert _dates(timetable, 1) == [date(2027, 1, 4)]
    assert recurrence.runs_on(monthly, date(2026, 12, 7)) and not recurrence.runs_on(
        monthly, date(2026, 12, 14)
    )


def test_rule_parts_say_in_rfc_5545_what_each_kind_is():
    assert recurrence.rule_parts(Slot("monthly", 4, None, TEN, NOON, month_week=-1)) == {
        "FREQ": "MONTHLY",
        "BYDAY": "-1FR",
    }
    every = Slot("every_n_weeks", 1, date(2026, 12, 1), TEN, NOON, interval_weeks=3)
    assert recurrence.rule_parts(every) == {"FREQ": "WEEKLY", "INTERVAL": 3, "BYDAY": "TU"}
    assert recurrence.repeat_duration(every) == "P3W"
    assert recurrence.rule_parts(Slot("once", 5, date(2026, 12, 5), TEN, NOON)) is None


NEW_TEXT = (
    "monthly:first:mon:10:00-12:00; monthly:last:fri:18:00-19:30:term; "
    "every:3:tue:10:00-12:00:2026-12-01; course:6:2027-01-12:tue:10:00-12:00; "
    "weekly:wed:09:30-11:00:term@hackney-central-library; once:2026-12-05:10:00-11:00"
)


def test_new_text_forms_read_and_write_back_the_same():
    slots = parse_schedule_text(NEW_TEXT)
    assert [slot.frequency for slot in slots] == [
        "monthly",
        "monthly",
        "every_n_weeks",
        "course",
        "weekly",
        "once",
    ]
    assert (slots[1].month_week, slots[1].term_time_only) == (-1, True)
    assert (slots[2].interval_weeks, slots[3].course_weeks) == (3, 6)
    assert slots[4].venue_key == "hackney-central-library"
    assert schedule_text(Timetable(slots)) == NEW_TEXT


def test_older_text_still_reads_as_before():
    old = "weekly:tue:10:00-12:00; fortnightly:thu:18:00-20:00:2026-12-03; once:2026-12-05:10:00-11:00"
    slots = parse_schedule_text(old)
    assert slots == (
        Slot("weekly", 1, None, TEN, NOON),
        Slot("fortnightly", 3, date(2026, 12, 3), time(18), time(20)),
        Slot("once", 5, date(2026, 12, 5), TEN, time(11)),
    )
    assert schedule_text(Timetable(slots)) == old
    # One way each: every 1 and every 2 weeks are the older kinds.
    assert parse_schedule_text("every:2:thu:18:00-20:00:2026-12-03")[0] == slots[1]
    assert parse_schedule_text("every:1:tue:10:00-12:00:2026-12-01")[0] == slots[0]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("daily:10:00-12:00", "'daily:10:00-12:00' does not start with one of"),
        ("monthly:fifth:mon:10:00-12:00", "'fifth' is not a week of the month"),
        ("monthly:first:mon:10:00", "is not written like monthly:first:mon:10:00-12:00"),
        ("every:60:tue:10:00-12:00:2026-12-01", "'60' is not a number of weeks from 1 to 52"),
        ("course:6:2027-01-11:tue:10:00-12:00", "2027-01-11 is not a tue"),
        ("course:6:2027-01-12:tue:10:00-12:00:term", "can be term time only"),
        ("once:2026-12-05:10:00-11:00:term", "can be term time only"),
        ("weekly:tue:10:00-12:00@no such venue", "'no such venue' is not a venue key"),
        ("weekly:tuesday:10:00-12:00", "'tuesday' is not a day"),
        ("every:3:tue:10:00-12:00:2026-02-30", "has a date or time that does not exist"),
    ],
)
def test_each_mistake_is_named(app, text, names):
    with app.test_request_context("/"), pytest.raises(ValueError, match=names):
        parse_schedule_text(text)


def test_the_search_encoding_keeps_every_kind_and_the_terms():
    timetable = Timetable(parse_schedule_text(NEW_TEXT), date(2026, 11, 1), None, terms=TERMS)
    back = decode(encode(timetable))
    assert back.slots == timetable.slots and back.terms == TERMS
    assert back.starts_on == date(2026, 11, 1) and back.ends_on is None
    # An entry written before the newer kinds: five items a slot, no terms.
    old = '{"s":[["weekly",1,null,"10:00","12:00"]],"from":null,"to":null}'
    assert decode(old) == Timetable((Slot("weekly", 1, None, TEN, NOON),))
