"""Reading published listings from the database for the public pages."""

from sqlalchemy import func, select

from directory_app.extensions import db
from directory_app.models import Activity, ActivityCategory, Organisation, Venue

PUBLIC_STATUSES = ("published", "paused")


def public_activity(activity_id: int) -> Activity | None:
    """An activity the public may see (published, or paused with its notice), else None."""
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.status not in PUBLIC_STATUSES:
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


def published_activities_for_organisation(organisation_id: int) -> list[Activity]:
    return list(
        db.session.scalars(
            select(Activity)
            .where(Activity.organisation_id == organisation_id, Activity.status == "published")
            .order_by(Activity.title)
        )
    )


def published_activities_at_venue(venue_id: int) -> list[Activity]:
    return list(
        db.session.scalars(
            select(Activity)
            .where(Activity.venue_id == venue_id, Activity.status == "published")
            .order_by(Activity.title)
        )
    )


def organisation(organisation_id: int) -> Organisation | None:
    return db.session.get(Organisation, organisation_id)


def venue(venue_id: int) -> Venue | None:
    return db.session.get(Venue, venue_id)


def category_counts() -> dict[str, int]:
    """How many published activities each category has."""
    rows = db.session.execute(
        select(ActivityCategory.category, func.count())
        .join(Activity, Activity.id == ActivityCategory.activity_id)
        .where(Activity.status == "published")
        .group_by(ActivityCategory.category)
    )
    return dict(rows.all())
