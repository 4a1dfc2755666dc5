from datetime import date, datetime, time

from directory_app.domain.schedules import (
    Slot,
    Timetable,
    decode,
    encode,
    upcoming_sessions,
    weekday_codes,
)

# Monday 23 November 2026, 09:00
NOW = datetime(2026, 11, 23, 9, 0)


def test_weekly_slot_gives_the_next_weekdays():
    tuesday = Slot("weekly", 1, None, time(10), time(12))
    sessions = upcoming_sessions(Timetable((tuesday,)), NOW, count=3)
    assert [s.starts_at for s in sessions] == [
        datetime(2026, 11, 24, 10),
        datetime(2026, 12, 1, 10),
        datetime(2026, 12, 8, 10),
    ]


def test_session_in_progress_is_still_upcoming_until_it_ends():
    monday = Slot("weekly", 0, None, time(8, 30), time(10))
    assert upcoming_sessions(Timetable((monday,)), NOW, count=1)[0].starts_at == datetime(
        2026, 11, 23, 8, 30
    )


def test_fortnightly_slot_keeps_to_its_fortnight():
    # Reference session on Wednesday 2 December: the one on 25 November is the off week.
    slot = Slot("fortnightly", 2, date(2026, 12, 2), time(18), time(20))
    sessions = upcoming_sessions(Timetable((slot,)), NOW, count=2)
    assert [s.starts_at.date() for s in sessions] == [date(2026, 12, 2), date(2026, 12, 16)]


def test_one_off_sessions_and_end_date():
    once = Slot("once", 4, date(2026, 11, 27), time(14), time(15))
    past = Slot("once", 4, date(2026, 11, 20), time(14), time(15))
    weekly = Slot("weekly", 3, None, time(10), time(11))
    timetable = Timetable((once, past, weekly), ends_on=date(2026, 12, 3))
    starts = [s.starts_at for s in upcoming_sessions(timetable, NOW, count=10)]
    assert starts == [
        datetime(2026, 11, 26, 10),
        datetime(2026, 11, 27, 14),
        datetime(2026, 12, 3, 10),
    ]


def test_not_started_yet():
    weekly = Slot("weekly", 0, None, time(10), time(11))
    timetable = Timetable((weekly,), starts_on=date(2027, 1, 4))
    assert upcoming_sessions(timetable, NOW, count=1)[0].starts_at == datetime(2027, 1, 4, 10)


def test_encoding_round_trips():
    timetable = Timetable(
        (
            Slot("weekly", 1, None, time(10), time(12)),
            Slot("once", 5, date(2026, 12, 5), time(9, 30), time(11)),
        ),
        starts_on=date(2026, 1, 1),
        ends_on=None,
    )
    assert decode(encode(timetable)) == timetable
    assert weekday_codes(timetable) == ["tue", "sat"]
