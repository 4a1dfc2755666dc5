"""The editor's session rows for every kind: what they become, what is wrong with them,
and the page that shows them (labelled fields, no JavaScript needed)."""

import re

import pytest
from flask import url_for
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.groups.schedule_rows import schedule_from_rows, schedule_problem
from directory_app.models import Activity, ListingChange, Organisation, Venue
from tests.staff import PASSWORD, csrf_token, sign_in

ROWS = {
    "slot_frequency": ["monthly", "every_n_weeks", "course", "weekly", "", "once"],
    "slot_day": ["mon", "tue", "tue", "wed", "mon", "mon"],
    "slot_start": ["10:00", "10:00", "10:00", "09:30", "", "10:00"],
    "slot_end": ["12:00", "12:00", "12:00", "11:00", "", "11:00"],
    "slot_date": ["", "2026-12-01", "2027-01-12", "", "", "2026-12-05"],
    "slot_weeks": ["", "3", "6", "", "", ""],
    "slot_month_week": ["last", "first", "first", "first", "first", "first"],
    "slot_venue": ["", "", "", "", "", ""],
    # Row 4 (weekly) and row 6 (once, which cannot be term time) are ticked.
    "slot_term": ["4", "6"],
}
TEXT = (
    "monthly:last:mon:10:00-12:00; every:3:tue:10:00-12:00:2026-12-01; "
    "course:6:2027-01-12:tue:10:00-12:00; weekly:wed:09:30-11:00:term; "
    "once:2026-12-05:10:00-11:00"
)


def test_rows_of_every_kind_become_the_schedule_text(app):
    with app.test_request_context("/"):
        assert schedule_from_rows(MultiDict(ROWS)) == TEXT
        assert schedule_problem(TEXT, "") is None


def test_an_older_page_without_the_newer_fields_still_reads(app):
    older = {
        name: ROWS[name][3:4]
        for name in ("slot_frequency", "slot_day", "slot_start", "slot_end", "slot_date")
    }
    with app.test_request_context("/"):
        assert schedule_from_rows(MultiDict(older)) == "weekly:wed:09:30-11:00"


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"slot_weeks": ["", "", "6", "", "", ""]}, "Session 2: 'every::tue"),
        (
            {"slot_date": ["", "2026-12-01", "2027-01-11", "", "", "2026-12-05"]},
            "Session 3: 2027-01-11 is not a tue",
        ),
        ({"slot_weeks": ["", "3", "99", "", "", ""]}, "Session 3: '99' is not a number of weeks"),
    ],
)
def test_a_wrong_row_is_named_with_what_is_wrong(app, change, names):
    with app.test_request_context("/"):
        problem = schedule_problem(schedule_from_rows(MultiDict(ROWS | change)), "")
    assert problem.startswith("Check the sessions.") and names in problem


def test_a_venue_row_names_the_venue_by_its_key(app):
    with app.test_request_context("/"):
        venue = db.session.scalars(select(Venue).order_by(Venue.id)).first()
        rows = ROWS | {"slot_venue": ["", "", "", str(venue.id), "", ""]}
        text = schedule_from_rows(MultiDict(rows))
        assert f"weekly:wed:09:30-11:00:term@{venue.key}" in text
        assert schedule_problem(text, "") is None
        unknown = schedule_from_rows(
            MultiDict(ROWS | {"slot_venue": ["", "", "", "99999", "", ""]})
        )
        assert "is not in the venues list" in schedule_problem(unknown, "")


def test_the_editor_shows_and_saves_the_new_kinds(app):
    with app.app_context():
        mine = db.session.scalars(select(Organisation).order_by(Organisation.id)).first()
        provider = create_user("pat@example.org", "Pat", "provider", PASSWORD)
        provider.organisations.append(mine)
        commit()
        activity_id = db.session.scalar(
            select(Activity.id)
            .where(Activity.organisation_id == mine.id, Activity.status == "published")
            .order_by(Activity.id)
        )
    client = app.test_client()
    sign_in(client, "pat@example.org")
    path = f"/staff/my-groups/activities/{activity_id}"
    html = client.get(path).get_data(as_text=True)
    for field in ("slot-weeks-1", "slot-month-week-1", "slot-venue-1", "slot-term-1"):
        assert re.search(rf'<label for="{field}">[^<]+</label>', html), field
    assert '<option value="monthly">' in html and '<option value="course">' in html
    fields = dict(
        re.findall(
            r'<input class="input[^"]*" type="(?:text|tel|email|url)" id="(\w+)" name="\w+" value="([^"]*)"',
            html,
        )
    )
    fields = {name: value for name, value in fields.items() if not name.startswith("slot")}
    fields |= {
        "description": "",
        "first_visit": "",
        "status": "published",
        "csrf_token": csrf_token(client, path),
    }
    codes = {
        name: re.findall(rf'name="{name}" value="([^"]*)" checked', html)
        for name in ("categories", "audiences", "languages")
    }
    venue = re.search(r'<option value="(\d*)" selected>', html.split('name="venue_id"', 1)[1])
    fields["venue_id"] = venue.group(1) if venue else ""
    client.post(path, data=fields | codes | ROWS)
    with app.app_context():
        change = db.session.scalar(select(ListingChange))
        assert change is not None and change.after["schedule"] == TEXT


def test_the_import_page_shows_how_each_kind_is_written(app, admin):
    with app.test_request_context("/"):
        path = url_for("listing_files.import_page")
    html = admin.get(path).get_data(as_text=True)
    for example in ("monthly:first:mon:10:00-12:00", "every:3:tue:10:00-12:00:2026-12-01", ":term"):
        assert f"<code>{example}</code>" in html
