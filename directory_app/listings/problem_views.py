"""Problem reports from the public, for moderators to deal with."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.listings.problems import (
    KIND_LABELS,
    NOTE_LENGTH,
    CannotReply,
    ProblemNoteForm,
    ProblemReplyForm,
    add_note,
    replies_sent,
    reply_to_reporter,
    resolve_report,
    waiting_reports,
)
from directory_app.models import ProblemReport
from directory_app.models.staff import MODERATOR_ROLES
from directory_app.web.access import StaffArea

blueprint = StaffArea("problem_reports", __name__, MODERATOR_ROLES, url_prefix="/listings/problems")


@blueprint.get("")
def problem_list():
    reports = waiting_reports()
    audit.record("listing.problems_listed", shown=len(reports))
    return render_template(
        "listings/problems.html",
        reports=reports,
        replied=replies_sent(reports),
        kind_labels=KIND_LABELS,
        note_length=NOTE_LENGTH,
    )


def _report(report_id: int) -> ProblemReport:
    report = db.session.get(ProblemReport, report_id)
    if report is None:
        abort(404)
    return report


def _report_page(report: ProblemReport, form: ProblemNoteForm):
    audit.record("listing.problem_viewed", report.activity, report_id=report.id)
    return render_template(
        "listings/problem.html",
        report=report,
        form=form,
        replied=replies_sent([report]),
        kind_labels=KIND_LABELS,
    )


@blueprint.get("/<int:report_id>")
def problem_detail(report_id: int):
    """One report with its notes, reply and the form to add a note."""
    return _report_page(_report(report_id), ProblemNoteForm())


@blueprint.post("/<int:report_id>/notes")
def add_problem_note(report_id: int):
    """Add a note from the list or the report's page; a problem with it is shown on the
    report's page, where the error summary can point at the one note box."""
    report = _report(report_id)
    form = ProblemNoteForm()
    if not form.validate_on_submit():
        return _report_page(report, form)
    add_note(report, form.note.data, current_user._get_current_object())
    flash(_("Note added"))
    return redirect(url_for("problem_reports.problem_detail", report_id=report.id) + "#notes")


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
    form = ProblemReplyForm(report=report)
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
