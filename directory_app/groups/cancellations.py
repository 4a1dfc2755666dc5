"""Cancelling a single session of an activity ("not on 25 December"), and putting it back on.

Unlike other changes to a listing this is not moderated: a session called off this morning
must be off the listing this morning, and a date is all it changes. It takes effect when
the request commits; it is audited; and the activity itself is marked changed, so the
search outbox takes it (``search.sync``) and its result cards are made again with the new
``content_version``, as after any edit. Only a real session still to come can be cancelled.

Adds and flushes; the request commits.
"""

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.domain import schedules
from directory_app.groups.queries import own_activity
from directory_app.models import Activity, SessionCancellation
from directory_app.models.cancellations import REASON_LENGTH
from directory_app.models.staff import MODERATOR_ROLES
from directory_app.web.input import form_text

# As far ahead as the activity page and the calendars look for sessions.
FURTHEST_AHEAD = timedelta(days=366)


class CancellationError(ValueError):
    """A date that cannot be cancelled or put back on; each reason has its own class."""

    def __init__(self, day: date):
        super().__init__(day.isoformat())
        self.day = day


class SessionPassed(CancellationError):
    """The date (or that day's last session) is in the past."""


class TooFarAhead(CancellationError):
    """Further ahead than anything shows the activity's sessions."""


class NotASession(CancellationError):
    """The activity does not run on that date."""


class AlreadyCancelled(CancellationError):
    """The date is cancelled already."""


class NotCancelled(CancellationError):
    """Putting back on a date that was never cancelled."""


def editable_activity(user, activity_id: int) -> Activity | None:
    """An activity whose sessions this user may cancel: any, for someone who moderates
    listings; one of their own groups', for a group (None for anything else)."""
    if user.role in MODERATOR_ROLES:
        return db.session.get(Activity, activity_id)
    return own_activity(user, activity_id)


def _ignoring_cancellations(activity) -> schedules.Timetable:
    return replace(schedules.timetable_for(activity), cancelled=frozenset())


def check_session(activity, day: date, now: datetime) -> None:
    """Raise unless the activity has a session on ``day`` that has not yet ended.

    ``now`` is local wall-clock time, as sessions are published.
    """
    today = now.date()
    if day < today:
        raise SessionPassed(day)
    if day > today + FURTHEST_AHEAD:
        raise TooFarAhead(day)
    timetable = _ignoring_cancellations(activity)
    count = max(1, len(timetable.slots))
    # The sessions of that one day (``horizon_days=0``), from its start or from now.
    start_of_day = datetime.combine(day, time.min)
    if schedules.upcoming_sessions(timetable, max(now, start_of_day), count, horizon_days=0):
        return
    if day == today and schedules.upcoming_sessions(timetable, start_of_day, count, horizon_days=0):
        raise SessionPassed(day)  # today's sessions have all ended
    raise NotASession(day)


def cancellations_to_come(activity, today: date) -> list[SessionCancellation]:
    """The activity's cancelled dates from today on, soonest first."""
    return [row for row in activity.cancellations if row.on_date >= today]


def next_session_dates(activity, now: datetime, count: int = 8) -> list[date]:
    """The dates of the next sessions that are not cancelled: what may be cancelled."""
    sessions = schedules.upcoming_sessions(schedules.timetable_for(activity), now, count=count)
    return sorted({session.starts_at.date() for session in sessions})


def _changed() -> None:
    # ``search.sync`` counts a cancellation as a change to its activity: the flush writes
    # the outbox row and moves the activity's content_version and updated_at.
    db.session.flush()


def cancel_session(activity, day: date, reason: str, user, now: datetime):
    """Cancel the activity's session(s) on ``day``, with an optional short reason."""
    if any(row.on_date == day for row in activity.cancellations):
        raise AlreadyCancelled(day)
    check_session(activity, day, now)
    cancellation = SessionCancellation(
        on_date=day, reason=form_text(reason, REASON_LENGTH).replace("\n", " ")
    )
    activity.cancellations.append(cancellation)
    _changed()
    # The date, not the reason: the audit log never holds free text someone typed.
    audit.record("listing.session_cancelled", activity, actor=user, on_date=day.isoformat())
    return cancellation


def restore_session(activity, day: date, user) -> None:
    """Put a cancelled session back on."""
    cancellation = next((row for row in activity.cancellations if row.on_date == day), None)
    if cancellation is None:
        raise NotCancelled(day)
    activity.cancellations.remove(cancellation)
    _changed()
    audit.record("listing.session_restored", activity, actor=user, on_date=day.isoformat())
