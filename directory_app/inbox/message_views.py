"""Sending the person an email from their case: choose, fill in, preview, send."""

import contextlib
from datetime import date, time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.inbox import messages
from directory_app.models import Referral
from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea
from directory_app.web.input import form_text, record_id

blueprint = StaffArea("case_messages", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")


def _referral(referral_id: int) -> Referral:
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        abort(404)
    return referral


def _details(form) -> dict:
    """What the form says, parsed; anything unreadable is left out for the service to name."""
    details = {
        "where": form_text(form.get("where"), 200),
        "by_phone": form.get("by_phone") == "1",
        "activity_id": record_id(form.get("activity", "")),
    }
    with contextlib.suppress(ValueError):
        details["on"] = date.fromisoformat(form.get("on", ""))
    with contextlib.suppress(ValueError):
        details["at"] = time.fromisoformat(form.get("at", ""))
    return details


def _back(referral: Referral, message: str):
    flash(message)
    return redirect(url_for("inbox.referral_detail", referral_id=referral.id))


def _form(referral: Referral, template: str, errors: dict | None = None, status: int = 200):
    return (
        render_template(
            "inbox/message_new.html",
            referral=referral,
            template=template,
            template_name=messages.TEMPLATES[template],
            activities=messages.activity_choices(referral),
            errors=errors or {},
            values=request.form,
        ),
        status,
    )


def _template() -> str:
    template = request.values.get("template", "")
    if template not in messages.TEMPLATES:
        abort(404)
    return template


@blueprint.get("/<int:referral_id>/messages/new")
def new_message(referral_id: int):
    """The details a message needs (an appointment's date, the activity to describe)."""
    referral = _referral(referral_id)
    reason = messages.email_refusal(referral)
    if reason:
        return _back(referral, _("No email can be sent: {reason}").format(reason=reason))
    template = _template()
    audit.record("referral.viewed", referral, page="message", template=template)
    return _form(referral, template)


@blueprint.post("/<int:referral_id>/messages/preview")
def preview_message(referral_id: int):
    """The message exactly as it will go, in the person's language, before it is sent."""
    referral = _referral(referral_id)
    template = _template()
    try:
        draft = messages.compose(referral, template, current_user, _details(request.form))
    except messages.CannotEmail as refusal:
        return _back(referral, _("No email can be sent: {reason}").format(reason=refusal.reason))
    except messages.DetailsMissing as missing:
        return _form(referral, template, missing.errors, 400)
    audit.record("referral.viewed", referral, page="message_preview", template=template)
    return render_template(
        "inbox/message_preview.html",
        referral=referral,
        template=template,
        draft=draft,
        values=request.form,
        reader_locale=messages.reader_locale(referral),
    )


@blueprint.post("/<int:referral_id>/messages/send")
def send_message(referral_id: int):
    """Send the previewed message; it is queued with this request and sent once it commits."""
    referral = _referral(referral_id)
    template = _template()
    try:
        draft = messages.compose(referral, template, current_user, _details(request.form))
        messages.send(referral, template, draft, current_user._get_current_object())
    except messages.CannotEmail as refusal:
        return _back(referral, _("No email can be sent: {reason}").format(reason=refusal.reason))
    except messages.DetailsMissing as missing:
        return _form(referral, template, missing.errors, 400)
    return _back(referral, _("Email sent"))
