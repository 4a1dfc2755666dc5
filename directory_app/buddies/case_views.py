"""The buddy panel on a request's page: the volunteer matched, the session, attendance."""

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.buddies import matching
from directory_app.core.extensions import db
from directory_app.models import Referral
from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea
from directory_app.web.input import form_text

blueprint = StaffArea("case_buddies", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")


class NotADate(ValueError):
    pass


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise NotADate() from None


@blueprint.post("/<int:referral_id>/buddy")
def buddy(referral_id: int):
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        abort(404)
    back = redirect(url_for("inbox.referral_detail", referral_id=referral.id))
    attended = {"yes": True, "no": False}.get(request.form.get("attended", ""))
    try:
        matching.record_buddy(
            referral,
            current_user._get_current_object(),
            form_text(request.form.get("volunteer_name"), 120),
            form_text(request.form.get("volunteer_contact"), 120),
            _date(request.form.get("session_on", "")),
            attended,
        )
    except NotADate:
        flash(_("Enter a real date for the session"))
        return back
    flash(_("Buddy details saved"))
    return back
