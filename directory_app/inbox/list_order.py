"""The inbox list's sorts, and keyset ("seek") paging through them: the next page is the
rows after the last one shown, found with a condition on the sort keys rather than an
offset, so page 200 costs what page 1 costs and rows added meanwhile neither repeat nor go
missing."""

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from sqlalchemy import and_, case, or_

from directory_app.models import Referral
from directory_app.models.referrals import OPEN_STATUSES


def _missing(column):
    return case((column.is_(None), 1), else_=0)


# Built once a day for each sort: statements are immutable, and building the urgent
# order's CASE afresh was a millisecond of every list view.
@lru_cache(maxsize=32)
def sort_keys(sort: str, today: date, open_only: bool = False) -> tuple[tuple, ...]:
    """The order of a sort as (expression, descending) pairs, ending in the id so every
    row has a place of its own. Booleans are 0 or 1, so both databases compare them.
    ``open_only``: the list holds open requests alone, so the urgent order's rules need not
    check the status list again for every row."""

    if sort == "newest":
        return ((Referral.created_at, True), (Referral.id, True))
    if sort == "oldest":
        return ((Referral.created_at, False), (Referral.id, False))
    if sort == "follow_up":
        follow_up = Referral.follow_up_on
        return ((_missing(follow_up), False), (follow_up, False), (Referral.id, True))
    overdue = Referral.overdue_among_open if open_only else Referral.overdue_on
    due = Referral.due_among_open if open_only else Referral.due_on
    urgency = case(
        (overdue(today), 0),
        (due(today), 1),
        (Referral.status == "new", 2),
        else_=3,
    )
    # The deadline that matters: the reply while new, the follow-up after.
    deadline = case((Referral.status == "new", Referral.respond_by), else_=Referral.follow_up_on)
    return ((urgency, False), (_missing(deadline), False), (deadline, False), (Referral.id, True))


def rest_of_sort(sort: str, cursor, seek_from: int, today: date):
    """Going forward from a row in one of a sort's last groups, the rest as segments, each
    (conditions, order) read in turn until a page is full; None for any other row.

    The last group (no deadline: urgent's closed and undated cases, most of "all") is read
    by id, newest first: one walk down the primary key, not a CASE worked out for every
    request ever made. Before it, urgent's group of not-urgent cases with a date (follow-ups
    to come, closed cases' old ones) is read on its own, then the last group."""
    undated = (Referral.status != "new", Referral.follow_up_on.is_(None))
    if sort == "urgent" and tuple(cursor[:2]) == (3, 1):
        return [((*undated, Referral.id < seek_from), [Referral.id.desc()])]
    if sort == "urgent" and tuple(cursor[:2]) == (3, 0):
        # Spelled out on the columns (not the CASE keys) so the follow-up index can seek.
        _urgency, _missing_key, follow_up, _id = cursor
        follow_up_on = Referral.follow_up_on
        in_group = (
            Referral.status != "new",
            follow_up_on >= follow_up,  # implied by the last line; a range SQLite seeks
            ~and_(Referral.status.in_(OPEN_STATUSES), follow_up_on <= today),
            or_(follow_up_on > follow_up, and_(follow_up_on == follow_up, Referral.id < seek_from)),
        )
        return [
            (in_group, [Referral.follow_up_on, Referral.id.desc()]),
            (undated, [Referral.id.desc()]),
        ]
    if sort == "follow_up" and cursor[0] == 1:
        return [((Referral.follow_up_on.is_(None), Referral.id < seek_from), [Referral.id.desc()])]
    return None


def ordering(keys: Sequence[tuple], backwards: bool = False) -> list:
    """ORDER BY for (expression, descending) keys; reversed for a "Previous" page."""
    return [
        expression.desc() if desc != backwards else expression.asc() for expression, desc in keys
    ]


def beyond(keys: Sequence[tuple], values, backwards: bool = False):
    """The rows that come after ``values`` (one row's sort keys) in the order of ``keys``,
    or before it going ``backwards``. A NULL key (a deadline not set) is passed only by
    equality: a "missing" key before it has already told such rows apart."""
    after, same_so_far = [], []
    for (expression, desc), value in zip(keys, values, strict=True):
        if value is not None:
            lower = desc != backwards
            step = expression < value if lower else expression > value
            after.append(and_(*same_so_far, step))
        same_so_far.append(expression.is_(None) if value is None else expression == value)
    return or_(*after)
