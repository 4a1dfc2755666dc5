"""The ScheduledSession feed: each series' sessions of the coming ``WINDOW``.

Sessions have no rows of their own: they are the series' timetable expanded, so each
item's state and ``modified`` are worked out from the series' state and the clock, and are
the same on every request until something changes:

- A session joins the feed ``WINDOW`` before it starts (``modified`` is that moment) or
  when its series last changed, whichever is later. Editing the series (its times, a
  cancellation, being published again) moves its sessions to the end, as RPDE requires.
- When it ends it is "deleted" (``modified``: its end), as OpenActive's guidance has past
  sessions, and it leaves the feed ``RETENTION`` later. Consumers drop it; the feed stays
  the size of the window instead of growing with every week that passes.
- When its series leaves the feed (unpublished, archived, paused, moved online, hidden by
  freshness: ``eligibility``), every session then in the window is "deleted" at that
  moment.
- A cancelled session stays, "updated", with ``eventStatus`` EventCancelled, so people who
  planned to go learn it is off.

A session's id is its series' id and its start in UTC, so a session moved to another time
is a new session. One limit follows from keeping no rows: the directory keeps no earlier
versions of a timetable, so a session dropped by a timetable edit (Tuesdays become
Wednesdays) is not sent as "deleted"; its series' ``modified`` moves and the series'
``eventSchedule`` no longer generates it.

A page is computed from one read of the series (two small queries: their columns, their
sessions' slots) and one of the page's cancelled dates. Moments are whole microseconds
(ints) throughout, and only sessions that can fall after the page's position are
expanded: a consumer polling the end of the feed costs a few sessions per series.
"""

import bisect
import heapq
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import lazyload

from directory_app.core.extensions import db
from directory_app.domain.freshness import hidden_on_or_before
from directory_app.domain.schedules import Slot, Timetable, slot_of, upcoming_sessions
from directory_app.models import (
    Activity,
    ActivitySchedule,
    SessionCancellation,
    Venue,
)
from directory_app.models.school_terms import terms_by_borough
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
    microseconds,
    moment_of,
    settled_now,
)
from directory_app.openactive.schedule_data import Occurrence, scheduled_session

KIND = "ScheduledSession"
WINDOW = timedelta(weeks=8)
_WINDOW = WINDOW // timedelta(microseconds=1)
_DAY = timedelta(days=1) // timedelta(microseconds=1)
_MINUTE = 60_000_000
_ALL = 1_000_000  # no cap on how many sessions upcoming_sessions gives back
_STAMP = "%Y%m%dT%H%MZ"


def session_id(series_public_id: str, start_minute: int) -> str:
    """A session's RPDE id: its series' public id and its start (a minute, UTC)."""
    start = datetime.fromtimestamp(start_minute * 60, UTC)
    return f"{series_public_id}_{start:{_STAMP}}"


def _sort_key(position: Position) -> tuple[int, str, int]:
    """A position as (modified, series id, start minute): ids order as these do, since the
    series id has a fixed length and the start a fixed-width form."""
    series_id, _, stamp = position.id.rpartition("_")
    try:
        start = datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        raise FeedRequestError("afterId is not the id of a ScheduledSession") from None
    return position.modified, series_id, int(start.timestamp()) // 60


def sessions_page(request: FeedRequest, now: datetime) -> list[FeedItem]:
    """The page of the ScheduledSession feed ``request`` asks for, as of ``now`` (UTC)."""
    settled = settled_now(now)
    zone = deployment_zone()
    since = settled - RETENTION
    after = _sort_key(request.after) if request.after else None
    # Series that left before the position have no item after it: not even read.
    left_since = max(since, moment_of(request.after.modified)) if request.after else since
    condition = _series_with_sessions_to_show(settled, left_since, zone)
    slots, terms = _timetable_parts(condition)
    columns = (*LISTING_COLUMNS, Activity.starts_on, Activity.ends_on)
    keys = []
    clock = _Clock(microseconds(settled), microseconds(since), after)
    times = _SessionTimes(clock, zone)
    for row in db.session.execute(select(*columns).where(condition)):
        state = listing_state(row, settled, zone)
        timetable = Timetable(
            tuple(slots[row.id]), row.starts_on, row.ends_on, terms=terms.get(row.id)
        )
        keys.extend(_items(state, timetable, clock, times))
    page = heapq.nsmallest(request.limit, keys)
    cancelled = _cancelled({activity_id for *_, updated, activity_id in page if updated})
    addresses = FeedAddresses.current()
    items = []
    for modified, series_id, start_minute, end_us, updated, activity_id in page:
        position = Position(modified, session_id(series_id, start_minute))
        if not updated:
            items.append(FeedItem(position, KIND, "deleted"))
            continue
        starts_at = datetime.fromtimestamp(start_minute * 60, zone)
        occurrence = Occurrence(
            starts_at,
            datetime.fromtimestamp(end_us / 1_000_000, zone),
            starts_at.date() in cancelled[activity_id],
        )
        data = scheduled_session(series_id, activity_id, occurrence, addresses)
        items.append(FeedItem(position, KIND, "updated", data))
    return items


@dataclass(frozen=True)
class _Clock:
    """The moments a page is worked out against, in microseconds, and its position."""

    settled: int
    since: int
    after: tuple[int, str, int] | None

    @property
    def after_modified(self) -> int | None:
        return self.after[0] if self.after else None


def _series_with_sessions_to_show(settled: datetime, left_since: datetime, zone):
    """SQL: series that are published, or left the feed since ``left_since`` (their
    sessions' "deleted" items are still shown); none changed in the last moments."""
    confirmed_limit = hidden_on_or_before(local_day(left_since, zone) - timedelta(days=1))
    return and_(
        Activity.updated_at <= settled,
        or_(
            published_on(local_day(settled, zone)),
            Activity.updated_at >= left_since,
            and_(qualifying(), confirmed_after(confirmed_limit)),
        ),
    )


def _timetable_parts(condition) -> tuple[dict[int, list[Slot]], dict[int, tuple | None]]:
    """Each series' slots, and the school terms of its venue's borough for a series with a
    term-time slot (None where none are known: those slots then have no dates)."""
    rows = db.session.execute(
        select(ActivitySchedule, Venue.borough)
        .join(Activity, Activity.id == ActivitySchedule.activity_id)
        .outerjoin(Venue, Venue.id == Activity.venue_id)
        .where(condition)
        .order_by(ActivitySchedule.id)
        .options(lazyload(ActivitySchedule.venue))
    )
    slots, borough_of = defaultdict(list), {}
    for row, borough in rows:
        slots[row.activity_id].append(slot_of(row, with_venue=False))
        if row.term_time_only and borough:
            borough_of[row.activity_id] = borough
    # One read for every borough's terms: a page's queries stay few however many it holds.
    held = terms_by_borough(set(borough_of.values()))
    terms = {activity_id: held.get(borough) for activity_id, borough in borough_of.items()}
    return slots, terms


def _cancelled(activity_ids: set[int]) -> dict[int, set]:
    cancelled = defaultdict(set)
    if activity_ids:
        rows = db.session.execute(
            select(SessionCancellation.activity_id, SessionCancellation.on_date).where(
                SessionCancellation.activity_id.in_(activity_ids)
            )
        )
        for activity_id, on_date in rows:
            cancelled[activity_id].add(on_date)
    return cancelled


def _windows(state: ListingState, changed: int, clock: _Clock) -> list[tuple[int, int]]:
    """The (ending after, starting by) ranges of the series' sessions whose items can lie
    after the page's position: all of its window unless the position is past its change."""
    after = clock.after_modified
    if not state.published:
        # Its sessions' items are all at or before the moment it left.
        if after is not None and changed < after:
            return []
        return [(clock.since, changed + _WINDOW)]
    if after is None or changed >= after or clock.settled - after >= _WINDOW:
        return [(clock.since, clock.settled + _WINDOW)]
    # Unchanged since the position: only sessions that ended, or joined, since then.
    return [(after, clock.settled), (after + _WINDOW, clock.settled + _WINDOW)]


def _items(state: ListingState, timetable: Timetable, clock: _Clock, times: "_SessionTimes"):
    """Sort keys of the series' session items after the page's position: (modified,
    series id, start minute, end, "updated"?, activity id)."""
    changed = microseconds(state.changed_at)
    seen = set()
    for ending_after, starting_by in _windows(state, changed, clock):
        for start, end in times.between(timetable, ending_after, starting_by):
            if start in seen:
                continue
            seen.add(start)
            leaves = end if state.published else min(end, changed)
            if leaves <= clock.settled:
                modified, updated = leaves, False
            else:
                modified, updated = max(changed, start - _WINDOW), True
            if not updated and modified < clock.since:
                continue  # deleted longer ago than RETENTION: gone
            key = (modified, state.public_id, start // _MINUTE)
            if clock.after is None or key > clock.after:
                yield (*key, end, updated, state.activity_id)


class _SessionTimes:
    """Each timetable's sessions over the whole span a page looks at, worked out once per
    page: series that meet at the same times (many do) share the work."""

    def __init__(self, clock: _Clock, zone):
        self.first, self.last, self.zone = clock.since, clock.settled + _WINDOW, zone
        self.sessions: dict[Timetable, tuple[list[int], list[tuple[int, int]]]] = {}
        self.moments: dict[datetime, int] = {}

    def between(self, timetable: Timetable, ending_after: int, starting_by: int):
        """(start, end) in microseconds of the sessions that end after one moment and
        start by another; a cancelled one too (it is shown as cancelled)."""
        if timetable not in self.sessions:
            found = list(self._expand(timetable))
            self.sessions[timetable] = ([start for start, _ in found], found)
        starts, found = self.sessions[timetable]
        # A session ending after ``ending_after`` started less than a day before it.
        first = bisect.bisect_left(starts, ending_after - _DAY)
        last = bisect.bisect_right(starts, starting_by)
        return [(start, end) for start, end in found[first:last] if end > ending_after]

    def _expand(self, timetable: Timetable):
        local_first = datetime.fromtimestamp(self.first / 1_000_000, self.zone)
        days = (self.last - self.first) // _DAY + 1
        sessions = upcoming_sessions(
            timetable, local_first.replace(tzinfo=None), count=_ALL, horizon_days=days
        )
        for session in sessions:
            start = self._moment(session.starts_at)
            if start > self.last:
                break
            yield start, self._moment(session.ends_at)

    def _moment(self, local: datetime) -> int:
        """A wall-clock time as microseconds since the epoch (the earlier of two in an
        autumn clock change); the same few times recur across series."""
        if local not in self.moments:
            self.moments[local] = int(local.replace(tzinfo=self.zone).timestamp()) * 1_000_000
        return self.moments[local]
