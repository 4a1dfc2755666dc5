"""Finding requests for the inbox: views, filters, search, sorting and counts, all in SQL.

Only the page shown is loaded: filtering (the reason too), ordering and paging happen in
the database, so a busy service's inbox costs the same to open as an empty one. The
database sorts and pages the matching ids alone, then the page's rows are loaded by id:
sorting every column of every open case (or, on the last pages of "all", of every case)
is what made a 100,000-request inbox slow (``benchmarks/inbox.py``).
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import String, case, cast, func, or_, select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from directory_app.core.extensions import db
from directory_app.domain.vocabulary import REFERRAL_REASONS
from directory_app.models import ContactAttempt, Referral, StaffUser
from directory_app.models.referrals import KINDS, OPEN_STATUSES, SOURCES, STATUSES
from directory_app.referrals.service import reference_as_stored
from directory_app.web.input import plain_text, whole_number

PAGE_SIZE = 25
MAX_PAGE = 10_000
# "mine": open cases assigned to me; "due": a deadline that falls today.
VIEWS = ("mine", "due")
DEADLINES = ("overdue", "due")
# "urgent" (the default): overdue, then due today, then new, then the nearest deadline.
SORTS = ("urgent", "newest", "oldest", "follow_up")
REASON_CODES = frozenset(term.code for term in REFERRAL_REASONS)
# A reference typed without its dashes: "SR7KQ2M4XD" (``referrals.service.new_reference``).
# What a row of the list shows: the assignee's name and the calls (for "write to them").
# The case page's eager loads (the activity and its listing, notes, history) are left to
# load on access, so a page of 25 is three statements, not fifteen.
LIST_ROW_LOADING = (
    lazyload("*"),
    joinedload(Referral.assigned_to).lazyload(StaffUser.organisations),
    selectinload(Referral.attempts).lazyload(ContactAttempt.made_by),
)


def _choice(value, allowed, default=""):
    return value if value in allowed else default


@dataclass
class InboxFilters:
    """What the inbox list shows, read from the query string (never personal data)."""

    view: str = ""
    kind: str = ""
    status: str = ""  # a status, "open", or "" for all
    assigned: str = ""  # "me", "unassigned" or ""
    area: str = ""
    reason: str = ""
    source: str = ""
    deadline: str = ""  # "overdue", "due" or ""
    sort: str = "urgent"
    search: str = ""
    # The saved search applies to the whole inbox, and to "My cases" or "Due today" only
    # when it was typed there (``searched=1``, which the search form adds): a tab opened
    # from the header shows the whole caseload, not what was looked up an hour ago.
    searched_here: bool = False
    page: int = 1
    errors: dict = field(default_factory=dict)

    @classmethod
    def from_args(cls, args) -> "InboxFilters":
        """The filters from the list's query string; anything unknown is ignored."""
        view = _choice(args.get("view", ""), VIEWS)
        status_default = "open" if view != "due" else ""
        status = args.get("status", status_default)
        deadline = _choice(args.get("deadline", ""), DEADLINES)
        if args.get("overdue") == "1":  # the older link from the counts
            deadline = "overdue"
        filters = cls(
            view=view,
            kind=_choice(args.get("kind", ""), KINDS),
            status=status if status in STATUSES or status == "open" else "",
            assigned=_choice(args.get("assigned", ""), ("me", "unassigned")),
            area=plain_text(args.get("area"), 100),
            reason=_choice(args.get("reason", ""), REASON_CODES),
            source=_choice(args.get("source", ""), SOURCES),
            deadline=deadline,
            sort=_choice(args.get("sort", ""), SORTS, "urgent"),
            searched_here=args.get("searched") == "1",
            page=whole_number(args.get("page"), 1, MAX_PAGE) or 1,
        )
        if view == "mine":
            filters.assigned = "me"
        elif view == "due":
            filters.deadline = "due"
        return filters

    @property
    def overdue(self) -> bool:
        return self.deadline == "overdue"

    def applies_search(self) -> bool:
        """Whether the saved search narrows this list (see ``searched_here``)."""
        return not self.view or self.searched_here


def _search_condition(text: str):
    text = text.lower()
    digits = "".join(c for c in text if c in "0123456789")
    reference = reference_as_stored(text)
    if reference is not None:
        # Only a reference looks like one: found by its unique index, not by reading every
        # open case's name, email and phone.
        return Referral.reference == reference
    conditions = [
        func.lower(Referral.full_name).contains(text, autoescape=True),
        func.lower(Referral.preferred_name).contains(text, autoescape=True),
        func.lower(Referral.email) == text,
    ]
    if len(digits) >= 6:
        stripped = func.replace(func.replace(Referral.phone, " ", ""), "-", "")
        conditions.append(stripped.contains(digits, autoescape=True))
    return or_(*conditions)


def _filtered(filters: InboxFilters, user_id: int, today: date, *columns):
    query = select(*(columns or (Referral,))).where(Referral.merged_into_id.is_(None))
    if filters.kind:
        query = query.where(Referral.kind == filters.kind)
    if filters.status == "open":
        query = query.where(Referral.status.in_(OPEN_STATUSES))
    elif filters.status:
        query = query.where(Referral.status == filters.status)
    if filters.assigned == "me":
        query = query.where(Referral.assigned_to_id == user_id)
    elif filters.assigned == "unassigned":
        query = query.where(Referral.assigned_to_id.is_(None))
    if filters.area:
        query = query.where(Referral.area == filters.area)
    if filters.reason:
        # Reasons are a JSON list of codes: its text holds each code in quotes, the same on
        # SQLite and PostgreSQL, and a code cannot be part of another once quoted.
        reasons_text = cast(Referral.reasons, String)
        query = query.where(reasons_text.contains(f'"{filters.reason}"', autoescape=True))
    if filters.source:
        query = query.where(Referral.source == filters.source)
    if filters.deadline == "overdue":
        query = query.where(*_open_and(Referral.overdue_on(today)))
    elif filters.deadline == "due":
        query = query.where(*_open_and(Referral.due_on(today)))
    if filters.search and filters.applies_search():
        query = query.where(_search_condition(filters.search))
    return query


def _ordering(sort: str, today: date) -> list:
    if sort == "newest":
        return [Referral.created_at.desc(), Referral.id.desc()]
    if sort == "oldest":
        return [Referral.created_at.asc(), Referral.id.asc()]
    if sort == "follow_up":
        return [Referral.follow_up_on.is_(None), Referral.follow_up_on.asc(), Referral.id.desc()]
    urgency = case(
        (Referral.overdue_on(today), 0),
        (Referral.due_on(today), 1),
        (Referral.status == "new", 2),
        else_=3,
    )
    # The deadline that matters: the reply while new, the follow-up after.
    deadline = case((Referral.status == "new", Referral.respond_by), else_=Referral.follow_up_on)
    return [urgency, deadline.is_(None), deadline.asc(), Referral.id.desc()]


def _reads_rows(filters: InboxFilters) -> bool:
    """Whether the filters are checked on each candidate row (a search, or the area,
    reason, kind or route), rather than answered from an index on the status and deadline
    columns alone."""
    searching = filters.search and filters.applies_search()
    return bool(searching or filters.area or filters.reason or filters.kind or filters.source)


def find_requests(filters: InboxFilters, user_id: int, today: date):
    """One page of requests in the chosen order. Returns (requests, total).

    When the filters read every candidate row (a search reads each open case's name,
    email and phone), the page's ids and the number of matches come from one statement, a
    window count over the matches, so the rows are read once, not twice. Otherwise the
    count comes from the index alone and a window would only add work.
    """
    ordered = _ordering(filters.sort, today)
    offset = (filters.page - 1) * PAGE_SIZE
    if _reads_rows(filters):
        page = db.session.execute(
            _filtered(filters, user_id, today, Referral.id, func.count().over())
            .order_by(*ordered)
            .limit(PAGE_SIZE)
            .offset(offset)
        ).all()
        page_ids = [referral_id for referral_id, _total in page]
        total = page[0][1] if page else None
    else:
        page_ids = db.session.scalars(
            _filtered(filters, user_id, today, Referral.id)
            .order_by(*ordered)
            .limit(PAGE_SIZE)
            .offset(offset)
        ).all()
        total = None
    if total is None:  # no window count, or a page past the last one
        total = db.session.scalar(_filtered(filters, user_id, today, func.count(Referral.id)))
    if not page_ids:
        return [], total
    rows = db.session.scalars(
        select(Referral).where(Referral.id.in_(page_ids)).options(*LIST_ROW_LOADING)
    ).unique()
    by_id = {referral.id: referral for referral in rows}
    return [by_id[referral_id] for referral_id in page_ids], total


def status_counts() -> dict[str, int]:
    """How many requests are in each status (merged ones not counted)."""
    rows = db.session.execute(
        select(Referral.status, func.count())
        .where(Referral.merged_into_id.is_(None))
        .group_by(Referral.status)
    ).all()
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(dict(rows))
    return counts


def _count(*conditions) -> int:
    return db.session.scalar(
        select(func.count()).where(Referral.merged_into_id.is_(None), *conditions)
    )


def _open_and(rule):
    """A deadline rule with the open statuses it implies spelled out beside it: the rule
    alone is an OR the database checks on every request ever made; with the statuses it
    reads only the open ones (a few thousand of 100,000) from the status index."""
    return Referral.status.in_(OPEN_STATUSES), rule


def overdue_count(today: date) -> int:
    """Requests with a missed deadline (``Referral.overdue_on``)."""
    return _count(*_open_and(Referral.overdue_on(today)))


def due_today_count(today: date) -> int:
    """Requests with a deadline today (``Referral.due_on``)."""
    return _count(*_open_and(Referral.due_on(today)))


def my_cases_count(user_id: int) -> int:
    """Open requests assigned to this link worker."""
    return _count(Referral.assigned_to_id == user_id, Referral.status.in_(OPEN_STATUSES))


def overdue_since(referral: Referral, today: date) -> date | None:
    """The earliest deadline this request has missed, or None when it is not overdue."""
    missed = []
    if referral.status == "new" and referral.respond_by < today:
        missed.append(referral.respond_by)
    if referral.is_open and referral.follow_up_on and referral.follow_up_on < today:
        missed.append(referral.follow_up_on)
    return min(missed) if missed else None


def areas() -> list[str]:
    """The areas requests have come from, for the filter.

    A handful of boroughs among 100,000 requests: rather than read every entry of the area
    index (``SELECT DISTINCT``), step from one area to the next one above it, one index
    look-up each (a "loose index scan", written as a recursive query for both databases).
    """
    found = select(func.min(Referral.area).label("area")).cte("found", recursive=True)
    next_area = select(func.min(Referral.area)).where(Referral.area > found.c.area)
    found = found.union_all(select(next_area.scalar_subquery()).where(found.c.area.is_not(None)))
    return sorted(a for a in db.session.scalars(select(found.c.area)) if a)
