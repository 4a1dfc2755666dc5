"""What link workers do to a request. Each change is recorded and audited; the request
commits. Every check comes before any change, so a refused change leaves nothing to undo."""

from collections import deque
from datetime import UTC, date, datetime

from directory_app.core import audit
from directory_app.domain.dates import local_today
from directory_app.inbox import assignment_email
from directory_app.models import Referral, ReferralNote, ReferralStatusChange, StaffUser
from directory_app.models.referrals import OPEN_STATUSES, STATUSES

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


def status_path(from_status: str, to_status: str) -> list[str]:
    """The fewest allowed steps from one status to another, through open statuses only
    (never closing or declining a request on the way); [] when already there or when
    there is no way."""
    if from_status == to_status:
        return []
    came_from = {from_status: None}
    waiting = deque([from_status])
    while waiting:
        status = waiting.popleft()
        for step in NEXT_STATUSES[status]:
            if step in came_from or (step != to_status and step not in OPEN_STATUSES):
                continue
            came_from[step] = status
            if step == to_status:
                path = [step]
                while came_from[path[0]] != from_status:
                    path.insert(0, came_from[path[0]])
                return path
            waiting.append(step)
    return []


def move_towards(referral: Referral, to_status: str, actor: StaffUser) -> bool:
    """Move the request to ``to_status`` one allowed step at a time (each step kept in its
    history and audited), for changes that follow from casework: a buddy matched, a
    referral on. False, and nothing changed, when the rules allow no way there."""
    if referral.status == to_status:
        return True
    path = status_path(referral.status, to_status)
    for step in path:
        change_status(referral, step, actor)
    return bool(path)


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


def bring_follow_up_forward(referral: Referral, on: date) -> None:
    """The case's follow-up becomes ``on`` unless one is due sooner: casework (an onward
    referral's check) schedules it. Never before today, the rule ``set_follow_up`` keeps."""
    on = max(on, local_today())
    if referral.follow_up_on is None or referral.follow_up_on > on:
        referral.follow_up_on = on


def move_follow_up(referral: Referral, old: date | None, new: date) -> None:
    """A follow-up that casework set for ``old`` moves to ``new``; one the link worker set
    for another day stays, unless ``new`` is sooner."""
    if referral.follow_up_on is not None and referral.follow_up_on == old:
        referral.follow_up_on = None
    bring_follow_up_forward(referral, new)


def set_follow_up(
    referral: Referral, on: date | None, actor: StaffUser, today: date | None = None
) -> None:
    """Set the follow-up date, or clear it with ``None``; a date before today is refused."""
    if on is not None and on < (today or local_today()):
        raise FollowUpInPast()
    referral.follow_up_on = on
    audit.record("referral.follow_up_set", referral, actor=actor)
