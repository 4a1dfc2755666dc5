"""The SessionSeries feed: every listing, ordered by the moment its feed state last changed.

A listing's ``modified`` is ``Activity.updated_at``. That column is the listing's own
timestamp, and it moves whenever anything the item shows changes, not only the listing's
row: ``search.sync`` writes ``content_version + 1`` to the activity row in the same flush as
any change to its sessions, categories, translations, venue (or the venue's features) or
organisation, and that UPDATE sets ``updated_at`` too (a column's ``onupdate`` applies to
every UPDATE of the row). Cancelling a session sets it directly (``groups.cancellations``).
It only ever moves forward, so a changed item moves to the end of the feed.

The one change that writes no row is a published listing passing the freshness limit; its
``modified`` is then the moment it was hidden (``eligibility.listing_state``). So one page is
the merge of two ordered reads:

1. listings by (``updated_at``, ``public_id``) after the page's position, a page at a time
   (repeated only when rows it read turn out to belong to the second read): with an index
   on those two columns the database reads one page's rows and no more;
2. listings hidden at the freshness limit since the position (or within ``RETENTION``),
   whose ``modified`` is that moment: a few days' worth, read by the date they were
   last confirmed.

Then the page's published listings are loaded in one query (their child rows in one query
each), never one query per item.
"""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select

from directory_app.core.extensions import db
from directory_app.domain.freshness import hidden_on_or_before
from directory_app.models import Activity
from directory_app.openactive.addresses import FeedAddresses
from directory_app.openactive.eligibility import (
    LISTING_COLUMNS,
    ListingState,
    confirmed_after,
    deployment_zone,
    listing_state,
    local_day,
    published_on,
    qualifying,
)
from directory_app.openactive.rpde import (
    RETENTION,
    FeedItem,
    FeedRequest,
    FeedRequestError,
    Position,
    first_page_of,
    microseconds,
    moment_of,
    settled_now,
)
from directory_app.openactive.series_data import session_series

KIND = "SessionSeries"


def series_page(request: FeedRequest, now: datetime) -> list[FeedItem]:
    """The page of the SessionSeries feed ``request`` asks for, as of ``now`` (UTC)."""
    settled = settled_now(now)
    zone = deployment_zone()
    since = settled - RETENTION
    states = _changed(request, settled, since, zone) + _hidden(request, settled, since, zone)
    page = first_page_of(
        [(Position(microseconds(state.changed_at), state.public_id), state) for state in states],
        request,
    )
    activities = _published_activities([state.activity_id for _, state in page if state.published])
    addresses = FeedAddresses.current()
    items = []
    for position, state in page:
        if state.published:
            data = session_series(activities[state.activity_id], addresses)
            items.append(FeedItem(position, KIND, "updated", data))
        else:
            items.append(FeedItem(position, KIND, "deleted"))
    return items


def _after(position: Position):
    """SQL: rows after a position in (``updated_at``, ``public_id``) order."""
    try:
        after_id = uuid.UUID(position.id)
    except ValueError:
        raise FeedRequestError("afterId is not the id of a SessionSeries") from None
    moment = moment_of(position.modified)
    return or_(
        Activity.updated_at > moment,
        and_(Activity.updated_at == moment, Activity.public_id > after_id),
    )


def _changed(request: FeedRequest, settled: datetime, since: datetime, zone) -> list[ListingState]:
    """Listings whose ``modified`` is their ``updated_at``, in order, after the position:
    published ones, and those deleted within ``RETENTION``."""
    today = local_day(settled, zone)
    query = (
        select(*LISTING_COLUMNS)
        .where(
            Activity.updated_at <= settled,
            or_(published_on(today), Activity.updated_at >= since),
        )
        .order_by(Activity.updated_at, Activity.public_id)
        .limit(request.limit)
    )
    found: list[ListingState] = []
    after = request.after
    while len(found) < request.limit:
        rows = db.session.execute(query.where(_after(after)) if after else query).all()
        for row in rows:
            state = listing_state(row, settled, zone)
            if state.changed_at == state.updated_at:  # else the second read has it
                found.append(state)
        if len(rows) < request.limit:
            break
        after = Position(microseconds(rows[-1].updated_at), str(rows[-1].public_id))
    return found[: request.limit]


def _hidden(request: FeedRequest, settled: datetime, since: datetime, zone) -> list[ListingState]:
    """Listings that left the feed at the freshness limit after the position (and within
    ``RETENTION``): their ``modified`` is that moment, later than their ``updated_at``."""
    today = local_day(settled, zone)
    lower = max(since, moment_of(request.after.modified)) if request.after else since
    # Hidden on or after the day of ``lower``: last confirmed after the day before's limit.
    limit = hidden_on_or_before(local_day(lower, zone) - timedelta(days=1))
    rows = db.session.execute(
        select(*LISTING_COLUMNS).where(
            qualifying(), Activity.hidden_from_public_on(today), confirmed_after(limit)
        )
    ).all()
    states = (listing_state(row, settled, zone) for row in rows)
    return [s for s in states if s.changed_at != s.updated_at and s.changed_at >= since]


def _published_activities(activity_ids: list[int]) -> dict[int, Activity]:
    """The listings to describe, with everything their data shows, in a fixed few queries."""
    if not activity_ids:
        return {}
    # The organisation and venue are joined; the code lists, sessions, translations and
    # the venue's features are each read for all of them at once ("selectin").
    query = select(Activity).where(Activity.id.in_(activity_ids))
    return {activity.id: activity for activity in db.session.scalars(query)}
