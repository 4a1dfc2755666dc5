"""Exporting published listings as CSV."""

import csv
import io

from sqlalchemy import func, select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.listings.export import COLUMNS
from directory_app.models import Activity
from tests.staff import PASSWORD, sign_in


def test_cli_export_has_every_published_listing(app, tmp_path):
    path = tmp_path / "listings.csv"
    result = app.test_cli_runner().invoke(args=["listings", "export", str(path)])
    assert result.exit_code == 0 and "Wrote 150 listings" in result.output
    assert path.read_bytes().startswith("\ufeff".encode())  # for Excel, as the download
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    with app.app_context():
        assert len(rows) == db.session.scalar(
            select(func.count()).select_from(Activity).where(Activity.status == "published")
        )
    assert tuple(rows[0].keys()) == COLUMNS
    football = next(r for r in rows if r["title"].startswith("Walking football"))
    assert football["schedule"].split(":")[0] in ("weekly", "fortnightly", "once")
    assert "physical-activity" in football["categories"]


def test_only_admins_download_the_export(app, client):
    with app.app_context():
        create_user("admin@example.org", "Ada", "admin", PASSWORD)
        create_user("lw@example.org", "Lee", "link_worker", PASSWORD)
        commit()
    assert client.get("/listings/export.csv").status_code == 302
    sign_in(client, "lw@example.org")
    assert client.get("/listings/export.csv").status_code == 403
    other = app.test_client()
    sign_in(other, "admin@example.org")
    response = other.get("/listings/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert len(list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))) == 150


def test_the_export_opens_in_excel_with_pounds_and_dashes_intact(admin):
    """Excel needs a byte-order mark to read UTF-8; without one "£2" arrives as "Â£2"."""
    raw = admin.get("/listings/export.csv").get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 150 and "key" in rows[0]
