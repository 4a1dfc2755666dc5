"""Telling a link worker that a colleague gave them a case.

The email carries the reference, the dates and a link, never the person's details: email
crosses servers we do not run, and the case itself is behind the staff sign-in.
"""

from flask_babel import force_locale
from flask_babel import gettext as _

from directory_app.core import mail
from directory_app.i18n.dates import long_date
from directory_app.i18n.email_languages import email_locale
from directory_app.models import Referral, StaffUser
from directory_app.web.links import absolute_url


def queue_assignment_email(referral: Referral, assignee: StaffUser) -> None:
    """Queue the email to ``assignee`` in their language (sent after the request commits)."""
    locale = email_locale(assignee.language)
    with force_locale(locale):
        link = absolute_url("inbox.referral_detail", locale, referral_id=referral.id)
        subject = _("A case has been assigned to you: {reference}").format(
            reference=referral.reference
        )
        follow_up = long_date(referral.follow_up_on) if referral.follow_up_on else _("not set")
        body = _(
            "Hello {name},\n\n"
            "A colleague has assigned a case to you.\n\n"
            "Reference: {reference}\n"
            "Respond by: {respond_by}\n"
            "Follow up on: {follow_up}\n\n"
            "Sign in to open it: {link}\n"
        ).format(
            name=assignee.name,
            reference=referral.reference,
            respond_by=long_date(referral.respond_by),
            follow_up=follow_up,
            link=link,
        )
    mail.queue(assignee.email, subject, body)
