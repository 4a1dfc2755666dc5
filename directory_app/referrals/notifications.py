"""Telling the inbox a request arrived, without putting the person's details in the email."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from directory_app.core import mail
from directory_app.web.links import absolute_url


def announce(referral) -> None:
    """Queue the inbox email in the current transaction (sent after it commits)."""
    link = absolute_url("inbox.referral_detail", referral_id=referral.id)
    # The inbox reads English; the resident's own language does not apply to this email.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        if referral.kind == "buddy":
            kind = _("buddy request")
        elif referral.source == "professional":
            kind = _("referral from a professional")
        else:
            kind = _("self-referral")
        subject = _("New {kind}: {reference}").format(kind=kind, reference=referral.reference)
        body = _(
            "A new {kind} has arrived.\n\nReference: {reference}\nRespond by: {respond_by}\n\n"
            "Sign in to read it: {link}\n"
        ).format(
            kind=kind,
            reference=referral.reference,
            respond_by=referral.respond_by.isoformat(),
            link=link,
        )
    mail.queue(current_app.config["INBOX_EMAIL"], subject, body)
