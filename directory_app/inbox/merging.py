"""Merging a duplicate request into the one being kept."""

from datetime import UTC, datetime

from directory_app.core import audit
from directory_app.inbox.triage import TriageError
from directory_app.models import Referral, ReferralNote, ReferralStatusChange, StaffUser


class CannotMerge(TriageError):
    """A request cannot be merged into itself, or into one already merged away."""


def merge(duplicate: Referral, into: Referral, actor: StaffUser) -> None:
    """Fold a duplicate into the request being kept: its notes move, and it is closed."""
    if duplicate.id == into.id or into.merged_into_id is not None:
        raise CannotMerge()
    for note in list(duplicate.notes):
        duplicate.notes.remove(note)
        into.notes.append(
            ReferralNote(author_id=note.author_id, written_at=note.written_at, text=note.text)
        )
    into.notes.append(
        ReferralNote(
            author_id=actor.id, text=f"Merged request {duplicate.reference} into this one."
        )
    )
    duplicate.merged_into_id = into.id
    duplicate.history.append(
        ReferralStatusChange(
            changed_by_id=actor.id, from_status=duplicate.status, to_status="closed"
        )
    )
    duplicate.status = "closed"
    duplicate.outcome = f"Duplicate of {into.reference}"
    duplicate.closed_at = datetime.now(UTC)
    audit.record("referral.merged", duplicate, actor=actor, into_id=into.id)
