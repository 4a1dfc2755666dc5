"""The pages behind the links in reminder emails: confirm a listing, or say it changed."""

from flask import render_template, request
from flask_babel import gettext as _

from directory_app.extensions import db
from directory_app.i18n import local_now
from directory_app.listings import blueprint
from directory_app.listings.reminders import LinkProblem, confirm_listing, reminder_for_link


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
