"""The inbox's counts: requests per status, and the caseload's overdue, due today and
one's own open cases."""

from datetime import date
from functools import lru_cache

from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.inbox.queries import open_and
from directory_app.models import Referral
from directory_app.models.referrals import OPEN_STATUSES, STATUSES
from directory_app.reports.daily import DaySums


def status_counts() -> dict[str, int]:
    """How many requests are in each status (merged ones not counted): summed from the
    reports' daily counts (``reports.daily``, a few hundred small rows, any day changed
    since counted again first) rather than a count of every request on every list view."""
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(DaySums.all_time(measures=("status",)).sums["status"])
    return counts


def _count(*conditions) -> int:
    return db.session.scalar(
        select(func.count()).where(Referral.merged_into_id.is_(None), *conditions)
    )


def overdue_count(today: date) -> int:
    """Requests with a missed deadline (``Referral.overdue_on``)."""
    return _count(*open_and(Referral.overdue_on(today)))


def caseload_counts(today: date, user_id: int) -> dict[str, int]:
    """The inbox's three counts (overdue, due today, this worker's open cases) in one read
    of the open requests from the status index, rather than one read each."""
    row = db.session.execute(_caseload_statement(today, user_id)).one()
    return dict(zip(("overdue", "due_today", "my_cases"), map(int, row), strict=True))


# Built once a day for each worker: building the deadline rules afresh was a millisecond
# of every list view, and a statement is immutable once built.
@lru_cache(maxsize=256)
def _caseload_statement(today: date, user_id: int):
    def how_many(condition):
        return func.count().filter(condition)

    return select(
        how_many(Referral.overdue_among_open(today)),
        how_many(Referral.due_among_open(today)),
        how_many(Referral.assigned_to_id == user_id),
    ).where(Referral.merged_into_id.is_(None), Referral.status.in_(OPEN_STATUSES))
