"""A case's shortlist of activities: build, send, print."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.domain.dates import local_now
from directory_app.inbox import messages
from directory_app.models import Referral
from directory_app.models.staff import REFERRAL_ROLES
from directory_app.shortlists import case_lists
from directory_app.web.access import StaffArea
from directory_app.web.input import plain_text, record_id

blueprint = StaffArea("case_shortlists", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")


def _referral(referral_id: int) -> Referral:
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        abort(404)
    return referral


def _actor():
    return current_user._get_current_object()


def _back(referral: Referral, message: str):
    flash(message)
    return redirect(url_for("inbox.referral_detail", referral_id=referral.id) + "#shortlist")


@blueprint.get("/<int:referral_id>/shortlist/search")
def search(referral_id: int):
    """Activities to suggest, found with the site's own search (the words are not personal)."""
    referral = _referral(referral_id)
    words = plain_text(request.args.get("q"), 100)
    audit.record("referral.viewed", referral, page="shortlist_search")
    return render_template(
        "shortlists/case_search.html",
        referral=referral,
        words=words,
        found=case_lists.search(words),
        listed={item.activity_id for item in referral.shortlist},
    )


@blueprint.post("/<int:referral_id>/shortlist/add")
def add(referral_id: int):
    """Add an activity to the person's shortlist."""
    referral = _referral(referral_id)
    try:
        case_lists.add(referral, record_id(request.form.get("activity", "")) or 0, _actor())
    except case_lists.NotListed:
        return _back(referral, _("That activity is not listed"))
    return _back(referral, _("Added to the shortlist"))


@blueprint.post("/<int:referral_id>/shortlist/remove")
def remove(referral_id: int):
    """Take an item off the shortlist."""
    referral = _referral(referral_id)
    case_lists.remove(referral, record_id(request.form.get("item", "")) or 0, _actor())
    return _back(referral, _("Removed from the shortlist"))


@blueprint.post("/<int:referral_id>/shortlist/move")
def move(referral_id: int):
    """Move an item up or down the shortlist."""
    referral = _referral(referral_id)
    step = -1 if request.form.get("direction") == "up" else 1
    case_lists.move(referral, record_id(request.form.get("item", "")) or 0, step, _actor())
    return _back(referral, _("Shortlist reordered"))


@blueprint.post("/<int:referral_id>/shortlist/send")
def send(referral_id: int):
    """Email the shortlist to the person, in their language."""
    referral = _referral(referral_id)
    try:
        case_lists.send_by_email(referral, _actor())
    except messages.CannotEmail as refusal:
        return _back(referral, _("No email can be sent: {reason}").format(reason=refusal.reason))
    except case_lists.EmptyShortlist:
        return _back(referral, _("Add an activity to the shortlist first"))
    return _back(referral, _("Shortlist sent by email"))


@blueprint.get("/<int:referral_id>/shortlist/print")
def print_list(referral_id: int):
    """The shortlist as a page to print and hand over or post, in the person's language."""
    referral = _referral(referral_id)
    audit.record("referral.viewed", referral, page="shortlist_print")
    activities = case_lists.public_items(referral, local_now().date())
    language = messages.reader_locale(referral)
    with force_locale(language):
        return render_template(
            "shortlists/print.html",
            print_title=_("Activities for you to try"),
            print_intro="",
            print_activities=activities,
            print_links={a.id: case_lists.link_for(a, language) for a in activities},
        )
