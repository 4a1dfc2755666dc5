"""Finding requests for the inbox: views, filters, search, sorting and counts, all in SQL.

Only the page shown is loaded: filtering (the reason too), ordering and paging happen in
the database, so a busy service's inbox costs the same to open as an empty one. Pages are
found by seeking past a row of the page shown (``seek``), not by an offset that reads every
earlier page again; the matching ids alone are sorted, then the page's rows loaded by id.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import joinedload, lazyload, load_only, selectinload

from directory_app.core.extensions import db
from directory_app.domain.people import email_key, name_key
from directory_app.domain.vocabulary import REFERRAL_REASONS
from directory_app.inbox.list_order import beyond, ordering, rest_of_sort, sort_keys
from directory_app.models import ContactAttempt, Referral, StaffUser
from directory_app.models.referrals import KINDS, OPEN_STATUSES, SOURCES, STATUSES
from directory_app.referrals.service import reference_as_stored
from directory_app.web.input import plain_text, record_id

PAGE_SIZE = 25
# A search that is a phone number as people type one: "07700 900123", "+44 (0)7700-900123".
PHONE_LIKE = re.compile(r"[0-9 +().-]+")
# "mine": open cases assigned to me; "due": a deadline that falls today.
VIEWS = ("mine", "due")
DEADLINES = ("overdue", "due")
# "urgent" (the default): overdue, then due today, then new, then the nearest deadline.
SORTS = ("urgent", "newest", "oldest", "follow_up")
REASON_CODES = frozenset(term.code for term in REFERRAL_REASONS)
# What a row of the list shows (``list_rows``), and no more: the case page's columns
# (notes, consent, wellbeing answers, contact details) and eager loads (the activity and
# its listing, notes, history) are left to load on access, so a page of 25 is three
# statements, not fifteen, and reads a tenth of each row.
LIST_ROW_LOADING = (
    load_only(
        Referral.reference,
        Referral.kind,
        Referral.status,
        Referral.area,
        Referral.full_name,
        Referral.preferred_name,
        Referral.anonymised_at,
        Referral.respond_by,
        Referral.follow_up_on,
        Referral.created_at,
        Referral.assigned_to_id,
    ),
    lazyload("*"),
    joinedload(Referral.assigned_to).load_only(StaffUser.name),
    selectinload(Referral.attempts)
    .load_only(ContactAttempt.method, ContactAttempt.outcome)
    .lazyload(ContactAttempt.made_by),
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
    # "Next" and "Previous" seek from a row of the page shown (its id): keyset paging.
    after: int | None = None
    before: int | None = None
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
            after=record_id(args.get("after")),
            before=record_id(args.get("before")),
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
    """A reference by its unique index; otherwise the names (without case, accents or
    apostrophes), the phone's digits (six or more, so "12" is not half the caseload) or
    the whole email, all read from the inbox index (``Referral.search_key``)."""
    reference = reference_as_stored(text.lower())
    if reference is not None:
        return Referral.reference == reference
    digits = "".join(char for char in text if char in "0123456789")
    conditions = [Referral.email_key == email_key(text)]
    if PHONE_LIKE.fullmatch(text.strip()):
        if len(digits) >= 6:
            conditions.append(Referral.search_key.contains(digits, autoescape=True))
    elif words := name_key(text):
        conditions.append(Referral.search_key.contains(words, autoescape=True))
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
        query = query.where(*open_and(Referral.overdue_on(today)))
    elif filters.deadline == "due":
        query = query.where(*open_and(Referral.due_on(today)))
    if filters.search and filters.applies_search():
        query = query.where(_search_condition(filters.search))
    return query


def _reads_rows(filters: InboxFilters) -> bool:
    """Whether the filters are checked on each candidate row (a search, or the area,
    reason, kind or route), rather than answered from an index on the status and deadline
    columns alone."""
    searching = filters.search and filters.applies_search()
    return bool(searching or filters.area or filters.reason or filters.kind or filters.source)


@dataclass
class InboxPage:
    """One page of the list, and the ids its "Next" and "Previous" links seek from (None
    when there is no such page)."""

    requests: list
    total: int
    next_after: int | None = None
    previous_before: int | None = None


def _cursor_values(keys: Sequence[tuple], referral_id: int):
    """The sort keys of the row a link seeks from, as they are now (None if it is gone)."""
    return db.session.execute(
        select(*(expression for expression, _desc in keys)).where(Referral.id == referral_id)
    ).first()


def _status_only(filters: InboxFilters) -> bool:
    return not (filters.assigned or filters.deadline or filters.view or _reads_rows(filters))


def _total(filters: InboxFilters, user_id: int, today: date, by_status: dict | None) -> int:
    """How many match: from the status counts when only the status narrows the list."""
    if by_status is not None and _status_only(filters):
        wanted = OPEN_STATUSES if filters.status == "open" else [filters.status]
        return sum(n for status, n in by_status.items() if not filters.status or status in wanted)
    return db.session.scalar(_filtered(filters, user_id, today, func.count(Referral.id)))


def find_requests(
    filters: InboxFilters, user_id: int, today: date, by_status: dict | None = None
) -> InboxPage:
    """One page of requests in the chosen order, seeking past the row the link names
    (``after``, or ``before`` for "Previous"). A first page whose filters read every row
    (a search) counts the matches with a window over them, reading the rows once; other
    pages (where a window counts only the rows beyond) count in a statement of their own."""
    keys = sort_keys(filters.sort, today, open_only=filters.status == "open")
    seek_from = filters.before or filters.after
    backwards = bool(filters.before)
    cursor = _cursor_values(keys, seek_from) if seek_from else None
    windowed = cursor is None and _reads_rows(filters)
    columns = (Referral.id, func.count().over()) if windowed else (Referral.id,)
    query = _filtered(filters, user_id, today, *columns)
    rest = None
    if cursor is not None and not backwards:
        rest = rest_of_sort(filters.sort, cursor, seek_from, today)
    if rest is not None:
        found = []
        for conditions, order in rest:
            wanted = PAGE_SIZE + 1 - len(found)
            if wanted > 0:
                found += db.session.execute(
                    query.where(*conditions).order_by(*order).limit(wanted)
                ).all()
    else:
        if cursor is not None:
            query = query.where(beyond(keys, cursor, backwards))
        found = db.session.execute(
            query.order_by(*ordering(keys, backwards)).limit(PAGE_SIZE + 1)
        ).all()
    total = found[0][1] if windowed and found else None
    more = len(found) > PAGE_SIZE
    page_ids = [row[0] for row in found[:PAGE_SIZE]]
    if backwards:
        page_ids.reverse()
    if total is None:
        total = _total(filters, user_id, today, by_status)
    page = InboxPage([], total)
    if page_ids:
        sought = cursor is not None  # a page seeks from another, so that one lies beyond
        page.next_after = page_ids[-1] if (sought if backwards else more) else None
        page.previous_before = page_ids[0] if (more if backwards else sought) else None
        rows = db.session.scalars(
            select(Referral).where(Referral.id.in_(page_ids)).options(*LIST_ROW_LOADING)
        ).unique()
        by_id = {referral.id: referral for referral in rows}
        page.requests = [by_id[referral_id] for referral_id in page_ids]
    return page


def open_and(rule):
    """A deadline rule with the open statuses it implies spelled out beside it: the rule
    alone is an OR the database checks on every request ever made; with the statuses it
    reads only the open ones (a few thousand of 100,000) from the status index."""
    return Referral.status.in_(OPEN_STATUSES), rule


def overdue_since(referral: Referral, today: date) -> date | None:
    """The earliest deadline this request has missed, or None when it is not overdue."""
    missed = []
    if referral.status == "new" and referral.respond_by < today:
        missed.append(referral.respond_by)
    if referral.is_open and referral.follow_up_on and referral.follow_up_on < today:
        missed.append(referral.follow_up_on)
    return min(missed) if missed else None


def areas() -> list[str]:
    """The areas requests have come from, for the filter: a handful among 100,000, so
    step from one to the next above it, one index look-up each, rather than read the whole
    index (a "loose index scan", as a recursive query that both databases run)."""
    return sorted(a for a in db.session.scalars(_areas_statement()) if a)


@lru_cache(maxsize=1)
def _areas_statement():
    # Built once: building the recursive query was a millisecond of every list view.
    found = select(func.min(Referral.area).label("area")).cte("found", recursive=True)
    next_area = select(func.min(Referral.area)).where(Referral.area > found.c.area)
    found = found.union_all(select(next_area.scalar_subquery()).where(found.c.area.is_not(None)))
    return select(found.c.area)
