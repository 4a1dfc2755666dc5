"""Cancelling single sessions and putting them back on (a ``StaffArea``).

Groups do it for their own listings (another group's listing is a 404, however its id is
typed, as in the editor); staff who moderate listings may do it for any, as they may check
any change. The change is live once the request commits: no moderator waits in between.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.domain.dates import local_now
from directory_app.groups import cancellations
from directory_app.groups.cancellation_forms import CancelSessionForm, read_date, refusal
from directory_app.i18n.dates import long_date
from directory_app.models.staff import MODERATOR_ROLES
from directory_app.web.access import StaffArea

blueprint = StaffArea(
    "session_cancellations", __name__, ("provider", *MODERATOR_ROLES), url_prefix="/staff"
)


def _user():
    return current_user._get_current_object()


def _activity(activity_id: int):
    activity = cancellations.editable_activity(current_user, activity_id)
    if activity is None:
        abort(404)
    return activity


def _back_link(activity) -> str:
    # Where the person came from: a group's editor, or a moderator's view of the listing.
    if current_user.role in MODERATOR_ROLES:
        return url_for("directory.activity", activity_id=activity.id)
    return url_for("my_groups.edit_activity", activity_id=activity.id)


@blueprint.route("/activities/<int:activity_id>/cancelled-sessions", methods=["GET", "POST"])
def cancelled_sessions(activity_id: int):
    """The activity's cancelled sessions, and the form to cancel another."""
    activity = _activity(activity_id)
    now = local_now()
    form = CancelSessionForm()
    if form.validate_on_submit():
        try:
            cancellations.cancel_session(activity, form.day, form.reason.data or "", _user(), now)
        except cancellations.CancellationError as error:
            form.on_date.errors = [refusal(error, activity.title)]
        else:
            flash(
                _(
                    "The session on {date} is cancelled. The listing and calendars show it now."
                ).format(date=long_date(form.day))
            )
            return redirect(url_for(".cancelled_sessions", activity_id=activity.id))
    return render_template(
        "groups/cancelled_sessions.html",
        activity=activity,
        form=form,
        cancelled=cancellations.cancellations_to_come(activity, now.date()),
        next_dates=cancellations.next_session_dates(activity, now),
        back_link=_back_link(activity),
        today=now.date(),
    )


@blueprint.post("/activities/<int:activity_id>/cancelled-sessions/<on_date>/restore")
def restore_session(activity_id: int, on_date: str):
    """Put a cancelled session back on."""
    activity = _activity(activity_id)
    day = read_date(on_date)
    if day is None:
        abort(404)
    try:
        cancellations.restore_session(activity, day, _user())
    except cancellations.NotCancelled as error:
        flash(refusal(error, activity.title))
    else:
        flash(_("The session on {date} is back on.").format(date=long_date(day)))
    return redirect(url_for(".cancelled_sessions", activity_id=activity.id))


@blueprint.app_template_global()
def cancellations_page_for(activity) -> str | None:
    """The page for cancelling the activity's sessions, when the signed-in person may use
    it (for the link on the activity page); None otherwise."""
    if not current_user.is_authenticated or current_user.role not in blueprint.roles:
        return None
    if (
        current_user.role not in MODERATOR_ROLES
        and activity.organisation not in current_user.organisations
    ):
        return None
    return url_for("session_cancellations.cancelled_sessions", activity_id=activity.id)
