"""Every kind of slot in words, in schema.org and OpenActive data, and in and out of Open
Referral schedules."""

import uuid
from datetime import date, time
from types import SimpleNamespace

from directory_app.discovery.event_data import _schedule
from directory_app.domain.schedules import Slot, Timetable, parse_schedule_text
from directory_app.i18n.formatting import slot_in_words
from directory_app.openactive.schedule_data import event_schedule
from directory_app.oruk.importer_schedules import read_schedules
from directory_app.oruk.importer_values import Fields
from directory_app.oruk.schedule_documents import schedule_document

TERMS = ((date(2026, 11, 2), date(2026, 12, 18)), (date(2027, 1, 5), date(2027, 2, 12)))
TEN, NOON = time(10), time(12)
MONTHLY = Slot("monthly", 4, None, TEN, NOON, month_week=-1)
EVERY = Slot("every_n_weeks", 1, date(2026, 12, 1), TEN, NOON, interval_weeks=3)
COURSE = Slot("course", 1, date(2027, 1, 12), TEN, NOON, course_weeks=6)
TERM = Slot("weekly", 2, None, TEN, NOON, term_time_only=True)


def test_every_kind_in_words(app):
    with app.test_request_context("/"):
        words = [
            slot_in_words(slot)
            for slot in parse_schedule_text(
                "monthly:first:mon:10:00-12:00; monthly:last:fri:10:00-12:00; "
                "every:3:tue:10:00-12:00:2026-12-01; course:6:2027-01-12:tue:10:00-12:00; "
                "course:1:2027-01-12:tue:10:00-12:00; weekly:wed:10:00-12:00:term; "
                "fortnightly:thu:10:00-12:00:2026-12-03"
            )
        ]
        assert words == [
            "First Monday of the month, 10:00–12:00",
            "Last Friday of the month, 10:00–12:00",
            "Every 3 weeks on Tuesday, 10:00–12:00",
            "Tuesdays for 6 weeks from 12 January 2027, 10:00–12:00",
            "Tuesday for 1 week from 12 January 2027, 10:00–12:00",
            "Every Wednesday, 10:00–12:00, term time only",
            "Every other Thursday, 10:00–12:00",
        ]
        assert slot_in_words(TERM, "Hackney Library") == (
            "Every Wednesday, 10:00–12:00, term time only, at Hackney Library"
        )


def _openactive(app, slot, **timetable):
    activity = SimpleNamespace(public_id="series-1")
    addresses = SimpleNamespace(session_id_template=lambda public_id: f"{public_id}/{{startDate}}")
    with app.test_request_context("/"):
        (schedule,) = event_schedule(Timetable((slot,), **timetable), activity, addresses)
    return schedule


def test_openactive_schedules_for_every_kind(app):
    monthly = _openactive(app, MONTHLY)
    assert (monthly["repeatFrequency"], monthly["byDay"]) == ("P1M", ["-1FR"])
    every = _openactive(app, EVERY, starts_on=date(2026, 11, 1))
    assert (every["repeatFrequency"], every["startDate"]) == ("P3W", "2026-11-10")
    course = _openactive(app, COURSE)
    assert (course["repeatCount"], course["startDate"], course["repeatFrequency"]) == (
        6,
        "2027-01-12",
        "P1W",
    )
    term = _openactive(app, TERM, starts_on=date(2026, 12, 1), terms=TERMS)
    assert term["endDate"] == "2027-02-12"
    assert [day[:10] for day in term["exceptDate"]] == ["2026-12-23", "2026-12-30"]


def test_schema_org_schedules_for_every_kind():
    today = date(2026, 11, 23)
    every = _schedule(EVERY, Timetable((EVERY,)), "Europe/London", today)
    assert (every["repeatFrequency"], every["startDate"]) == ("P3W", "2026-12-01")
    first_monday = Slot("monthly", 0, None, TEN, NOON, month_week=1)
    monthly = _schedule(first_monday, Timetable((first_monday,)), "Europe/London", today)
    assert (monthly["repeatFrequency"], monthly["byMonthWeek"]) == ("P1M", 1)
    course = _schedule(COURSE, Timetable((COURSE,)), "Europe/London", today)
    assert (course["repeatCount"], course["endDate"]) == (6, "2027-02-16")
    cancelled = frozenset({date(2026, 12, 2)})
    term = _schedule(
        TERM, Timetable((TERM,), cancelled=cancelled, terms=TERMS), "Europe/London", today
    )
    assert term["exceptDate"] == ["2026-12-02", "2026-12-23", "2026-12-30"]
    assert term["endDate"] == "2027-02-12"


def _row(slot: Slot):
    return SimpleNamespace(
        frequency=slot.frequency,
        weekday=slot.weekday,
        on_date=slot.on_date,
        start_time=slot.start,
        end_time=slot.end,
        interval_weeks=slot.interval_weeks,
        month_week=slot.month_week,
        course_weeks=slot.course_weeks,
        term_time_only=slot.term_time_only,
        venue_id=None,
    )


def _activity(**values):
    return SimpleNamespace(
        **{
            "public_id": uuid.UUID("5c4e0a3e-1d2b-4c59-9b21-3c1f6c9a0b11"),
            "starts_on": None,
            "ends_on": None,
            "schedule_notes": "",
            "attendance_mode": "in-person",
        }
        | values  # fmt: skip
    )


def test_open_referral_schedules_for_every_kind():
    monthly = schedule_document(_activity(), 0, _row(MONTHLY), "")
    assert (monthly["freq"], monthly["byday"], monthly["interval"]) == ("MONTHLY", "-1FR", 1)
    assert monthly["description"] == "Last Friday of the month, 10:00 to 12:00"
    every = schedule_document(_activity(starts_on=date(2026, 11, 1)), 1, _row(EVERY), "")
    assert (every["interval"], every["dtstart"]) == (3, "2026-11-10")
    course = schedule_document(_activity(), 2, _row(COURSE), "")
    assert (course["count"], course["dtstart"], course["valid_to"]) == (
        6,
        "2027-01-12",
        "2027-02-16",
    )
    term = schedule_document(_activity(), 3, _row(TERM), "")
    assert term["description"] == "Every Wednesday, 10:00 to 12:00, term time only"


def test_open_referral_rules_become_our_kinds(app):
    schedules = [
        {"freq": "MONTHLY", "byday": "1MO,-1FR", "opens_at": "10:00", "closes_at": "12:00"},
        {"freq": "WEEKLY", "interval": 3, "byday": "TU", "dtstart": "2026-12-01",
         "opens_at": "10:00", "closes_at": "12:00"},
        {"freq": "WEEKLY", "byday": "TU", "count": 6, "dtstart": "2027-01-12",
         "opens_at": "10:00", "closes_at": "12:00"},
        {"freq": "MONTHLY", "bymonthday": 15, "description": "The 15th of each month",
         "opens_at": "10:00", "closes_at": "12:00"},
    ]  # fmt: skip
    problems, notes = [], []
    with app.test_request_context("/"):
        read = read_schedules(Fields("s", problems, notes), {"schedules": schedules})
    assert problems == []
    assert read.slots == (
        Slot("monthly", 0, None, TEN, NOON, month_week=1),
        MONTHLY,
        EVERY,
        COURSE,
    )
    # The day of the month cannot be held: left out, its words kept in the notes.
    assert read.notes == "The 15th of each month"
    assert [note.field for note in notes] == ["schedules[3].byday"]
