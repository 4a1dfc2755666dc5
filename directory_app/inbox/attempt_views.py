"""Logging contact attempts on a case."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.core.extensions import db
from directory_app.inbox import attempts
from directory_app.models import Referral
from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea
from directory_app.web.input import form_text

blueprint = StaffArea("attempts", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")


def _refusal(error: attempts.AttemptRefused) -> str:
    if isinstance(error, attempts.VoicemailNotSafe):
        return _("They did not say a voicemail is safe: do not leave one")
    if isinstance(error, attempts.TextNotAllowed):
        return _("They did not agree to texts: call, email or write instead")
    if isinstance(error, attempts.CaseNotWorkable):
        return _("This request can no longer be worked on")
    return _("Choose how you tried to reach them, and what happened")


@blueprint.post("/<int:referral_id>/attempts")
def record(referral_id: int):
    """Log one attempt to reach the person, then show the case again."""
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        abort(404)
    try:
        attempts.record_attempt(
            referral,
            request.form.get("method", ""),
            request.form.get("outcome", ""),
            form_text(request.form.get("note"), attempts.NOTE_LENGTH),
            current_user._get_current_object(),
        )
    except attempts.AttemptRefused as error:
        flash(_refusal(error))
    else:
        flash(_("Contact attempt logged"))
    return redirect(url_for("inbox.referral_detail", referral_id=referral.id) + "#attempts")
