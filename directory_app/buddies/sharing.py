"""Telling a matched volunteer who they are meeting, when the person agreed to it.

Only the person's first name, their phone and the session go to the volunteer, and only
when they ticked "may share my first name and phone with the volunteer". The email is in
the volunteer's language when the site is translated into one they speak, else English.
"""

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from directory_app.buddies.matching import MatchingError, NotMatched
from directory_app.core import audit, mail
from directory_app.i18n.email_languages import email_locale
from directory_app.models import Buddy, Referral, StaffUser


class NoConsentToShare(MatchingError):
    """The person did not agree to share their details with the volunteer."""


class NoBuddyEmail(MatchingError):
    """The volunteer's record has no email address to write to."""


def buddy_locale(buddy: Buddy) -> str:
    """The first language the volunteer speaks that emails can be written in, else English."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    for code in buddy.languages or []:
        if email_locale(code) == code:
            return code
    return default


def first_name(referral: Referral) -> str:
    """What the volunteer may call the person: the name they prefer, else their first name."""
    return referral.preferred_name or (referral.full_name.split() or [""])[0]


def _session(referral: Referral) -> str:
    if referral.buddy_session_on:
        return format_date(referral.buddy_session_on, format="full")
    return referral.hoped_session or _("Not arranged yet")


def _place(referral: Referral) -> str:
    venue = referral.activity.venue if referral.activity else None
    if venue is None:
        return _("To be arranged")
    return ", ".join(part for part in (venue.name, venue.address_line, venue.postcode) if part)


def share_with_buddy(referral: Referral, actor: StaffUser) -> None:
    """Queue the email to the matched volunteer (sent once the request commits)."""
    buddy = referral.buddy
    if buddy is None:
        raise NotMatched()
    if not referral.consent_share_with_volunteer or referral.anonymised_at is not None:
        raise NoConsentToShare()
    if not buddy.email:
        raise NoBuddyEmail()
    activity = referral.activity.title if referral.activity else referral.help_wanted
    with force_locale(buddy_locale(buddy)):
        subject = _("Going with someone to their first session ({reference})").format(
            reference=referral.reference
        )
        body = _(
            "Hello {buddy},\n\nThank you for going with someone to their first session. "
            "They agreed that we may share these details with you.\n\n"
            "First name: {first_name}\nPhone: {phone}\nActivity: {activity}\n"
            "Where: {place}\nSession: {session}\n\n"
            "Please keep these details to yourself, and delete them after the session. "
            "If you cannot go, reply to this email as soon as you can.\n"
        ).format(
            buddy=buddy.name,
            first_name=first_name(referral),
            phone=referral.phone or "–",
            activity=activity or "–",
            place=_place(referral),
            session=_session(referral),
        )
    mail.queue(buddy.email, subject, body)
    audit.record("referral.shared_with_buddy", referral, actor=actor, buddy_id=buddy.id)
