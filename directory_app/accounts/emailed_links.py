"""One-time links emailed to staff: sign in without a password, or set a new password.

A link carries a signed random id; the row it names says what it is for, when it expires
and whether it has been used, so a link works once and only until it expires. Asking for a
link never reveals whether an account exists.
"""

from datetime import UTC, datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from directory_app.accounts.service import normalise_email, void_links
from directory_app.core import audit, mail
from directory_app.core.extensions import db
from directory_app.i18n.email_languages import email_locale
from directory_app.models import EmailedLink, StaffUser
from directory_app.web import signed_links
from directory_app.web.links import absolute_url
from directory_app.web.signed_links import LinkNotUsable

__all__ = ["LinkNotUsable", "create_link", "email_link", "link_for", "use"]

LIFETIMES = {"sign_in": timedelta(minutes=20), "set_password": timedelta(hours=24)}
ENDPOINTS = {"sign_in": "accounts.use_sign_in_link", "set_password": "accounts.set_password"}


def create_link(user: StaffUser, purpose: str, lifetime: timedelta | None = None) -> str:
    """Store a link for the user and return its absolute URL; it replaces any earlier link
    of the same purpose (the caller commits)."""
    void_links(user, purpose)
    link = EmailedLink(
        user_id=user.id,
        purpose=purpose,
        token_id=signed_links.new_token_id(),
        expires_at=datetime.now(UTC) + (lifetime or LIFETIMES[purpose]),
    )
    db.session.add(link)
    token = signed_links.sign(purpose, link.token_id)
    return absolute_url(ENDPOINTS[purpose], language=email_locale(user.language), token=token)


def email_link(email: str, purpose: str) -> None:
    """Email a link if an active account has this address; do nothing visible otherwise."""
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == normalise_email(email)))
    if user is None or not user.active:
        audit.record(f"{purpose}_link.requested_unknown", actor=None)
        return
    url = create_link(user, purpose)
    with force_locale(email_locale(user.language)):
        if purpose == "sign_in":
            subject = _("Your sign-in link")
            body = _(
                "Use this link to sign in. It works once, for 20 minutes.\n\n{url}\n\nIf you did not ask for it, you can ignore this email.\n"
            )
        else:
            subject = _("Set your password")
            body = _(
                "Use this link to set your password. It works once, for 24 hours.\n\n{url}\n\nIf you did not ask for it, you can ignore this email.\n"
            )
        mail.queue(user.email, subject, body.format(url=url))
    audit.record(f"{purpose}_link.sent", user, actor=None)


def link_for(token: str, purpose: str) -> EmailedLink:
    """The stored link for a token, if it is for this purpose and still usable: not used,
    not expired, and its account still active (a leaver's links stop working)."""
    link = signed_links.find_usable(EmailedLink, token, purpose)
    if link.purpose != purpose or not link.user.active:
        raise signed_links.LinkInvalid()
    return link


def use(link: EmailedLink) -> None:
    """Use the link up; a second use, even at the same moment, raises ``LinkUsed``."""
    signed_links.use(link)
