"""Every kind of slot stored, read back, in "next session", in the calendar file, in the
search index's next-session times and through the CSV import, on SQLite and PostgreSQL."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.directory.calendar import activity_calendar
from directory_app.domain import schedules
from directory_app.domain.schedules import parse_schedule_text
from directory_app.i18n.formatting import schedule_in_words
from directory_app.listings import operations, school_terms
from directory_app.listings.importer import import_listings
from directory_app.models import Activity, ActivitySchedule, Venue
from directory_app.search.index_store import searchers
from directory_app.search.next_sessions import minutes_until_next_session
from tests.calendars.helpers import LONDON, events, expanded, in_person_activity, parse
from tests.listings.csv_rows import csv_text, published_rows
from tests.schedules.helpers import forget_school_terms

NOW = datetime(2026, 11, 23, 9, 0)  # a Monday
LIMIT = datetime(2027, 3, 31, 23, 59, tzinfo=LONDON)
TERMS = [
    ("Autumn 2", date(2026, 11, 2), date(2026, 12, 18)),
    ("Spring 1", date(2027, 1, 5), date(2027, 2, 12)),
]
KINDS = {
    "monthly": "monthly:first:mon:10:00-12:00; monthly:last:fri:18:00-19:30",
    "every-3-weeks": "every:3:tue:10:00-12:00:2026-12-01",
    "course": "course:6:2026-11-17:tue:10:00-12:00",
    "term-time": "weekly:wed:09:30-11:00:term; monthly:second:thu:14:00-15:00:term",
}


def _with_terms(app, activity_id: int) -> str:
    """Give the activity's borough the terms above; its borough."""
    with app.app_context():
        borough = db.session.get(Activity, activity_id).venue.borough
        school_terms.replace_terms(
            [school_terms.Term(borough, name, first, last) for name, first, last in TERMS]
        )
        commit()
    return borough


def _give(app, activity_id: int, text: str, **values) -> None:
    with app.app_context():
        activity = db.session.get(Activity, activity_id)
        operations.write_activity(activity, slots=parse_schedule_text(text), **values)
        commit()


def _calendar_and_page(app, activity_id: int):
    with app.test_request_context("/"):
        activity = db.session.get(Activity, activity_id)
        body = activity_calendar(activity, f"https://x.example/activities/{activity_id}", NOW)
        timetable = schedules.timetable_for(activity)
        upcoming = schedules.upcoming_sessions(timetable, NOW, count=500, horizon_days=130)
    return parse(body), [session.starts_at for session in upcoming]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_is_stored_and_the_calendar_file_has_the_pages_sessions(db_app, kind):
    activity_id = in_person_activity(db_app)
    _with_terms(db_app, activity_id)
    _give(db_app, activity_id, KINDS[kind])
    with db_app.app_context():
        activity = db.session.get(Activity, activity_id)
        stored = schedules.timetable_for(activity)
        assert stored.slots == parse_schedule_text(KINDS[kind])
        assert schedules.schedule_text(stored) == KINDS[kind]
    calendar, upcoming = _calendar_and_page(db_app, activity_id)
    assert upcoming, kind
    assert expanded(calendar, LIMIT) == upcoming


def test_the_calendar_rules_for_each_kind(db_app):
    activity_id = in_person_activity(db_app)
    _with_terms(db_app, activity_id)
    _give(
        db_app,
        activity_id,
        "monthly:last:fri:18:00-19:30; every:3:tue:10:00-12:00:2026-12-01; "
        "course:6:2026-11-17:tue:10:00-12:00; weekly:wed:09:30-11:00:term",
    )
    calendar, _upcoming = _calendar_and_page(db_app, activity_id)
    monthly, every, course, term = events(calendar)
    assert (monthly["rrule"]["FREQ"], monthly["rrule"]["BYDAY"]) == (["MONTHLY"], ["-1FR"])
    assert every["rrule"]["INTERVAL"] == [3]
    # The course's first session is past: five to come, counted from the next.
    assert course["rrule"]["COUNT"] == [5] and "UNTIL" not in course["rrule"]
    # Term time: up to the last day of the last term known, the Christmas holiday left out.
    (until,) = term["rrule"]["UNTIL"]
    assert until.astimezone(LONDON).date() == date(2027, 2, 12)
    left_out = {value.dt.date() for value in term["exdate"].dts}
    assert left_out == {date(2026, 12, 23), date(2026, 12, 30)}


def test_a_term_time_slot_has_no_dates_where_the_terms_are_not_known(db_app):
    forget_school_terms(db_app)
    activity_id = in_person_activity(db_app)
    _give(db_app, activity_id, "weekly:wed:09:30-11:00:term")
    with db_app.app_context():
        # (The demo has term-time sessions in every borough, so all are listed.)
        assert db.session.get(Activity, activity_id).venue.borough in (
            school_terms.boroughs_without_terms()
        )
        timetable = schedules.timetable_for(db.session.get(Activity, activity_id))
        assert timetable.terms_unknown
        assert schedules.upcoming_sessions(timetable, NOW) == []
    calendar, _upcoming = _calendar_and_page(db_app, activity_id)
    assert events(calendar) == []
    page = db_app.test_client().get(f"/activities/{activity_id}").get_data(as_text=True)
    assert "we do not have this year’s term dates for the area yet" in page


def test_a_slot_at_another_venue_is_located_there(db_app):
    activity_id = in_person_activity(db_app)
    with db_app.app_context():
        own = db.session.get(Activity, activity_id).venue
        other = db.session.scalars(
            select(Venue).where(Venue.id != own.id).order_by(Venue.id)
        ).first()
        other_key, other_name = other.key, other.name
    _give(db_app, activity_id, f"weekly:tue:10:00-12:00; weekly:thu:10:00-12:00@{other_key}")
    calendar, _upcoming = _calendar_and_page(db_app, activity_id)
    at_home, away = events(calendar)
    assert other_name in str(away["location"]) and other_name not in str(at_home["location"])
    with db_app.test_request_context("/"):
        activity = db.session.get(Activity, activity_id)
        assert schedule_in_words(activity) == [
            "Every Tuesday, 10:00–12:00",
            f"Every Thursday, 10:00–12:00, at {other_name}",
        ]
        with pytest.raises(operations.UnknownVenue):
            operations.schedule_rows(parse_schedule_text("weekly:tue:10:00-12:00@nowhere-at-all"))


def test_the_database_refuses_a_slot_missing_what_its_kind_needs(db_app):
    activity_id = in_person_activity(db_app)
    with db_app.app_context():
        db.session.add(
            ActivitySchedule(
                activity_id=activity_id,
                frequency="monthly",
                weekday=0,
                start_time=NOW.time(),
                end_time=(NOW + timedelta(hours=1)).time(),
            )
        )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_search_next_session_times_follow_the_new_kinds(db_app):
    today = date.today()
    now = datetime.combine(today, datetime.min.time()) + timedelta(hours=9)
    activity_id = in_person_activity(db_app)
    with db_app.app_context():
        borough = db.session.get(Activity, activity_id).venue.borough
        # A term from tomorrow for a week, then a fortnight's holiday, then another term.
        terms = [
            ("A", today + timedelta(days=1), today + timedelta(days=7)),
            ("B", today + timedelta(days=22), today + timedelta(days=90)),
        ]
        school_terms.replace_terms([school_terms.Term(borough, *term) for term in terms])
        commit()
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[(today.weekday() + 3) % 7]
    cases = [
        f"monthly:last:{day}:10:00-11:00",
        f"weekly:{day}:10:00-11:00:term",
        f"course:3:{(today + timedelta(days=3)).isoformat()}:{day}:10:00-11:00",
    ]
    for text in cases:
        _give(db_app, activity_id, text)
        searcher = searchers.searcher(db_app.config["SEARCH_INDEX_DIR"])
        minutes = minutes_until_next_session(searcher, now)
        with db_app.app_context():
            activity = db.session.get(Activity, activity_id)
            (upcoming,) = schedules.upcoming_sessions(schedules.timetable_for(activity), now, 1)
        (docnum,) = [
            number
            for number in searcher.reader().all_doc_ids()
            if int(searcher.stored_fields(number)["id"]) == activity_id
        ]
        assert minutes[docnum] == (upcoming.starts_at - now).total_seconds() // 60, text


def test_the_csv_import_takes_every_kind_and_names_a_bad_one(db_app):
    rows = published_rows(db_app)[:2]
    text = (
        "monthly:first:mon:10:00-12:00; every:3:tue:10:00-12:00:2026-12-01; "
        "course:6:2027-01-12:tue:10:00-12:00; weekly:wed:09:30-11:00:term"
    )
    rows[0]["schedule"] = text
    with db_app.app_context():
        report = import_listings(csv_text(rows[:1]), dry_run=False)
        commit()
        assert report.ok, report.problems
        activity = db.session.scalar(select(Activity).where(Activity.key == rows[0]["key"]))
        assert schedules.schedule_text(schedules.timetable_for(activity)) == text
    assert [row["schedule"] for row in published_rows(db_app) if row["key"] == rows[0]["key"]] == [
        text
    ]
    rows[1]["schedule"] = "monthly:fifth:mon:10:00-12:00"
    with db_app.test_request_context("/"):
        report = import_listings(csv_text(rows[1:]), dry_run=True)
        (problem,) = [p for p in report.problems if p.column == "schedule"]
        assert "'fifth' is not a week of the month" in problem.message
