"""Merging a duplicate request into the one being kept.

Nothing the person told us is lost: notes move, their message is appended under a dated
line, reasons are joined, and details the kept case lacks (postcode, phone, email…) are
carried over, with a note naming which.
"""

from datetime import UTC, datetime

from directory_app.core import audit
from directory_app.inbox.triage import TriageError
from directory_app.models import Referral, ReferralNote, ReferralStatusChange, StaffUser

# Copied from the duplicate only where the kept case has none: never overwritten, since
# the kept case's own answer may be the newer one.
CARRIED_WHERE_MISSING = (
    "preferred_name", "date_of_birth", "phone", "email", "good_times", "postcode", "gp_practice",
    "language", "access_needs",
)  # fmt: skip


class CannotMerge(TriageError):
    """A request cannot be merged into itself, or into one already merged away."""


def _carry_details(duplicate: Referral, into: Referral) -> list[str]:
    carried = []
    for name in CARRIED_WHERE_MISSING:
        theirs = getattr(duplicate, name)
        if theirs and not getattr(into, name):
            setattr(into, name, theirs)
            carried.append(name)
    if "postcode" in carried:
        into.area = duplicate.area  # the area goes with the postcode it was worked out from
    if duplicate.help_wanted.strip():
        # Stored in the case in English, like the merge note: the inbox reads English.
        heading = f"From {duplicate.reference}, {duplicate.created_at.date().isoformat()}:"
        own = into.help_wanted.strip()
        into.help_wanted = f"{own}\n\n{heading}\n{duplicate.help_wanted.strip()}".strip()
        carried.append("help_wanted")
    reasons = list(into.reasons or [])
    added = [reason for reason in duplicate.reasons or [] if reason not in reasons]
    if added:
        into.reasons = reasons + added
        carried.append("reasons")
    return carried


def merge(duplicate: Referral, into: Referral, actor: StaffUser) -> list[str]:
    """Fold a duplicate into the request being kept, and close it. Returns the names of the
    fields carried to the kept case."""
    if duplicate.id == into.id or into.merged_into_id is not None:
        raise CannotMerge()
    for note in list(duplicate.notes):
        duplicate.notes.remove(note)
        into.notes.append(
            ReferralNote(author_id=note.author_id, written_at=note.written_at, text=note.text)
        )
    carried = _carry_details(duplicate, into)
    text = f"Merged request {duplicate.reference} into this one."
    if carried:
        text += " Carried over: {fields}.".format(fields=", ".join(carried))
    into.notes.append(ReferralNote(author_id=actor.id, text=text))
    duplicate.merged_into_id = into.id
    duplicate.history.append(
        ReferralStatusChange(
            changed_by_id=actor.id, from_status=duplicate.status, to_status="closed"
        )
    )
    duplicate.status = "closed"
    duplicate.outcome = f"Duplicate of {into.reference}"
    duplicate.closed_at = datetime.now(UTC)
    audit.record("referral.merged", duplicate, actor=actor, into_id=into.id, carried=carried)
    return carried
