"""The one reviewed-change workflow, behind listings and venues alike.

A change records only the fields it changes, as they were and as proposed, so approving it
writes only those: two changes waiting side by side (a new summary, then a new contact
name) both stick. When a field it changes was changed again since (by a change approved
meanwhile), approving shows the moderator the conflict instead of overwriting it. A change
is applied at once when the kind says that
is safe (a trusted group's listing, a venue only its own trusted groups use); otherwise it
waits for a moderator, who approves it (it goes live) or sends it back with a comment, and
the group is told either way in its own language. Every step is audited.

What differs between listings and venues (their fields, how a version is written, whose
editor the email links to) is a ``ChangeKind``: ``listing_changes.LISTING`` and
``venue_changes.VENUE``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from directory_app.core import audit, mail
from directory_app.core.extensions import db
from directory_app.i18n.email_languages import email_locale
from directory_app.web.links import absolute_url


@dataclass(frozen=True)
class ChangeKind:
    """How one kind of record takes part in the workflow."""

    name: str  # "listing" or "venue": the audit log's actions begin with it
    model: type  # the change model: ListingChange or VenueChange
    subject: str  # the change's attribute that holds the record changed
    snapshot: Callable[[object], dict]  # the record's fields as a version stores them
    write: Callable[[object, dict], None]  # make the record match a version
    title: Callable[[object], str]  # the record's name, for emails
    editor: str  # the endpoint of the group's page for the record
    editor_argument: str  # that endpoint's argument, e.g. "activity_id"


class ChangeConflict(Exception):
    """Fields the change would overwrite were changed since it was proposed."""

    def __init__(self, fields: list[str]):
        super().__init__(", ".join(fields))
        self.fields = fields


def _same(a, b) -> bool:
    # Forms give "" where a column holds None: neither is a change.
    return ("" if a is None else a) == ("" if b is None else b)


def propose(kind: ChangeKind, record, user, fields: dict, apply_now: bool, waiting=None, **details):
    """Record a change of ``fields`` (None when nothing changes); apply it if ``apply_now``.

    Only the fields whose value differs from the live record are kept. ``waiting`` is the
    record's change already waiting for a moderator: the group is editing it, so it is
    brought up to date (keeping what it changed that ``fields`` does not mention) rather
    than a second change stacked on it.
    """
    live = kind.snapshot(record)
    if waiting is not None:
        fields = {**waiting.after, **fields}
    after = {name: value for name, value in fields.items() if not _same(live.get(name), value)}
    if not after:
        return None
    before = {name: live.get(name) for name in after}
    if waiting is not None:
        waiting.before, waiting.after = before, after
        waiting.submitted_by_id = user.id
        waiting.submitted_at = datetime.now(UTC)
        audit.record(f"{kind.name}.change_updated", record, actor=user, change_id=waiting.id)
        return waiting
    change = kind.model(
        **{kind.subject: record}, submitted_by_id=user.id, before=before, after=after, **details
    )
    db.session.add(change)
    db.session.flush()
    audit.record(f"{kind.name}.change_proposed", record, actor=user, change_id=change.id)
    if apply_now:
        apply(kind, change, None)
    return change


def conflicts(kind: ChangeKind, change) -> dict[str, object]:
    """{field: its value now} for each field the change would overwrite that was changed
    since the change was proposed (to something other than what the change proposes)."""
    live = kind.snapshot(getattr(change, kind.subject))
    return {
        name: live.get(name)
        for name, proposed in change.after.items()
        if not _same(live.get(name), change.before.get(name))
        and not _same(live.get(name), proposed)
    }


def apply(kind: ChangeKind, change, moderator) -> None:
    """Make the change live; ``moderator`` is None when it needed no check."""
    record = getattr(change, kind.subject)
    kind.write(record, change.after)
    _mark_reviewed(change, moderator, "applied")
    audit.record(f"{kind.name}.change_applied", record, actor=moderator, change_id=change.id)


def approve(kind: ChangeKind, change, moderator, overwrite: bool = False) -> None:
    """Apply a waiting change. Raises ChangeConflict when a field it changes was changed
    since, unless the moderator has seen that and chosen to ``overwrite``."""
    clashing = conflicts(kind, change)
    if clashing and not overwrite:
        raise ChangeConflict(sorted(clashing))
    apply(kind, change, moderator)
    _tell_submitter(kind, change, _l("Your change to {title} is now live."))


def send_back(kind: ChangeKind, change, moderator, comment: str) -> None:
    _mark_reviewed(change, moderator, "returned", comment)
    record = getattr(change, kind.subject)
    audit.record(f"{kind.name}.change_returned", record, actor=moderator, change_id=change.id)
    _tell_submitter(kind, change, _l("Your change to {title} needs another look: {comment}"))


def _mark_reviewed(change, moderator, status: str, comment: str = "") -> None:
    change.status = status
    change.reviewed_by_id = moderator.id if moderator else None
    change.reviewed_at = datetime.now(UTC)
    change.comment = comment.strip()[:500]


def _tell_submitter(kind: ChangeKind, change, message) -> None:
    """Email whoever proposed the change in their language, with a link to the record's
    page in that language."""
    if change.submitted_by is None:
        return
    record = getattr(change, kind.subject)
    language = email_locale(change.submitted_by.language)
    link = absolute_url(kind.editor, language=language, **{kind.editor_argument: record.id})
    with force_locale(language):
        title = kind.title(record)
        body = str(message).format(title=title, comment=change.comment)
        mail.queue(
            change.submitted_by.email,
            _("About your listing: {title}").format(title=title),
            f"{body}\n\n{link}\n",
        )
