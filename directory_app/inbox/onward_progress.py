"""What happens to an onward referral after it is sent: the group's answer, first contact,
the link worker's two-week check, and attendance.

An onward referral moves one way: sent, then accepted (or declined), the group made
contact, attending (or stopped). A step that would go back or skip one is refused with
its own error. The group's people and link workers call the same functions, so the rules
have one home; every check comes before any change, and the request commits.
"""

from datetime import UTC, date, datetime, time, timedelta

from directory_app.core import audit
from directory_app.domain.dates import aware
from directory_app.inbox import onward_notifications, triage
from directory_app.models import OnwardReferral, StaffUser
from directory_app.models.onward import DECLINE_REASONS

NOT_YET_DAYS = 7
ANSWERED_STATUSES = ("accepted", "declined", "contacted", "attending", "stopped")


class ProgressError(ValueError):
    """A step that cannot be taken; each kind has its own class, and its own message."""


class AlreadyDone(ProgressError):
    """The referral is past this step already (it would move backwards)."""


class StepMissing(ProgressError):
    """An earlier step has not happened yet (it would skip one)."""


class ReasonNeeded(ProgressError):
    """Declining needs one of the reasons."""


class NoteNeeded(ProgressError):
    """Declining for "another reason" needs a note saying what it is."""


class DateInFuture(ProgressError):
    """A date of something that has happened, in the future."""


class DateBeforeReferral(ProgressError):
    """A date before the referral was sent."""


def _require(onward: OnwardReferral, allowed: tuple[str, ...], later: tuple[str, ...]) -> None:
    if onward.status in allowed:
        return
    if onward.status in later or onward.status in ("declined", "withdrawn"):
        raise AlreadyDone()
    raise StepMissing()


def _check_date(onward: OnwardReferral, on: date, today: date) -> None:
    if on > today:
        raise DateInFuture()
    if on < aware(onward.sent_at).date():
        raise DateBeforeReferral()


def _moment(on: date, today: date) -> datetime:
    # A date typed for an earlier day is kept at midday: the time of day is not known.
    return datetime.now(UTC) if on == today else datetime.combine(on, time(12), UTC)


def _tell(onward: OnwardReferral, event: str, actor: StaffUser, resident: bool) -> None:
    """The link workers by email and a note on the case; the person by email, or a note
    asking the link worker to phone them."""
    onward_notifications.tell_link_workers(onward, event)
    triage.add_note(onward.referral, onward_notifications.case_note(onward, event), actor)
    if not resident:
        return
    if onward_notifications.resident_by_email(onward.referral):
        onward_notifications.tell_resident(onward, event)
    else:
        triage.add_note(onward.referral, onward_notifications.phone_note(onward, event), actor)


def accept(onward: OnwardReferral, actor: StaffUser) -> None:
    """The group takes the person on."""
    _require(onward, ("sent",), ANSWERED_STATUSES)
    onward.status = "accepted"
    onward.answered_at = datetime.now(UTC)
    onward.answered_by_id = actor.id
    audit.record("onward.accepted", onward.referral, actor=actor, onward_referral_id=onward.id)
    _tell(onward, "accepted", actor, resident=True)


def decline(onward: OnwardReferral, reason: str, note: str, actor: StaffUser, today: date) -> None:
    """The group cannot take the person: a reason always, a note when it is another one."""
    _require(onward, ("sent",), ANSWERED_STATUSES)
    if reason not in DECLINE_REASONS:
        raise ReasonNeeded()
    if reason == "other" and not note.strip():
        raise NoteNeeded()
    onward.status = "declined"
    onward.answered_at = datetime.now(UTC)
    onward.answered_by_id = actor.id
    onward.decline_reason = reason
    onward.decline_note = note.strip()[:500]
    onward.checked_at = onward.answered_at  # nothing left to check: the link worker acts now
    triage.bring_follow_up_forward(onward.referral, today)
    audit.record(
        "onward.declined", onward.referral, actor=actor, onward_referral_id=onward.id, reason=reason
    )
    _tell(onward, "declined", actor, resident=True)


def record_first_contact(onward: OnwardReferral, on: date, actor: StaffUser, today: date) -> None:
    """The group reached the person: the two-week check is done."""
    _require(onward, ("accepted",), ("contacted", "attending", "stopped"))
    _check_date(onward, on, today)
    onward.status = "contacted"
    onward.first_contact_at = _moment(on, today)
    onward.checked_at = onward.checked_at or datetime.now(UTC)
    audit.record("onward.first_contact", onward.referral, actor=actor, onward_referral_id=onward.id)
    _tell(onward, "contacted", actor, resident=False)


def record_check(onward: OnwardReferral, made: bool, actor: StaffUser, today: date) -> None:
    """The link worker's two-week check: contact made (done), or not yet (a week on)."""
    if onward.checked_at is not None or onward.status not in ("sent", "accepted"):
        raise AlreadyDone()
    if made:
        onward.status = "contacted"
        onward.first_contact_at = onward.first_contact_at or datetime.now(UTC)
        onward.checked_at = datetime.now(UTC)
    else:
        old = onward.check_due_on
        onward.check_due_on = max(old or today, today) + timedelta(days=NOT_YET_DAYS)
        referral = onward.referral
        triage.move_follow_up(referral, old, onward.check_due_on)
    audit.record(
        "onward.checked", onward.referral, actor=actor, onward_referral_id=onward.id, made=made
    )


def record_first_session(
    onward: OnwardReferral, on: date, attended: bool, actor: StaffUser, today: date
) -> None:
    """The first session: went (the case is then "attended") or did not (yet)."""
    _require(onward, ("contacted",), ("attending", "stopped"))
    _check_date(onward, on, today)
    onward.first_session_on = on
    onward.attended_first_session = attended
    if attended:
        onward.status = "attending"
        triage.move_towards(onward.referral, "attended", actor)
    audit.record(
        "onward.first_session",
        onward.referral,
        actor=actor,
        onward_referral_id=onward.id,
        attended=attended,
    )


def record_six_weeks(onward: OnwardReferral, still_going: bool, actor: StaffUser) -> None:
    """Six weeks on: still going, or stopped."""
    if onward.status == "stopped" or onward.still_attending_at_six_weeks is not None:
        raise AlreadyDone()
    _require(onward, ("attending",), ())
    onward.still_attending_at_six_weeks = still_going
    if not still_going:
        onward.status = "stopped"
    audit.record(
        "onward.six_weeks",
        onward.referral,
        actor=actor,
        onward_referral_id=onward.id,
        still_going=still_going,
    )
