"""Referring a person on to a group's listing, and following it up, from their case."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.domain.dates import local_today
from directory_app.i18n.dates import long_date
from directory_app.inbox import onward, onward_progress
from directory_app.inbox.onward_forms import FirstSessionForm, ReferOnForm, SixWeeksForm, refusal
from directory_app.inbox.onward_stats import reply_time_for
from directory_app.models import OnwardReferral, Referral
from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea
from directory_app.web.input import plain_text, record_id

blueprint = StaffArea("onward", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")
# Listings say how their group answers referrals (``directory/_reply_time.html``).
blueprint.add_app_template_global(reply_time_for, "reply_time_for")


def _actor():
    return current_user._get_current_object()


def _referral(referral_id: int) -> Referral:
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        abort(404)
    return referral


def _onward(referral: Referral, onward_id: int) -> OnwardReferral:
    found = db.session.get(OnwardReferral, onward_id)
    if found is None or found.referral_id != referral.id:
        abort(404)
    return found


def _back(referral: Referral, message: str):
    flash(message)
    return redirect(url_for("inbox.referral_detail", referral_id=referral.id))


@blueprint.route("/<int:referral_id>/onward/new", methods=["GET", "POST"])
def new_referral(referral_id: int):
    """Choose a listing (search, or the case's own), tick what may be shared, and send."""
    referral = _referral(referral_id)
    if not onward.can_refer(referral):
        return _back(referral, _("Reopen the case before referring them on"))
    today = local_today()
    search = plain_text(request.values.get("q"), 100)
    chosen = request.values.get("activity")
    activity = onward.listing(record_id(chosen), today)
    if activity is None and chosen is None and not search and referral.activity is not None:
        activity = onward.listing(referral.activity_id, today)
    form = ReferOnForm()
    if request.method == "GET":
        form.share.data = []
    if request.method == "POST" and activity is not None and form.validate():
        try:
            sent = onward.refer(
                referral, activity, form.share.data, form.message.data or "", _actor(), today
            )
        except onward.AlreadyReferred:
            return _back(referral, _("They are already referred to that activity"))
        except onward.NotListed:
            return _back(referral, _("That activity is not listed now"))
        except onward.CaseClosed:
            return _back(referral, _("Reopen the case before referring them on"))
        if onward.keepers(sent.organisation):
            return _back(
                referral,
                _("Referral sent to {organisation}").format(organisation=sent.organisation.name),
            )
        return _back(
            referral,
            _(
                "Referral recorded. {organisation} does not use the directory yet: phone them "
                "to pass it on"
            ).format(organisation=sent.organisation.name),
        )
    audit.record("referral.viewed", referral, page="onward")
    return render_template(
        "inbox/onward_new.html",
        referral=referral,
        form=form,
        search=search,
        results=onward.find_listings(search, today) if search or activity is None else [],
        activity=activity,
        keepers=onward.keepers(activity.organisation) if activity is not None else [],
        chosen_missing=request.method == "POST" and activity is None,
    )


@blueprint.post("/<int:referral_id>/onward/<int:onward_id>/check")
def check(referral_id: int, onward_id: int):
    """The two-week check: did the group make contact?"""
    referral = _referral(referral_id)
    found = _onward(referral, onward_id)
    made = request.form.get("made") == "yes"
    try:
        onward_progress.record_check(found, made, _actor(), local_today())
    except onward_progress.ProgressError as error:
        return _back(referral, refusal(error))
    if made:
        return _back(referral, _("Contact recorded: the check is done"))
    return _back(
        referral,
        _("We will ask again on {date}").format(date=long_date(found.check_due_on)),
    )


@blueprint.post("/<int:referral_id>/onward/<int:onward_id>/first-session")
def first_session(referral_id: int, onward_id: int):
    """The first session, recorded by the link worker (the group may record it too)."""
    referral = _referral(referral_id)
    found = _onward(referral, onward_id)
    form = FirstSessionForm()
    if not form.validate():
        return _back(referral, next(iter(form.errors.values()))[0])
    try:
        onward_progress.record_first_session(
            found, form.day, form.attended.data == "yes", _actor(), local_today()
        )
    except onward_progress.ProgressError as error:
        return _back(referral, refusal(error))
    return _back(referral, _("First session recorded"))


@blueprint.post("/<int:referral_id>/onward/<int:onward_id>/six-weeks")
def six_weeks(referral_id: int, onward_id: int):
    """Still going after six weeks, recorded by the link worker."""
    referral = _referral(referral_id)
    found = _onward(referral, onward_id)
    form = SixWeeksForm()
    if not form.validate():
        return _back(referral, next(iter(form.errors.values()))[0])
    try:
        onward_progress.record_six_weeks(found, form.still_going.data == "yes", _actor())
    except onward_progress.ProgressError as error:
        return _back(referral, refusal(error))
    return _back(referral, _("Six-week check recorded"))
