"""Finding requests for the inbox: filters, search, counts."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select

from directory_app.core.extensions import db
from directory_app.models import Referral
from directory_app.models.referrals import KINDS, OPEN_STATUSES, STATUSES
from directory_app.web.input import plain_text, whole_number

PAGE_SIZE = 25
MAX_PAGE = 10_000


@dataclass
class InboxFilters:
    kind: str = ""
    status: str = ""  # a status, "open", or "" for all
    assigned: str = ""  # "me", "unassigned" or ""
    area: str = ""
    reason: str = ""
    overdue: bool = False
    search: str = ""
    page: int = 1
    errors: dict = field(default_factory=dict)

    @classmethod
    def from_args(cls, args) -> "InboxFilters":
        kind = args.get("kind", "")
        status = args.get("status", "open")
        assigned = args.get("assigned", "")
        return cls(
            kind=kind if kind in KINDS else "",
            status=status if status in STATUSES or status == "open" else "",
            assigned=assigned if assigned in ("me", "unassigned") else "",
            area=plain_text(args.get("area"), 100),
            reason=plain_text(args.get("reason"), 40),
            overdue=args.get("overdue") == "1",
            page=whole_number(args.get("page"), 1, MAX_PAGE) or 1,
        )


def _filtered(filters: InboxFilters, user_id: int, today: date):
    query = select(Referral).where(Referral.merged_into_id.is_(None))
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
    if filters.overdue:
        query = query.where(Referral.overdue_on(today))
    if filters.search:
        text = filters.search.lower()
        digits = "".join(c for c in text if c in "0123456789")
        conditions = [
            func.lower(Referral.full_name).contains(text, autoescape=True),
            func.lower(Referral.preferred_name).contains(text, autoescape=True),
            func.lower(Referral.reference) == text,
            Referral.email == text,
        ]
        if len(digits) >= 6:
            stripped = func.replace(func.replace(Referral.phone, " ", ""), "-", "")
            conditions.append(stripped.contains(digits, autoescape=True))
        query = query.where(or_(*conditions))
    return query


def find_requests(filters: InboxFilters, user_id: int, today: date):
    """One page of requests: overdue first, then newest. Returns (requests, total)."""
    query = _filtered(filters, user_id, today)
    rows = db.session.scalars(query).all()
    if filters.reason:
        rows = [row for row in rows if filters.reason in (row.reasons or [])]
    urgency = {"new": 0}
    rows.sort(
        key=lambda r: (
            0 if r.overdue_on(today) else 1,
            urgency.get(r.status, 1),
            -r.id,
        )
    )
    start = (filters.page - 1) * PAGE_SIZE
    return rows[start : start + PAGE_SIZE], len(rows)


def status_counts() -> dict[str, int]:
    rows = db.session.execute(
        select(Referral.status, func.count())
        .where(Referral.merged_into_id.is_(None))
        .group_by(Referral.status)
    ).all()
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(dict(rows))
    return counts


def overdue_count(today: date) -> int:
    return db.session.scalar(
        select(func.count()).where(Referral.overdue_on(today), Referral.merged_into_id.is_(None))
    )


def areas() -> list[str]:
    return sorted(a for a in db.session.scalars(select(Referral.area).distinct()) if a)
