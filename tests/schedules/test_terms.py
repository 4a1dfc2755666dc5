"""School terms per borough: the CSV import command, the seed file, and what term-time
sessions do with them."""

import json
from datetime import date, datetime

from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain import schedules
from directory_app.domain.schedules import parse_schedule_text
from directory_app.listings import operations, school_terms
from directory_app.listings.term_commands import terms_group
from directory_app.models import Activity
from directory_app.models.school_terms import SchoolTerm, terms_in_borough
from tests.calendars.helpers import in_person_activity
from tests.schedules.helpers import forget_school_terms

GOOD = """borough,name,starts_on,ends_on
Hackney,Autumn 1,2026-09-03,2026-10-23
Hackney,Autumn 2,2026-11-02,2026-12-18
Walsall,Autumn 1,2026-09-02,2026-10-23
"""


def _run(app, *args):
    return app.test_cli_runner().invoke(terms_group, list(args))


def test_a_file_replaces_each_boroughs_terms_and_leaves_the_others(app, tmp_path):
    with app.app_context():
        school_terms.replace_terms(
            [school_terms.Term("Hackney", "Old", date(2025, 9, 1), date(2025, 12, 19))]
            + [
                school_terms.Term(
                    "Barking and Dagenham", "Kept", date(2026, 9, 2), date(2026, 10, 23)
                )
            ]
        )
        db.session.commit()
    path = tmp_path / "terms.csv"
    path.write_text(GOOD, "utf-8")
    dry = _run(app, "import", str(path), "--dry-run")
    assert dry.exit_code == 0 and "3 terms are fine" in dry.output
    result = _run(app, "import", str(path))
    assert result.exit_code == 0, result.output
    assert "Hackney: 2 terms" in result.output and "Walsall: 1 term" in result.output
    with app.app_context():
        assert terms_in_borough("Hackney") == (
            (date(2026, 9, 3), date(2026, 10, 23)),
            (date(2026, 11, 2), date(2026, 12, 18)),
        )
        assert terms_in_borough("Barking and Dagenham") == ((date(2026, 9, 2), date(2026, 10, 23)),)
        assert terms_in_borough("Nowhere") is None


def test_a_bad_file_names_row_and_column_and_writes_nothing(app, tmp_path):
    forget_school_terms(app)
    path = tmp_path / "terms.csv"
    path.write_text(
        GOOD + "Hackney,Spring 1,2027-01-05,2027-13-01\n"
        "Walsall,,2027-01-05,2027-01-01\n"
        "Hackney,Overlapping,2026-12-01,2026-12-20\n",
        "utf-8",
    )
    result = _run(app, "import", str(path))
    assert result.exit_code != 0
    assert "row 5, ends_on: Use a date like 2026-09-03" in result.output
    assert "row 6, name: Enter the name" in result.output
    assert "row 6, ends_on: A term must end on or after its first day" in result.output
    assert "Hackney: Overlapping starts before Autumn 2 ends" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SchoolTerm)) == 0
    path.write_text("borough,first\nHackney,2026-09-03\n", "utf-8")
    missing = _run(app, "import", str(path))
    assert (
        missing.exit_code != 0
        and "needs the columns borough, name, starts_on, ends_on" in missing.output
    )


def test_the_seed_terms_cover_the_seed_boroughs_for_2026_to_2027(app):
    venues = json.loads((school_terms.SEED_FILE.parent / "venues.json").read_text("utf-8"))
    result = _run(app, "seed")
    assert result.exit_code == 0, result.output
    with app.app_context():
        for borough in {venue["borough"] for venue in venues}:
            terms = terms_in_borough(borough)
            assert terms[0][0] <= date(2026, 9, 30) and terms[-1][1] >= date(2027, 7, 1), borough
            # Half terms apart: the October half-term week is a holiday.
            assert not any(first <= date(2026, 10, 28) <= last for first, last in terms)


def test_missing_lists_boroughs_with_term_time_sessions_but_no_terms(app):
    activity_id = in_person_activity(app)
    with app.app_context():
        activity = db.session.get(Activity, activity_id)
        borough = activity.venue.borough
        operations.write_activity(
            activity, slots=parse_schedule_text("weekly:tue:10:00-12:00:term")
        )
        commit()
    assert "Every borough" in _run(app, "missing").output  # the demo's terms are seeded
    forget_school_terms(app)
    assert borough in _run(app, "missing").output.splitlines()
    _run(app, "seed")
    assert "Every borough" in _run(app, "missing").output
    with app.test_request_context("/"):
        activity = db.session.get(Activity, activity_id)
        upcoming = schedules.upcoming_sessions(
            schedules.timetable_for(activity), datetime(2026, 12, 14, 9), count=3
        )
        # 15 December, then the Christmas holiday, then the spring term.
        assert [session.starts_at.date() for session in upcoming][:1] == [date(2026, 12, 15)]
        assert upcoming[1].starts_at.date() >= date(2027, 1, 4)
