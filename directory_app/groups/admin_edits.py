"""Admins changing any listing or venue directly, and marking groups as trusted.

An admin moderates, so what they save needs no second pair of eyes: it is recorded as a
version like a group's (the same fields, the same audit events) and applied at once, marked
reviewed by them. They edit in the group's own editor (``editor_views``, ``venue_views``).

A listing with a group's change waiting is not edited over that change: the group's editor
folds a new save into the waiting change (``listing_changes``), which would make the
admin its author and approve the group's part unseen. The admin decides it in the queue
first (approve, or send it back), then edits. Archiving needs no such care: it is one field,
proposed as a version of its own, and the group's waiting change then shows the moderator
that it clashes.
"""

from dataclasses import replace
from datetime import UTC, datetime

from directory_app.core import audit
from directory_app.groups import changes, listing_changes, venue_changes
from directory_app.groups.admin_queries import TRUST_CHANGED, listings_meeting_at
from directory_app.groups.listing_changes import LISTING
from directory_app.groups.queries import waiting_change
from directory_app.groups.venue_changes import VENUE
from directory_app.listings import operations


class GroupChangeWaiting(Exception):
    """The listing has a group's change waiting for a moderator: decide that one first."""


def applied_at_once(kind: changes.ChangeKind, change, admin):
    """The change, made live now and marked reviewed by the admin (None stays None)."""
    if change is not None and change.status == "pending":
        changes.apply(kind, change, admin)
    return change


def _refuse_if_group_change_waiting(activity) -> None:
    if waiting_change(activity.id) is not None:
        raise GroupChangeWaiting


def edit_listing(activity, form, admin, schedule: str):
    """The editor's change, made by an admin: a version, live at once. Raises
    GroupChangeWaiting when a group's change to the listing waits for a moderator."""
    _refuse_if_group_change_waiting(activity)
    return applied_at_once(LISTING, listing_changes.propose(activity, form, admin, schedule), admin)


def translate_listing(activity, language: str, form, admin):
    """One language's text, changed by an admin: live at once, like their other edits."""
    _refuse_if_group_change_waiting(activity)
    change = listing_changes.propose_translation(activity, language, form, admin)
    return applied_at_once(LISTING, change, admin)


def archive_listing(activity, admin):
    """Take a listing off the directory for good, as a version of its own (None when it was
    archived already). Its page says it has stopped; its versions stay."""
    change = changes.propose(LISTING, activity, admin, {"status": "archived"}, apply_now=False)
    return applied_at_once(LISTING, change, admin)


def edit_venue(venue, form, admin):
    """The venue form's change, made by an admin: a version, live at once. A venue's change
    is never folded into a group's waiting one, so there is nothing to refuse."""
    # proposed_fields reads the form as groups' changes do (the same fields).
    fields = venue_changes.proposed_fields(form, venue)
    change = changes.propose(VENUE, venue, admin, fields, apply_now=False, organisation=None)
    return applied_at_once(VENUE, change, admin)


class VenueStillInUse(Exception):
    """Published or paused listings still meet at the venue: move or archive them first."""

    def __init__(self, activities):
        super().__init__(f"{len(activities)} listings")
        self.activities = activities


def _venue_state(venue) -> dict:
    return {"archived": venue.archived}


def _venue_state_kind(admin) -> changes.ChangeKind:
    """The venue workflow with one field, ``archived``, so archiving and restoring are
    versions in the venue's history (who, when) like any other change to it."""

    def write(venue, version: dict) -> None:
        archived = bool(version["archived"])
        venue.archived_at = datetime.now(UTC) if archived else None
        venue.archived_by_id = admin.id if archived else None

    return replace(VENUE, snapshot=_venue_state, write=write)


def _set_venue_archived(venue, admin, archived: bool):
    change = changes.propose(
        _venue_state_kind(admin), venue, admin, {"archived": archived}, apply_now=False,
        organisation=None,
    )  # fmt: skip
    if change is not None:
        applied_at_once(_venue_state_kind(admin), change, admin)
        audit.record("venue.archived" if archived else "venue.restored", venue, actor=admin)
    return change


def archive_venue(venue, admin):
    """Take a venue out of the directory (None when it was archived already). Raises
    VenueStillInUse while published or paused listings meet there or have sessions there:
    their pages would point at a place that is not listed."""
    if not venue.archived and (in_use := listings_meeting_at(venue)):
        raise VenueStillInUse(in_use)
    return _set_venue_archived(venue, admin, True)


def restore_venue(venue, admin):
    """List an archived venue again (None when it was not archived)."""
    return _set_venue_archived(venue, admin, False)


def set_trusted(organisation, trusted: bool, admin) -> bool:
    """Mark a group trusted (its changes go live without a moderator) or not; audited with
    who and when. False, and nothing recorded, when it already was."""
    if organisation.trusted == trusted:
        return False
    operations.write_organisation(organisation, trusted=trusted)
    audit.record(TRUST_CHANGED, organisation, actor=admin, trusted=trusted)
    return True
