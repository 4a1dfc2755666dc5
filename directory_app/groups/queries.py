"""What groups' and moderators' pages read: a provider's own listings, venues and
organisations, the versions of each, the changes waiting for a moderator, and account
requests.

An admin may edit any listing, venue or organisation (``editable_*``); a group only its own.
"""

from sqlalchemy import or_, select

from directory_app.core.extensions import db
from directory_app.models import (
    AccountRequest,
    Activity,
    ListingChange,
    Organisation,
    OrganisationChange,
    Venue,
    VenueChange,
)


def is_admin(user) -> bool:
    """Admins moderate: they may open any group's listing, venue or organisation in the
    group's own editor, and what they save goes live at once."""
    return user.role == "admin"


def own_activity(user, activity_id: int) -> Activity | None:
    """An activity of one of the user's own groups; None for anything else."""
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.organisation not in user.organisations:
        return None
    return activity


def editable_activity(user, activity_id: int) -> Activity | None:
    """An activity this user may edit in the group's editor: any, for an admin; otherwise
    one of their own groups' (None for anything else, shown as a 404)."""
    if is_admin(user):
        return db.session.get(Activity, activity_id)
    return own_activity(user, activity_id)


def editable_organisation(user, organisation_id: int) -> Organisation | None:
    """An organisation whose details this user may change: any, for an admin; otherwise
    only one their account belongs to."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or is_admin(user) or organisation in user.organisations:
        return organisation
    return None


def own_activities(user) -> list[Activity]:
    """Every listing of the user's groups, by title."""
    group_ids = [organisation.id for organisation in user.organisations]
    return list(
        db.session.scalars(
            select(Activity).where(Activity.organisation_id.in_(group_ids)).order_by(Activity.title)
        )
    )


def editable_venues(user) -> list[Venue]:
    """Venues where one of the user's groups meets, or that one of them added; every venue,
    for an admin (who may hold any listing anywhere). Never an archived venue: nothing new
    is held at a place the directory no longer lists."""
    query = _editable(user).where(Venue.archived_at.is_(None))
    return list(db.session.scalars(query.order_by(Venue.name)))


def editable_venue(user, venue_id: int) -> Venue | None:
    return db.session.scalar(_editable(user).where(Venue.id == venue_id))


def _editable(user):
    if is_admin(user):
        return select(Venue)
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


def versions_of_organisation(organisation_id: int) -> list[OrganisationChange]:
    """Every version proposed for an organisation's details, newest first."""
    return list(
        db.session.scalars(
            select(OrganisationChange)
            .where(OrganisationChange.organisation_id == organisation_id)
            .order_by(OrganisationChange.id.desc())
        )
    )


def waiting_organisation_change(organisation_id: int) -> OrganisationChange | None:
    """The organisation's change waiting for a moderator (the newest, should there be several)."""
    return db.session.scalar(
        select(OrganisationChange)
        .where(
            OrganisationChange.organisation_id == organisation_id,
            OrganisationChange.status == "pending",
        )
        .order_by(OrganisationChange.id.desc())
        .limit(1)
    )


def pending_changes(model) -> list:
    """Changes of one kind (``ListingChange``, ``VenueChange``, ``OrganisationChange``)
    waiting, oldest first."""
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
