"""The buddy panel's actions on a request's page: match, unmatch, the session, sharing."""

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.buddies import matching, sharing
from directory_app.core.extensions import db
from directory_app.domain.dates import local_today
from directory_app.models import Buddy, Referral
from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea
from directory_app.web.input import form_text, record_id

blueprint = StaffArea("case_buddies", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")


class NotADate(ValueError):
    """A session date that does not exist."""


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise NotADate() from None


def _referral(referral_id: int) -> Referral:
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        abort(404)
    return referral


def _back(referral: Referral, message: str):
    flash(message)
    return redirect(url_for("inbox.referral_detail", referral_id=referral.id) + "#buddy")


def _attended() -> bool | None:
    return {"yes": True, "no": False}.get(request.form.get("attended", ""))


def _problems() -> dict:
    # Each refusal has its own words; the services check before they change anything.
    return {
        matching.NotABuddyRequest: _("Only buddy requests are matched with volunteers"),
        matching.RequestClosed: _("Reopen the request before matching a volunteer"),
        matching.BuddyNotReady: _("That volunteer cannot be matched until their checks are done"),
        matching.NotMatched: _("No volunteer is matched with this request"),
        matching.SessionDateNeeded: _("Enter the date of the first session"),
        sharing.NoConsentToShare: _("The person did not agree to share their details"),
        sharing.NoBuddyEmail: _("The volunteer's record has no email address"),
    }


def _problem(referral: Referral, error: matching.MatchingError):
    return _back(referral, _problems()[type(error)])


@blueprint.post("/<int:referral_id>/buddy")
def buddy(referral_id: int):
    """Free-text volunteer details (services without records) and the first session."""
    referral = _referral(referral_id)
    try:
        matching.record_buddy(
            referral,
            current_user._get_current_object(),
            form_text(request.form.get("volunteer_name"), 120),
            form_text(request.form.get("volunteer_contact"), 120),
            _date(request.form.get("session_on", "")),
            _attended(),
            local_today(),
        )
    except NotADate:
        return _back(referral, _("Enter a real date for the session"))
    except matching.MatchingError as error:
        return _problem(referral, error)
    return _back(referral, _("Buddy details saved"))


@blueprint.post("/<int:referral_id>/buddy/match")
def match(referral_id: int):
    referral = _referral(referral_id)
    buddy_id = record_id(request.form.get("buddy"))
    buddy = db.session.get(Buddy, buddy_id) if buddy_id else None
    if buddy is None:
        return _back(referral, _("Choose a volunteer"))
    try:
        matching.match_buddy(referral, buddy, current_user._get_current_object(), local_today())
    except matching.MatchingError as error:
        return _problem(referral, error)
    return _back(referral, _("Volunteer matched"))


@blueprint.post("/<int:referral_id>/buddy/unmatch")
def unmatch(referral_id: int):
    referral = _referral(referral_id)
    try:
        matching.unmatch_buddy(referral, current_user._get_current_object())
    except matching.MatchingError as error:
        return _problem(referral, error)
    return _back(referral, _("Volunteer unmatched"))


@blueprint.post("/<int:referral_id>/buddy/session")
def session(referral_id: int):
    referral = _referral(referral_id)
    try:
        matching.record_session(
            referral,
            current_user._get_current_object(),
            _date(request.form.get("session_on", "")),
            _attended(),
            local_today(),
            note=form_text(request.form.get("note"), 2000),
        )
    except NotADate:
        return _back(referral, _("Enter a real date for the session"))
    except matching.MatchingError as error:
        return _problem(referral, error)
    return _back(referral, _("First session saved"))


@blueprint.post("/<int:referral_id>/buddy/share")
def share(referral_id: int):
    referral = _referral(referral_id)
    try:
        sharing.share_with_buddy(referral, current_user._get_current_object())
    except matching.MatchingError as error:
        return _problem(referral, error)
    return _back(referral, _("Email to the volunteer queued"))
