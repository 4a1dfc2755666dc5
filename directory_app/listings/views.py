"""Keeping listings right: the reminder-email links, and problem reports from the public."""

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from directory_app import audit
from directory_app.accounts.access import staff_required
from directory_app.directory.listings import public_activity
from directory_app.extensions import db, limiter
from directory_app.i18n import local_now
from directory_app.listings import blueprint
from directory_app.listings.export import COLUMNS, published_listings_csv
from directory_app.listings.importer import import_listings
from directory_app.listings.problems import (
    KIND_LABELS,
    ProblemReportForm,
    record_report,
    resolve_report,
)
from directory_app.listings.reminders import LinkProblem, confirm_listing, reminder_for_link
from directory_app.mail import send_after
from directory_app.models import ProblemReport
from directory_app.models.staff import MODERATOR_ROLES


def _link_problem_page(problem: LinkProblem):
    messages = {
        "expired": _(
            "This link has expired. Reply to the reminder email, or contact us, and we will update your listing."
        ),
        "used": _("This link has already been used, so your listing is up to date. Thank you."),
        "invalid": _("This link is not valid. Check you copied all of it from the email."),
    }
    status = 200 if str(problem) == "used" else 400
    return render_template("listings/link_problem.html", message=messages[str(problem)]), status


@blueprint.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """A page with a button, not a confirming GET: email scanners follow links."""
    try:
        reminder = reminder_for_link(token)
    except LinkProblem as problem:
        return _link_problem_page(problem)

    if request.method == "POST":
        confirm_listing(reminder, local_now().date())
        db.session.commit()
        return render_template("listings/confirmed.html", activity=reminder.activity)
    return render_template("listings/confirm.html", activity=reminder.activity, token=token)


@blueprint.get("/update/<token>")
def update(token: str):
    try:
        reminder = reminder_for_link(token)
    except LinkProblem as problem:
        return _link_problem_page(problem)
    return render_template("listings/update.html", activity=reminder.activity)


@blueprint.route("/<int:activity_id>/report-a-problem", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def report_problem(activity_id: int):
    activity = public_activity(activity_id, local_now().date())
    if activity is None:
        abort(404)
    form = ProblemReportForm()
    if form.validate_on_submit():
        if not form.is_spam:  # the honeypot: bots get thanks, nothing more
            record_report(activity, form)
            db.session.commit()
            return send_after(
                redirect(url_for("listings.problem_reported", activity_id=activity.id))
            )
        return redirect(url_for("listings.problem_reported", activity_id=activity.id))
    return render_template("listings/report_problem.html", activity=activity, form=form)


@blueprint.get("/<int:activity_id>/problem-reported")
def problem_reported(activity_id: int):
    activity = public_activity(activity_id, local_now().date())
    if activity is None:
        abort(404)
    return render_template("listings/problem_reported.html", activity=activity)


@blueprint.get("/problems")
@staff_required(*MODERATOR_ROLES)
def problem_list():
    reports = db.session.scalars(
        select(ProblemReport).where(ProblemReport.resolved_at.is_(None)).order_by(ProblemReport.id)
    ).all()
    audit.record("listing.problems_listed", shown=len(reports))
    db.session.commit()
    return render_template("listings/problems.html", reports=reports, kind_labels=KIND_LABELS)


@blueprint.post("/problems/<int:report_id>/resolve")
@staff_required(*MODERATOR_ROLES)
def resolve_problem(report_id: int):
    report = db.session.get(ProblemReport, report_id)
    if report is None:
        abort(404)
    resolve_report(report, current_user._get_current_object())
    db.session.commit()
    flash(_("Marked as dealt with"))
    return redirect(url_for("listings.problem_list"))


@blueprint.get("/export.csv")
@staff_required("admin")
def export_csv():
    audit.record("listings.exported")
    db.session.commit()
    return Response(
        published_listings_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="published-listings.csv"'},
    )


@blueprint.route("/import", methods=["GET", "POST"])
@staff_required("admin")
def import_page():
    report = None
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("Choose a CSV file to import"))
            return redirect(url_for("listings.import_page"))
        text = upload.read().decode("utf-8-sig", errors="replace")
        dry_run = request.form.get("dry_run") == "1"
        report = import_listings(text, dry_run=dry_run)
        if report.ok and not dry_run:
            audit.record(
                "listings.imported",
                rows=report.rows,
                created=report.created,
                updated=report.updated,
            )
            db.session.commit()
        else:
            db.session.rollback()
        return render_template(
            "listings/import.html", report=report, dry_run=dry_run, columns=COLUMNS
        )
    return render_template("listings/import.html", report=None, dry_run=True, columns=COLUMNS)


@blueprint.get("/import-template.csv")
@staff_required("admin")
def import_template():
    return Response(
        ",".join(COLUMNS) + "\r\n",
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="listings-template.csv"'},
    )
