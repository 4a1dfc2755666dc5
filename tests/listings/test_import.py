"""Importing listings from CSV: dry run, all or nothing, and re-importing updates."""

import io
import re

from sqlalchemy import func, select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.listings.importer import import_listings
from directory_app.models import Activity
from tests.listings.csv_rows import csv_text, published_rows
from tests.search.helpers import search
from tests.staff import PASSWORD, sign_in


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Activity))


def test_reimporting_the_export_changes_nothing_and_duplicates_nothing(app):
    rows = published_rows(app)
    before = _count(app)
    with app.app_context():
        report = import_listings(csv_text(rows), dry_run=True)
        assert report.ok and (report.rows, report.created, report.updated) == (150, 0, 150)
        report = import_listings(csv_text(rows), dry_run=False)
        commit()
    assert report.ok and _count(app) == before
    assert published_rows(app) == rows


def test_import_updates_and_adds(app):
    rows = published_rows(app)
    rows[0]["title"] = "Renamed by import"
    new = dict(
        rows[1],
        key="tai-chi-in-the-park",
        title="Tai chi in the park",
        schedule="weekly:sat:09:00-10:00",
    )
    with app.app_context():
        report = import_listings(csv_text([rows[0], new]), dry_run=False)
        commit()
    assert (report.created, report.updated) == (1, 1)
    assert _count(app) == 160
    assert [a.title for a in search(app, text="tai chi")[1]] == ["Tai chi in the park"]
    assert "Renamed by import" in [r["title"] for r in published_rows(app)]


def test_a_bad_file_is_reported_by_row_and_column_and_nothing_is_written(app):
    rows = published_rows(app)[:4]
    rows[0]["title"] = "This valid change must not be written"
    rows[1]["categories"] = "arts-crafts; knitting-circles"
    rows[2]["schedule"] = "every tuesday"
    rows[3]["key"] = rows[0]["key"]
    rows.append(
        dict(
            rows[0],
            key="new-one",
            attendance_mode="in-person",
            venue_key="somewhere",
            postcode="ZZ9 9ZZ",
        )
    )
    with app.app_context():
        report = import_listings(csv_text(rows), dry_run=False)
        db.session.rollback()
    found = {(p.row, p.column) for p in report.problems}
    assert {(3, "categories"), (4, "schedule"), (5, "key"), (6, "postcode")} <= found
    assert any("knitting-circles" in p.message for p in report.problems)
    assert _count(app) == 159
    assert "This valid change must not be written" not in [r["title"] for r in published_rows(app)]


def test_missing_columns_are_reported(app):
    with app.app_context():
        report = import_listings("key,title\nx,y\n", dry_run=True)
    assert not report.ok and report.problems[0].row == 1 and "missing" in report.problems[0].message


def test_cli_import_with_progress_and_dry_run(app, tmp_path):
    path = tmp_path / "listings.csv"
    path.write_text(csv_text(published_rows(app)), encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["listings", "import", str(path), "--dry-run"])
    assert (
        result.exit_code == 0 and "Dry run: 150 rows are fine (0 new, 150 updates)" in result.output
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("key,title\n", encoding="utf-8")
    result = runner.invoke(args=["listings", "import", str(bad)])
    # One problem (the missing columns), said as one: not "1 problems".
    assert result.exit_code != 0 and "There is 1 problem. Nothing was imported." in result.output


def test_admins_import_on_the_web(app):
    with app.app_context():
        create_user("admin@example.org", "Ada", "admin", PASSWORD)
        create_user("lw@example.org", "Lee", "link_worker", PASSWORD)
        commit()
    link_worker = app.test_client()
    sign_in(link_worker, "lw@example.org")
    assert link_worker.get("/listings/import").status_code == 403
    admin = app.test_client()
    sign_in(admin, "admin@example.org")
    html = admin.get("/listings/import").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    rows = published_rows(app)[:2]
    rows[1]["schedule"] = "sometimes"
    response = admin.post(
        "/listings/import",
        data={
            "csrf_token": token,
            "dry_run": "1",
            "file": (io.BytesIO(csv_text(rows).encode()), "listings.csv"),
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert "There is 1 problem. Nothing was imported." in page and "<code>schedule</code>" in page
    assert (
        admin.get("/listings/import-template.csv")
        .get_data(as_text=True)
        .startswith("\ufeffkey,title,")
    )


def test_what_to_expect_columns_round_trip_and_an_older_file_leaves_them(app):
    rows = published_rows(app)
    assert {"run_by", "usual_group_size", "bring", "carer_free"} <= set(rows[0])
    rows[0].update(
        run_by="Volunteers", usual_group_size="6-15", bring="A water bottle", carer_free="yes"
    )
    with app.app_context():
        assert import_listings(csv_text([rows[0]]), dry_run=False).ok
        commit()
    exported = next(row for row in published_rows(app) if row["key"] == rows[0]["key"])
    assert (exported["run_by"], exported["usual_group_size"]) == ("Volunteers", "6-15")
    assert (exported["bring"], exported["carer_free"]) == ("A water bottle", "yes")
    # A file from before these columns (none of them) changes none of them.
    older = {
        name: value
        for name, value in rows[0].items()
        if name not in ("run_by", "usual_group_size", "bring", "carer_free")
    }
    with app.app_context():
        assert import_listings(csv_text([older | {"title": "Renamed"}]), dry_run=False).ok
        commit()
        activity = db.session.scalar(select(Activity).where(Activity.key == rows[0]["key"]))
        assert (activity.title, activity.usual_group_size, activity.carer_free) == (
            "Renamed",
            "6-15",
            "yes",
        )
