"""Referrals sent to a group: the group sees what was shared, accepts or declines, records contact.

Only for the groups the provider keeps: any other referral is a 404, however its id is
typed. The page shows what the person agreed to share and nothing else of their case.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.core import audit
from directory_app.domain.dates import local_today
from directory_app.inbox import onward, onward_progress
from directory_app.inbox.onward_forms import (
    DeclineForm,
    FirstContactForm,
    FirstSessionForm,
    SixWeeksForm,
    refusal,
)
from directory_app.web.access import StaffArea

blueprint = StaffArea(
    "group_referrals", __name__, ("provider",), url_prefix="/staff/my-groups/referrals"
)


@blueprint.app_template_global("group_referrals_waiting")
def group_referrals_waiting(user) -> int:
    """How many referrals to the user's groups wait for an answer (for "Your groups")."""
    return onward.waiting_count(user)


def _user():
    return current_user._get_current_object()


def _own(onward_id: int):
    found = onward.own_referral(current_user, onward_id)
    if found is None:
        abort(404)
    return found


def _page(found, status=200, **forms):
    forms = {
        "decline_form": DeclineForm(formdata=None),
        "contact_form": FirstContactForm(formdata=None),
        "session_form": FirstSessionForm(formdata=None),
        "six_weeks_form": SixWeeksForm(formdata=None),
    } | forms
    page = render_template(
        "groups/referral.html",
        onward=found,
        shareable=dict(onward.SHAREABLE),
        status_labels=onward.STATUS_LABELS,
        decline_labels=onward.DECLINE_REASON_LABELS,
        reply_by=onward.reply_by(found),
        errors=any(form.errors for form in forms.values()),
        **forms,
    )
    return page, status


@blueprint.get("/")
def referral_list():
    """Referrals to the provider's groups, those waiting for an answer first."""
    found = onward.for_group(current_user)
    audit.record("onward.listed", shown=len(found))
    return render_template(
        "groups/referrals.html",
        referrals=found,
        status_labels=onward.STATUS_LABELS,
        reply_by=onward.reply_by,
    )


@blueprint.get("/<int:onward_id>")
def referral_detail(onward_id: int):
    """One referral: only what the person agreed to share."""
    found = _own(onward_id)
    audit.record("onward.viewed", found.referral, onward_referral_id=found.id)
    return _page(found)


def _done(found, message: str):
    flash(message)
    return redirect(url_for(".referral_detail", onward_id=found.id))


@blueprint.post("/<int:onward_id>/accept")
def accept(onward_id: int):
    found = _own(onward_id)
    try:
        onward_progress.accept(found, _user())
    except onward_progress.ProgressError as error:
        return _done(found, refusal(error))
    return _done(found, _("Accepted. The link worker has been told; please contact the person."))


@blueprint.post("/<int:onward_id>/decline")
def decline(onward_id: int):
    found = _own(onward_id)
    form = DeclineForm()
    if not form.validate():
        return _page(found, 200, decline_form=form)
    try:
        onward_progress.decline(
            found, form.reason.data, form.note.data or "", _user(), local_today()
        )
    except onward_progress.ProgressError as error:
        return _done(found, refusal(error))
    return _done(found, _("Declined. The link worker has been told."))


@blueprint.post("/<int:onward_id>/first-contact")
def first_contact(onward_id: int):
    found = _own(onward_id)
    form = FirstContactForm()
    if not form.validate():
        return _page(found, 200, contact_form=form)
    try:
        onward_progress.record_first_contact(found, form.day, _user(), local_today())
    except onward_progress.ProgressError as error:
        return _done(found, refusal(error))
    return _done(found, _("First contact recorded"))


@blueprint.post("/<int:onward_id>/first-session")
def first_session(onward_id: int):
    found = _own(onward_id)
    form = FirstSessionForm()
    if not form.validate():
        return _page(found, 200, session_form=form)
    try:
        onward_progress.record_first_session(
            found, form.day, form.attended.data == "yes", _user(), local_today()
        )
    except onward_progress.ProgressError as error:
        return _done(found, refusal(error))
    return _done(found, _("First session recorded"))


@blueprint.post("/<int:onward_id>/six-weeks")
def six_weeks(onward_id: int):
    found = _own(onward_id)
    form = SixWeeksForm()
    if not form.validate():
        return _page(found, 200, six_weeks_form=form)
    try:
        onward_progress.record_six_weeks(found, form.still_going.data == "yes", _user())
    except onward_progress.ProgressError as error:
        return _done(found, refusal(error))
    return _done(found, _("Six-week check recorded"))
