"""Reading published listings from the database for the public pages.

Listings unconfirmed for 15 months are hidden from the public (see ``freshness``); staff
who may moderate listings still see them, with a notice.
"""

from datetime import date

from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.models import Activity, ActivityCategory, Organisation, Venue

PUBLIC_STATUSES = ("published", "paused")


def public_activity(activity_id: int, today: date, can_moderate: bool = False) -> Activity | None:
    """An activity this visitor may see (published, or paused with its notice), else None."""
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.status not in PUBLIC_STATUSES:
        return None
    if activity.hidden_from_public_on(today) and not can_moderate:
        return None
    return activity


def activities_in_order(activity_ids: list[int]) -> list[Activity]:
    """Load activities for search hits, keeping the hits' order and dropping unpublished ones.

    The index can briefly lag the database; checking the status here means an activity
    unpublished a moment ago never shows.
    """
    if not activity_ids:
        return []
    found = {
        activity.id: activity
        for activity in db.session.scalars(select(Activity).where(Activity.id.in_(activity_ids)))
    }
    return [found[i] for i in activity_ids if i in found and found[i].status == "published"]


def _published(today: date, *conditions) -> list[Activity]:
    return list(
        db.session.scalars(
            select(Activity).where(Activity.listed_on(today), *conditions).order_by(Activity.title)
        )
    )


def published_activities_for_organisation(organisation_id: int, today: date) -> list[Activity]:
    return _published(today, Activity.organisation_id == organisation_id)


def published_activities_at_venue(venue_id: int, today: date) -> list[Activity]:
    return _published(today, Activity.venue_id == venue_id)


def organisation(organisation_id: int) -> Organisation | None:
    return db.session.get(Organisation, organisation_id)


def venue(venue_id: int) -> Venue | None:
    return db.session.get(Venue, venue_id)


def category_counts(today: date) -> dict[str, int]:
    """How many published, not hidden activities each category has."""
    rows = db.session.execute(
        select(ActivityCategory.category, func.count())
        .join(Activity, Activity.id == ActivityCategory.activity_id)
        .where(Activity.listed_on(today))
        .group_by(ActivityCategory.category)
    )
    return dict(rows.all())
