"""The reminder emails' links, and reporting a problem with a listing."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from directory_app.core.extensions import limiter
from directory_app.directory.listings import public_activity
from directory_app.domain.dates import local_now
from directory_app.groups.intake import set_intake
from directory_app.groups.intake_forms import IntakeForm, saved_message
from directory_app.i18n.email_languages import page_locale
from directory_app.listings.problems import ProblemReportForm, record_report
from directory_app.listings.reminders import confirm_listing, reminder_for_link
from directory_app.web.signed_links import LinkExpired, LinkNotUsable, LinkUsed

blueprint = Blueprint("listings", __name__, url_prefix="/listings")


def _link_problem_page(problem: LinkNotUsable):
    if isinstance(problem, LinkUsed):
        message = _("This link has already been used, so your listing is up to date. Thank you.")
        return render_template("listings/link_problem.html", message=message), 200
    if isinstance(problem, LinkExpired):
        message = _(
            "This link has expired. Reply to the reminder email, or contact us, and we will update your listing."
        )
    else:
        message = _("This link is not valid. Check you copied all of it from the email.")
    return render_template("listings/link_problem.html", message=message), 400


@blueprint.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """A page with a button, not a confirming GET: email scanners follow links.

    The page also says "Taking new people?" (its own form, told apart by its wait box):
    the signed link proves it is the group, so a group confirming its listing can say it
    is full in the same visit without signing in. That does not use the link up: the group
    may still press "Yes, it is still correct" after it.
    """
    intake_form = None
    try:
        reminder = reminder_for_link(token)
        if request.method == "POST" and "wait_weeks" in request.form:
            intake_form = IntakeForm()
            if intake_form.validate_on_submit():
                _save_intake(reminder.activity, intake_form)
                return redirect(url_for("listings.confirm", token=token))
        elif request.method == "POST":
            confirm_listing(reminder, local_now().date())
            return render_template("listings/confirmed.html", activity=reminder.activity)
    except LinkNotUsable as problem:
        return _link_problem_page(problem)
    return render_template(
        "listings/confirm.html", activity=reminder.activity, token=token, form=intake_form
    )


def _save_intake(activity, form: IntakeForm) -> None:
    # No account: the signed link is the group's say-so (the audit says it came by link).
    set_intake(activity, form.intake.data, form.weeks, None, "reminder link", local_now().date())
    flash(saved_message(activity))


@blueprint.get("/update/<token>")
def update(token: str):
    try:
        reminder = reminder_for_link(token)
    except LinkNotUsable as problem:
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
            record_report(activity, form, language=page_locale())
        return redirect(url_for("listings.problem_reported", activity_id=activity.id))
    return render_template("listings/report_problem.html", activity=activity, form=form)


@blueprint.get("/<int:activity_id>/problem-reported")
def problem_reported(activity_id: int):
    activity = public_activity(activity_id, local_now().date())
    if activity is None:
        abort(404)
    return render_template("listings/problem_reported.html", activity=activity)
