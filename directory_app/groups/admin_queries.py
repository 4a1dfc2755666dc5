"""What admins' finding pages read: any listing, venue or organisation, by what they type,
a page at a time.

The database filters, counts and pages, so a directory of thousands of listings costs a
page of rows. Matching is a case-insensitive "contains" (``%`` and ``_`` typed are
ordinary characters), ordered by name so a page stays where it was between clicks.
"""

import math
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from directory_app.core.audit import AuditEvent
from directory_app.core.extensions import db
from directory_app.models import Activity, ActivitySchedule, Organisation, Venue

PAGE_SIZE = 25
TRUST_CHANGED = "organisation.trust_changed"


@dataclass
class FoundPage:
    """One page of what matched, how many matched in all, and which page this is."""

    rows: list = field(default_factory=list)
    total: int = 0
    page: int = 1

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count


def _contains(column, text: str):
    return func.lower(column).contains(text.lower(), autoescape=True)


def _page(query, order, page: int) -> FoundPage:
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.order_by(*order).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return FoundPage(rows=list(rows), total=total, page=page)


def find_listings(text: str, page: int) -> FoundPage:
    """Listings whose title or organisation's name contains ``text`` (all, when empty)."""
    query = select(Activity).join(Organisation, Organisation.id == Activity.organisation_id)
    if text:
        query = query.where(
            or_(_contains(Activity.title, text), _contains(Organisation.name, text))
        )
    return _page(query, (Activity.title, Activity.id), page)


# Listings the public can see now or again soon: a venue they meet at stays listed.
LIVE_STATUSES = ("published", "paused")


def find_venues(text: str, page: int, show_archived: bool = False) -> FoundPage:
    """Venues whose name, street address or postcode contains ``text``; archived venues
    only when ``show_archived``, so the list is the venues still in use."""
    query = select(Venue)
    if not show_archived:
        query = query.where(Venue.archived_at.is_(None))
    if text:
        query = query.where(
            or_(
                _contains(Venue.name, text),
                _contains(Venue.address_line, text),
                _contains(Venue.postcode, text),
            )
        )
    return _page(query, (Venue.name, Venue.id), page)


def listings_meeting_at(venue) -> list[Activity]:
    """Published or paused listings held at the venue, or with a session there: they keep
    the venue from being archived until an admin moves or archives them."""
    session_there = select(ActivitySchedule.activity_id).where(
        ActivitySchedule.venue_id == venue.id
    )
    query = select(Activity).where(
        Activity.status.in_(LIVE_STATUSES),
        or_(Activity.venue_id == venue.id, Activity.id.in_(session_there)),
    )
    return list(db.session.scalars(query.order_by(Activity.title, Activity.id)))


def find_organisations(text: str, page: int, trusted: bool | None = None) -> FoundPage:
    """Organisations whose name or charity number contains ``text``; only the trusted (or
    only the others) when ``trusted`` says so."""
    query = select(Organisation)
    if text:
        query = query.where(
            or_(_contains(Organisation.name, text), _contains(Organisation.charity_number, text))
        )
    if trusted is not None:
        query = query.where(Organisation.trusted.is_(trusted))
    return _page(query, (Organisation.name, Organisation.id), page)


def last_trust_changes(organisations) -> dict[int, AuditEvent]:
    """{organisation id: the audit event of who last marked it trusted or not, and when}."""
    ids = [organisation.id for organisation in organisations]
    if not ids:
        return {}
    newest = (
        select(func.max(AuditEvent.id))
        .where(
            AuditEvent.action == TRUST_CHANGED,
            AuditEvent.subject_type == "Organisation",
            AuditEvent.subject_id.in_(ids),
        )
        .group_by(AuditEvent.subject_id)
    )
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.id.in_(newest)))
    return {event.subject_id: event for event in events}
