"""Cancelled dates in the timetable: "next session" skips them wherever it is worked out,
and the activity page lists them in their places, saying they are cancelled."""

from datetime import date, datetime, time
from types import SimpleNamespace

from directory_app.directory.session_dates import listed_sessions
from directory_app.domain.schedules import (
    Slot,
    Timetable,
    encode,
    timetable_for,
    upcoming_sessions,
)

NOW = datetime(2026, 11, 23, 9, 0)  # a Monday
TUESDAY = Slot("weekly", 1, None, time(10, 30), time(12))
THURSDAY = Slot("weekly", 3, None, time(14), time(15))


def test_a_timetable_made_the_old_way_has_no_cancelled_dates():
    timetable = Timetable((TUESDAY,), None, None)
    assert timetable.cancelled == frozenset()
    assert upcoming_sessions(timetable, NOW, 1)[0].starts_at == datetime(2026, 11, 24, 10, 30)
    # The search index's form is unchanged: cancellations are read from the database.
    assert "cancelled" not in encode(timetable)


def test_upcoming_sessions_skip_cancelled_dates():
    timetable = Timetable((TUESDAY, THURSDAY), cancelled=frozenset({date(2026, 11, 24)}))
    sessions = upcoming_sessions(timetable, NOW, count=3)
    assert [session.starts_at for session in sessions] == [
        datetime(2026, 11, 26, 14),
        datetime(2026, 12, 1, 10, 30),
        datetime(2026, 12, 3, 14),
    ]


def test_every_slot_counts_towards_the_next_sessions():
    # Tuesdays and Thursdays alternate: the second slot is not cut off after one session.
    sessions = upcoming_sessions(Timetable((TUESDAY, THURSDAY)), NOW, count=5)
    assert [session.starts_at.day for session in sessions] == [24, 26, 1, 3, 8]


def _activity(slots, cancelled: dict):
    rows = [
        SimpleNamespace(
            frequency=s.frequency,
            weekday=s.weekday,
            on_date=s.on_date,
            start_time=s.start,
            end_time=s.end,
        )
        for s in slots
    ]
    cancellations = [SimpleNamespace(on_date=day, reason=why) for day, why in cancelled.items()]
    return SimpleNamespace(
        schedules=rows, starts_on=None, ends_on=None, cancellations=cancellations
    )


def test_the_page_lists_cancelled_sessions_among_the_next_ones():
    activity = _activity([TUESDAY], {date(2026, 12, 1): "Bank holiday", date(2027, 3, 2): ""})
    upcoming = upcoming_sessions(timetable_for(activity), NOW, count=5)
    listed = listed_sessions(activity, upcoming, NOW)
    assert [(item.session.starts_at.date(), item.cancelled, item.reason) for item in listed] == [
        (date(2026, 11, 24), False, ""),
        (date(2026, 12, 1), True, "Bank holiday"),
        (date(2026, 12, 8), False, ""),
        (date(2026, 12, 15), False, ""),
        (date(2026, 12, 22), False, ""),
        (date(2026, 12, 29), False, ""),
    ]


def test_a_cancelled_last_session_is_still_listed():
    once = Slot("once", None, date(2026, 12, 5), time(10), time(11))
    activity = _activity([once], {date(2026, 12, 5): "Hall flooded"})
    listed = listed_sessions(activity, [], NOW)
    assert [(item.session.starts_at.date(), item.cancelled) for item in listed] == [
        (date(2026, 12, 5), True)
    ]
