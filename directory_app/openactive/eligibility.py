"""Which listings the OpenActive feeds publish, and the moment each one left them.

OpenActive is open data about opportunities to be physically active, so a listing is a
SessionSeries when it is published, shown to the public (not hidden for being unconfirmed
for 15 months, ``domain.freshness``), held at a venue (in person, or in person and online)
and in one of ``PHYSICAL_CATEGORIES``:

- "physical-activity" ("Physical activity and sport"): what the standard is for;
- "gardening-nature": community gardening and conservation are moderate physical activity,
  which is why green social prescribing refers people to them and why OpenActive's own
  activity list has "Gardening" as an activity in its own right.

Everything else (a draft, a paused or archived listing, one moved online or by phone, one
that lost its venue or its physical category, one hidden by freshness) is "deleted": it may
have been published before, and a consumer must drop it. A listing row is never removed
from the database (listings are archived), so every listing has a state to show.

Only one of these changes writes no row: passing the freshness limit. Its moment is known
in advance (the start of the day the listing is first hidden, ``hidden_from``), so the
item's ``modified`` becomes that moment then, without anything being written.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, exists, or_

from directory_app.domain.dates import add_months, aware
from directory_app.domain.freshness import HIDDEN_MONTHS, hidden_on_or_before
from directory_app.models import Activity, ActivityCategory

PHYSICAL_CATEGORIES = ("physical-activity", "gardening-nature")
IN_PERSON_MODES = ("in-person", "hybrid")


def qualifying():
    """SQL: a listing the feeds would publish, leaving freshness aside."""
    return and_(
        Activity.status == "published",
        Activity.venue_id.is_not(None),
        Activity.attendance_mode.in_(IN_PERSON_MODES),
        exists().where(
            ActivityCategory.activity_id == Activity.id,
            ActivityCategory.category.in_(PHYSICAL_CATEGORIES),
        ),
    )


def published_on(today: date):
    """SQL: a listing the feeds publish as "updated" today."""
    return and_(qualifying(), ~Activity.hidden_from_public_on(today))


def confirmed_after(day: date):
    """SQL: the day a listing's age counts from (``freshness.confirmed_on``) is after ``day``.

    Written without a database's date functions, as ``Activity.hidden_from_public_on`` is.
    """
    next_midnight = datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)
    return or_(
        Activity.last_confirmed_on.is_not(None) & (Activity.last_confirmed_on > day),
        Activity.last_confirmed_on.is_(None) & (Activity.created_at >= next_midnight),
    )


# The columns the feeds decide a listing's state from, without loading the listing.
LISTING_COLUMNS = (
    Activity.id,
    Activity.public_id,
    Activity.updated_at,
    Activity.last_confirmed_on,
    Activity.created_at,
    qualifying().label("qualifies"),
)


@dataclass(frozen=True)
class ListingState:
    """A listing's state in the feeds at one moment, and the moment it took that state."""

    activity_id: int
    public_id: str
    published: bool
    changed_at: datetime  # its ``modified``
    updated_at: datetime  # when its row last changed


def deployment_zone() -> ZoneInfo:
    """The timezone activity times are written in (the directory's ``TIMEZONE``)."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def hidden_from(confirmed_on: date, zone: ZoneInfo) -> datetime:
    """The moment a listing last confirmed on ``confirmed_on`` is first hidden from the
    public: the start (local time) of the first day ``freshness`` hides it on."""
    day = add_months(confirmed_on, HIDDEN_MONTHS) - timedelta(days=7)
    while confirmed_on > hidden_on_or_before(day):
        day += timedelta(days=1)
    return datetime.combine(day, time.min, tzinfo=zone)


def listing_state(row, now: datetime, zone: ZoneInfo) -> ListingState:
    """The state at ``now`` of a listing read with ``LISTING_COLUMNS``."""
    updated_at = aware(row.updated_at)
    changed_at, published = updated_at, False
    if row.qualifies:
        # The UTC date, as ``Activity.hidden_from_public_on`` compares it in SQL.
        confirmed_on = row.last_confirmed_on or aware(row.created_at).astimezone(UTC).date()
        hidden_at = hidden_from(confirmed_on, zone)
        if now < hidden_at:
            published = True
        else:
            changed_at = max(updated_at, hidden_at)
    return ListingState(row.id, str(row.public_id), published, changed_at, updated_at)


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    """The date it is in the deployment's timezone at ``moment``."""
    return aware(moment).astimezone(zone).date()
