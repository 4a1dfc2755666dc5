"""Problem reports from the public, for moderators to deal with."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.listings.problems import (
    KIND_LABELS,
    CannotReply,
    ProblemReplyForm,
    reply_to_reporter,
    resolve_report,
)
from directory_app.models import ProblemReport
from directory_app.models.staff import MODERATOR_ROLES
from directory_app.web.access import StaffArea

blueprint = StaffArea("problem_reports", __name__, MODERATOR_ROLES, url_prefix="/listings/problems")


@blueprint.get("")
def problem_list():
    reports = db.session.scalars(
        select(ProblemReport).where(ProblemReport.resolved_at.is_(None)).order_by(ProblemReport.id)
    ).all()
    audit.record("listing.problems_listed", shown=len(reports))
    return render_template("listings/problems.html", reports=reports, kind_labels=KIND_LABELS)


def _report(report_id: int) -> ProblemReport:
    report = db.session.get(ProblemReport, report_id)
    if report is None:
        abort(404)
    return report


@blueprint.post("/<int:report_id>/resolve")
def resolve_problem(report_id: int):
    report = _report(report_id)
    resolve_report(report, current_user._get_current_object())
    flash(_("Marked as dealt with"))
    return redirect(url_for("problem_reports.problem_list"))


@blueprint.route("/<int:report_id>/reply", methods=["GET", "POST"])
def reply_to_problem(report_id: int):
    """Answer the person who reported a problem, when they left an address for it."""
    report = _report(report_id)
    if not report.reply_email:
        abort(404)
    form = ProblemReplyForm()
    if form.validate_on_submit():
        try:
            reply_to_reporter(report, form, current_user._get_current_object())
        except CannotReply:
            abort(404)
        flash(_("Your reply is on its way"))
        return redirect(url_for("problem_reports.problem_list"))
    audit.record("listing.problem_viewed", report.activity, report_id=report.id)
    return render_template(
        "listings/problem_reply.html", report=report, form=form, kind_labels=KIND_LABELS
    )
