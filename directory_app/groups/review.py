"""Closing a proposed change to a listing or a venue, and telling the group."""

from datetime import UTC, datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from directory_app import mail
from directory_app.email_languages import email_locale
from directory_app.links import absolute_url


def mark_reviewed(change, moderator, status: str, comment: str = "") -> None:
    """Close a listing's or a venue's change; a trusted group's change has no moderator."""
    change.status = status
    change.reviewed_by_id = moderator.id if moderator else None
    change.reviewed_at = datetime.now(UTC)
    change.comment = comment.strip()[:500]


def tell_submitter(change, message, title: str, endpoint: str, **values) -> None:
    """Email whoever proposed the change in their language, with a link to ``endpoint`` in
    that language."""
    if change.submitted_by is None:
        return
    language = email_locale(change.submitted_by.language)
    link = absolute_url(endpoint, language=language, **values)
    with force_locale(language):
        body = str(message).format(title=title, comment=change.comment)
        mail.queue(
            change.submitted_by.email,
            _("About your listing: {title}").format(title=title),
            f"{body}\n\n{link}\n",
        )
