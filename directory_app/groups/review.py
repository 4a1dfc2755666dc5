"""Closing a proposed change to a listing or a venue, and telling the group."""

from datetime import UTC, datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from directory_app import mail


def mark_reviewed(change, moderator, status: str, comment: str = "") -> None:
    """Close a listing's or a venue's change; a trusted group's change has no moderator."""
    change.status = status
    change.reviewed_by_id = moderator.id if moderator else None
    change.reviewed_at = datetime.now(UTC)
    change.comment = comment.strip()[:500]


def tell_submitter(change, message, title: str, link: str) -> None:
    """Email whoever proposed the change (in English: we keep no language for staff)."""
    if change.submitted_by is None:
        return
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = str(message).format(title=title, comment=change.comment)
        mail.queue(
            change.submitted_by.email,
            _("About your listing: {title}").format(title=title),
            f"{body}\n\n{link}\n",
        )
