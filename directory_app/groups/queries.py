"""What groups' and moderators' pages read: a provider's own listings and venues, the
versions of each, the changes waiting for a moderator, and account requests."""

from sqlalchemy import or_, select

from directory_app.core.extensions import db
from directory_app.models import AccountRequest, Activity, ListingChange, Venue, VenueChange


def own_activity(user, activity_id: int) -> Activity | None:
    """An activity of one of the user's own groups; None for anything else."""
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.organisation not in user.organisations:
        return None
    return activity


def own_activities(user) -> list[Activity]:
    """Every listing of the user's groups, by title."""
    group_ids = [organisation.id for organisation in user.organisations]
    return list(
        db.session.scalars(
            select(Activity).where(Activity.organisation_id.in_(group_ids)).order_by(Activity.title)
        )
    )


def editable_venues(user) -> list[Venue]:
    """Venues where one of the user's groups meets, or that one of them added."""
    return list(db.session.scalars(_editable(user).order_by(Venue.name)))


def editable_venue(user, venue_id: int) -> Venue | None:
    return db.session.scalar(_editable(user).where(Venue.id == venue_id))


def _editable(user):
    group_ids = [organisation.id for organisation in user.organisations]
    used_by_group = select(Activity.venue_id).where(Activity.organisation_id.in_(group_ids))
    return select(Venue).where(
        or_(Venue.id.in_(used_by_group), Venue.added_by_organisation_id.in_(group_ids))
    )


def boroughs() -> list[str]:
    """The boroughs we serve: those our venues are in."""
    return list(
        db.session.scalars(
            select(Venue.borough).where(Venue.borough != "").distinct().order_by(Venue.borough)
        )
    )


def versions_of_activity(activity_id: int) -> list[ListingChange]:
    """Every version proposed for a listing, newest first."""
    return list(
        db.session.scalars(
            select(ListingChange)
            .where(ListingChange.activity_id == activity_id)
            .order_by(ListingChange.id.desc())
        )
    )


def versions_of_venue(venue_id: int) -> list[VenueChange]:
    """Every version proposed for a venue, newest first."""
    return list(
        db.session.scalars(
            select(VenueChange)
            .where(VenueChange.venue_id == venue_id)
            .order_by(VenueChange.id.desc())
        )
    )


def pending_changes(model) -> list:
    """Changes of one kind (``ListingChange`` or ``VenueChange``) waiting, oldest first."""
    return list(
        db.session.scalars(select(model).where(model.status == "pending").order_by(model.id))
    )


def pending_change(model, change_id: int):
    """A change of this kind that is still waiting, or None."""
    change = db.session.get(model, change_id)
    return change if change is not None and change.status == "pending" else None


def pending_account_requests() -> list[AccountRequest]:
    return list(
        db.session.scalars(
            select(AccountRequest)
            .where(AccountRequest.status == "pending")
            .order_by(AccountRequest.id)
        )
    )


def waiting_change(activity_id: int) -> ListingChange | None:
    """The listing's change waiting for a moderator (the newest, should there be several)."""
    return db.session.scalar(
        select(ListingChange)
        .where(ListingChange.activity_id == activity_id, ListingChange.status == "pending")
        .order_by(ListingChange.id.desc())
        .limit(1)
    )
