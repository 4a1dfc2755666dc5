"""A group saying whether its listing is taking new people (``domain.intake``).

Operational state, like a cancelled session: the group sets it and it is live once the
request commits, with no moderator in between (a listing that filled up this morning should
stop sending people this morning). Saying it again, even unchanged, is what keeps it fresh.
The activity row changes, so ``search.sync`` writes its outbox row and moves its
``content_version``: the index and the result cards follow. Adds and flushes; the request
commits.
"""

from datetime import date

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.domain.intake import MAX_WAIT_WEEKS, MIN_WAIT_WEEKS, WAITING_LIST
from directory_app.models.activities import INTAKE_STATES


class IntakeError(ValueError):
    """A state or typical wait that cannot be saved; each reason has its own class."""


class UnknownState(IntakeError):
    """Not one of the four states."""


class WaitNeeded(IntakeError):
    """A waiting list without its typical wait."""


class WaitOutOfRange(IntakeError):
    """A typical wait outside 1 to 52 weeks."""


class WaitWithoutWaitingList(IntakeError):
    """A typical wait given with a state that is not a waiting list."""


def check_intake(state: str, wait_weeks: int | None) -> None:
    """Raise the ``IntakeError`` that says why this state and wait cannot be saved, if any."""
    if state not in INTAKE_STATES:
        raise UnknownState(state)
    if state != WAITING_LIST:
        if wait_weeks is not None:
            raise WaitWithoutWaitingList(state)
        return
    if wait_weeks is None:
        raise WaitNeeded(state)
    if not MIN_WAIT_WEEKS <= wait_weeks <= MAX_WAIT_WEEKS:
        raise WaitOutOfRange(state)


def set_intake(activity, state: str, wait_weeks: int | None, actor, via: str, today: date) -> None:
    """Save what the group says (and that it said it ``today``), audited.

    ``actor`` is the signed-in group member, or None for a reminder email's signed link
    (the link proves it is the group); ``via`` says which.
    """
    check_intake(state, wait_weeks)
    activity.intake = state
    activity.intake_wait_weeks = wait_weeks
    activity.intake_confirmed_on = today
    db.session.flush()
    audit.record("listing.intake_set", activity, actor=actor, state=state, via=via)
