"""What link workers do to a request. Each change is recorded and audited; the request
commits. Every check comes before any change, so a refused change leaves nothing to undo."""

from datetime import UTC, date, datetime

from directory_app.core import audit
from directory_app.domain.dates import local_today
from directory_app.inbox import assignment_email
from directory_app.models import Referral, ReferralNote, ReferralStatusChange, StaffUser
from directory_app.models.referrals import STATUSES

# Where a request may go from each status. "closed" and "declined" are final (reopen to
# "in_progress" if someone gets back in touch).
NEXT_STATUSES = {
    "new": ("contacted", "in_progress", "declined"),
    "contacted": ("in_progress", "buddy_matched", "referred_on", "closed", "declined"),
    "in_progress": ("buddy_matched", "referred_on", "attended", "closed", "declined"),
    "buddy_matched": ("attended", "in_progress", "closed"),
    "referred_on": ("attended", "in_progress", "closed"),
    "attended": ("closed", "in_progress"),
    "closed": ("in_progress",),
    "declined": ("in_progress",),
}


class TriageError(ValueError):
    """A change that is not allowed; each kind has its own class, and its own message."""


class StatusNotAllowed(TriageError):
    """The request cannot move from its status to that one."""


class OutcomeNeeded(TriageError):
    """Closing or declining needs the outcome, or the reason."""


class EmptyNote(TriageError):
    """A note with no text."""


class NotADate(TriageError):
    """A date that does not exist."""


class FollowUpInPast(TriageError):
    """A follow-up date before today: it would be overdue the moment it was set."""


def change_status(
    referral: Referral, to_status: str, actor: StaffUser, outcome: str = "", invalid: bool = False
) -> None:
    """Move the request to another status, keeping the history and the first-contact time."""
    if to_status not in STATUSES or to_status not in NEXT_STATUSES[referral.status]:
        raise StatusNotAllowed()
    if to_status in ("closed", "declined") and not outcome.strip():
        raise OutcomeNeeded()
    now = datetime.now(UTC)
    referral.history.append(
        ReferralStatusChange(
            changed_by_id=actor.id, changed_at=now, from_status=referral.status, to_status=to_status
        )
    )
    audit.record(
        "referral.status_changed",
        referral,
        actor=actor,
        from_status=referral.status,
        to_status=to_status,
    )
    if referral.first_contacted_at is None and referral.status == "new":
        referral.first_contacted_at = now
    referral.status = to_status
    if to_status in ("closed", "declined"):
        referral.outcome = outcome.strip()[:300]
        referral.closed_at = now
        referral.declined_as_invalid = to_status == "declined" and invalid
    else:
        referral.closed_at = None
        referral.declined_as_invalid = False


def assign(referral: Referral, assignee: StaffUser | None, actor: StaffUser) -> None:
    """Give the case to a link worker (or nobody). Someone given a case by a colleague is
    emailed; taking it yourself, or saving the same assignee again, sends nothing."""
    newly_theirs = assignee is not None and assignee.id != referral.assigned_to_id
    referral.assigned_to_id = assignee.id if assignee else None
    audit.record("referral.assigned", referral, actor=actor, assignee_id=referral.assigned_to_id)
    if newly_theirs and assignee.id != actor.id:
        assignment_email.queue_assignment_email(referral, assignee)


def add_note(referral: Referral, text: str, actor: StaffUser) -> None:
    """Add a link worker's note to the case."""
    if not text.strip():
        raise EmptyNote()
    referral.notes.append(ReferralNote(author_id=actor.id, text=text.strip()[:5000]))
    audit.record("referral.note_added", referral, actor=actor)


def set_follow_up(
    referral: Referral, on: date | None, actor: StaffUser, today: date | None = None
) -> None:
    """Set the follow-up date, or clear it with ``None``; a date before today is refused."""
    if on is not None and on < (today or local_today()):
        raise FollowUpInPast()
    referral.follow_up_on = on
    audit.record("referral.follow_up_set", referral, actor=actor)
