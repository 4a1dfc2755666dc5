"""CSV files that are safe to open, uploads of a sane size, and reports that stay readable."""

import csv
import io
import re

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.listings.export import published_listings_csv
from directory_app.listings.importer import import_listings
from directory_app.models import Activity
from directory_app.web.spreadsheets import safe_cell

FORMULAS = ['=HYPERLINK("https://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_a_negative_number_stays_a_number_and_anything_more_is_plain_text():
    assert safe_cell("-1.4") == "-1.4" and safe_cell("-12") == "-12"
    for text in ("-2+3", "-1.4\n=1+1", "-1e3", "+447700900123", "-", "-1.4 "):
        assert safe_cell(text) == "'" + text, text


def _upload(client, token: str, content: bytes):
    """POST a file as a browser does. Built by hand: the test client's own encoding keeps a
    temporary file open for bodies over 500 KB."""
    boundary = "upload-test"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="listings.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.post(
        "/listings/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_exported_cells_that_a_spreadsheet_would_run_are_plain_text_and_import_back(app):
    with app.app_context():
        activities = db.session.scalars(
            select(Activity).where(Activity.status == "published").order_by(Activity.key).limit(6)
        ).all()
        for activity, formula in zip(activities, FORMULAS, strict=True):
            activity.summary = formula
        commit()
        exported = published_listings_csv()
    summaries = [row["summary"] for row in _rows(exported)[:6]]
    assert summaries == ["'" + formula for formula in FORMULAS]
    with app.app_context():
        report = import_listings(exported, dry_run=False)
        assert report.ok, report.problems
        commit()
        again = db.session.scalars(
            select(Activity.summary).where(Activity.status == "published").order_by(Activity.key)
        ).all()[:6]
    # The apostrophe is read away: the round trip is exact, except that text is trimmed as
    # the group editor trims it (one set of rules), so a leading tab or return goes.
    assert again == [formula.strip() for formula in FORMULAS]


def test_the_dashboard_csv_is_safe_too(app, admin):
    with app.app_context():
        activity = db.session.scalar(select(Activity).where(Activity.status == "published"))
        activity.title = "=cmd|' /C calc'!A0"
        activity_id = activity.id
        commit()
    from tests.referrals.helpers import SELF_REFERRAL, submit, valid_self_referral

    client = app.test_client()
    submit(client, SELF_REFERRAL, valid_self_referral(), activity_id=activity_id)
    text = admin.get("/staff/referrals/dashboard.csv").get_data(as_text=True)
    assert "'=cmd" in text and "\n=cmd" not in text and ",=cmd" not in text


def test_an_upload_over_the_limit_is_refused_with_a_clear_page(app, admin):
    html = admin.get("/listings/import").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    boundary = "limit-test"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\n'
            "Content-Type: text/csv\r\n\r\nkey,title\n"
        ).encode()
        + b"x" * app.config["MAX_CONTENT_LENGTH"]
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = admin.post(
        "/listings/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 413
    assert "That file is too big" in response.get_data(as_text=True)


def test_twenty_thousand_bad_rows_make_a_short_report_a_page_at_a_time(app, admin):
    header = "key,title,organisation_key,organisation,summary,categories,attendance_mode,cost_type,schedule"
    bad = "\n".join(
        f"Bad Key {n},t,o,O,s,not-a-category,in-person,free,sometimes" for n in range(20_000)
    )
    html = admin.get("/listings/import").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = _upload(admin, token, f"{header}\n{bad}".encode())
    page = response.get_data(as_text=True)
    assert len(page.encode()) < 200_000  # the whole report was 13.9 MB
    # Four problems a row: the key, the category, the schedule, the missing venue.
    assert "There are 80000 problems. Nothing was imported." in page
    assert "page 1 of 800" in page
    next_page = re.search(r'href="([^"]+page=2)"', page).group(1).replace("&amp;", "&")
    second = admin.get(next_page).get_data(as_text=True)
    assert "page 2 of 800" in second and "<bdi>27</bdi>" in second


@pytest.mark.parametrize(
    ("column", "value"),
    [("age_min", "²"), ("age_min", "999999"), ("age_max", "-3"), ("cost_pence", "1e9")],
)
def test_importer_numbers_must_be_real_and_in_range(app, column, value):
    with app.app_context():
        rows = _rows(published_listings_csv())[:1]
        rows[0][column] = value
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        report = import_listings(out.getvalue(), dry_run=True)
    assert [(p.column, p.message) for p in report.problems] == [
        (
            column,
            f"Use a whole number from 0 to {100_000 if column == 'cost_pence' else 120}, or leave it empty",
        )
    ]


def test_importer_ages_must_be_in_order(app):
    with app.app_context():
        rows = _rows(published_listings_csv())[:1]
        rows[0].update(age_min="70", age_max="18")
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        report = import_listings(out.getvalue(), dry_run=False)
    assert [p.column for p in report.problems] == ["age_max"]
