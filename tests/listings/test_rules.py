"""One set of rules for a listing (``listings.rules``): the editor and the importer say the
same about the same value, and the issue's bad values are refused by both."""

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.groups.forms import ActivityEditForm
from directory_app.listings.importer import import_listings
from directory_app.listings.rules import borough_for_postcode, check_borough
from directory_app.models import Activity, Venue
from tests.listings.csv_rows import csv_text, published_rows


def _in_person_row() -> dict:
    return next(row for row in published_rows() if row["attendance_mode"] == "in-person")


def _import_problems(changes: dict) -> dict:
    """{column: message} for one exported row with these cells changed (nothing written)."""
    report = import_listings(csv_text([_in_person_row() | changes]), dry_run=True)
    return {problem.column: problem.message for problem in report.problems}


def _editor_problems(app, changes: dict) -> dict:
    """{field: first message} from the group editor's form with these answers."""
    answers = {
        "title": "Walking football",
        "summary": "Football at a walking pace.",
        "categories": "physical-activity",
        "status": "published",
        "venue_id": "",
    } | changes
    with app.test_request_context(method="POST", data=answers):
        form = ActivityEditForm(formdata=MultiDict(answers), meta={"csrf": False})
        form.venue_id.choices = [("", "No venue")]
        form.languages.choices = [("en", "English")]
        form.validate()
        return {field.name: str(field.errors[0]) for field in form if field.errors}


# The same typed value in the editor's field and the import's column.
SHARED_CASES = {
    "contact_email": "nope",
    "contact_website": "not a url",
    "contact_phone": "call us",
    "title": "t" * 201,
    "summary": "",
    "bring": "b" * 301,
    "run_by": "r" * 201,
    "usual_group_size": "dozens",
    "carer_free": "maybe",
    "age_min": "seventy",
    "age_max": "121",
}


@pytest.mark.parametrize("column", SHARED_CASES)
def test_the_editor_and_the_importer_say_the_same(app, column):
    value = SHARED_CASES[column]
    with app.app_context():
        imported = _import_problems({column: value})
    edited = _editor_problems(app, {column: value})
    assert column in imported and imported[column] == edited[column]


def test_ages_out_of_order_are_refused_alike(app):
    ages = {"age_min": "70", "age_max": "18"}
    with app.app_context():
        imported = _import_problems(ages)
    assert (
        imported
        == _editor_problems(app, ages)
        == {"age_max": "The oldest age must not be below the youngest"}
    )


def test_the_issues_bad_import_is_refused_column_by_column(db_app):
    """Reproduced against the code before these rules: the import accepted the borough
    "Manchester" for a Dagenham postcode and an end date before the start; it already
    refused "nope", "not a url" and ages 70 to 18 (the end date reached the database)."""
    with db_app.app_context():
        dagenham = db.session.scalar(
            select(Venue).where(Venue.borough == "Barking and Dagenham").order_by(Venue.id)
        )
        row = next(
            row
            for row in published_rows()
            if row["venue_key"] == dagenham.key and row["attendance_mode"] == "in-person"
        )
        bad = row | {
            "borough": "Manchester",
            "contact_email": "nope",
            "contact_website": "not a url",
            "age_min": "70",
            "age_max": "18",
            "starts_on": "2027-03-01",
            "ends_on": "2027-01-31",
        }
        report = import_listings(csv_text([bad]), dry_run=False)
        problems = {problem.column: problem.message for problem in report.problems}
        assert problems == {
            "borough": (
                f"The borough follows from the postcode: {dagenham.postcode} is in Barking and "
                "Dagenham. Leave this empty or write Barking and Dagenham"
            ),
            "contact_email": "Enter an email address in the correct format, like name@example.com",
            "contact_website": "Enter a web address, like https://example.org",
            "age_max": "The oldest age must not be below the youngest",
            "ends_on": "The end date must not be before the start date",
        }
        # The right borough, or none, is fine: it follows from the postcode.
        for borough in ("Barking and Dagenham", "barking and dagenham", ""):
            assert import_listings(csv_text([row | {"borough": borough}]), dry_run=True).ok


def test_text_longer_than_its_column_is_explained_not_a_database_error(db_app):
    """SQLite would store a 201-character title; PostgreSQL refuses it mid-import."""
    with db_app.app_context():
        row = published_rows()[0]
        report = import_listings(csv_text([row | {"title": "t" * 201}]), dry_run=False)
        assert [(p.column, p.message) for p in report.problems] == [
            ("title", "The title must be 200 characters or fewer")
        ]
        report = import_listings(csv_text([row | {"title": "t" * 200}]), dry_run=False)
        assert report.ok
        commit()
        assert db.session.scalar(select(Activity.title).where(Activity.key == row["key"])) == (
            "t" * 200
        )


def test_the_borough_is_the_one_of_the_venues_around_the_postcode(db_app):
    with db_app.app_context():
        assert borough_for_postcode("RM10 8QJ") == "Barking and Dagenham"
        assert borough_for_postcode("E8 1DY") == "Hackney"
        assert borough_for_postcode("WS1 1DA") == "Walsall"
        # A venue wrongly saved in Hackney does not vote for its own mistake.
        venue = db.session.scalar(
            select(Venue).where(Venue.borough == "Barking and Dagenham").order_by(Venue.id)
        )
        venue.borough = "Hackney"
        db.session.flush()
        assert borough_for_postcode(venue.postcode, venue.id) == "Barking and Dagenham"
        # Where we list nothing nearby, the borough given stands (and nothing is guessed).
        assert borough_for_postcode("M1 1AE") == ""
        assert check_borough("M1 1AE", "Manchester").values == {"borough": "Manchester"}
        assert check_borough("M1 1AE", "Manchester").problems == {}
        db.session.rollback()
