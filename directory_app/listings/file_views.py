"""Every published listing as CSV, and importing listings from a CSV, for admins."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.core import audit
from directory_app.listings import import_reports
from directory_app.listings.export import COLUMNS, published_listings_csv
from directory_app.listings.importer import import_listings
from directory_app.web.access import StaffArea
from directory_app.web.downloads import csv_download
from directory_app.web.input import whole_number

blueprint = StaffArea("listing_files", __name__, ("admin",), url_prefix="/listings")


@blueprint.get("/export.csv")
def export_csv():
    audit.record("listings.exported")
    return csv_download(published_listings_csv(), "published-listings.csv")


@blueprint.route("/import", methods=["GET", "POST"])
def import_page():
    if request.method == "GET":
        return render_template("listings/import.html", report=None, dry_run=True, columns=COLUMNS)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Choose a CSV file to import"))
        return redirect(url_for("listing_files.import_page"))
    text = upload.read().decode("utf-8-sig", errors="replace")
    dry_run = request.form.get("dry_run") == "1"
    # Every row is checked before any is written, so a report with problems wrote nothing.
    report = import_listings(text, dry_run=dry_run)
    if not report.ok:
        # A file can have thousands of problems: keep them, and show them a page at a time.
        record = import_reports.keep(report, current_user._get_current_object())
        page = import_reports.page_of(record, 1)
        return render_template("listings/import.html", page=page, report=None, columns=COLUMNS)
    if not dry_run:
        audit.record(
            "listings.imported", rows=report.rows, created=report.created, updated=report.updated
        )
    return render_template("listings/import.html", report=report, dry_run=dry_run, columns=COLUMNS)


@blueprint.get("/import/problems/<token>")
def import_problems(token: str):
    found = import_reports.find(token)
    if found is None:
        abort(404)
    page = import_reports.page_of(found, whole_number(request.args.get("page"), 1, 100_000) or 1)
    return render_template("listings/import.html", page=page, report=None, columns=COLUMNS)


@blueprint.get("/import-template.csv")
def import_template():
    return csv_download(",".join(COLUMNS) + "\r\n", "listings-template.csv")
