"""Which listings the sitemaps name: those the directory itself shows and links to.

That is published listings not hidden for being unconfirmed for 15 months (``freshness``),
the organisations that run them and the venues they are held at. Paused listings are left
out, though their pages stay open (``directory.listings.PUBLIC_STATUSES``) so a link someone
kept says "not running at the moment" rather than "not found": search, the organisation and
venue pages and the home page leave them out too, and a search engine that sent residents
to something they cannot go to would be no help to them. When a listing is resumed it
returns to the sitemaps with a new ``lastmod``. Drafts and archived listings have no public
page at all.
"""

from datetime import date

from sqlalchemy import Select, exists, select

from directory_app.models import Activity, Organisation, Venue


def listed_activities(today: date) -> Select:
    """(id, updated_at) of listed activities, by id."""
    return (
        select(Activity.id, Activity.updated_at)
        .where(Activity.listed_on(today))
        .order_by(Activity.id)
    )


def listed_organisations(today: date) -> Select:
    """(id, updated_at) of organisations running at least one listed activity, by id. An
    organisation page with nothing on it (a group that has only just joined) is left out."""
    # EXISTS, not IN: SQLite then looks up each organisation's activities by index, five
    # times faster than listing the 100,000 activities' organisations first.
    running = exists().where(Activity.organisation_id == Organisation.id, Activity.listed_on(today))
    return select(Organisation.id, Organisation.updated_at).where(running).order_by(Organisation.id)


def listed_venues(today: date) -> Select:
    """(id, updated_at) of venues holding at least one listed activity, by id: the venue
    pages the directory links to (a venue a group has just added shows nobody's activity,
    and its page is not found until one is published)."""
    used = exists().where(Activity.venue_id == Venue.id, Activity.listed_on(today))
    return (
        select(Venue.id, Venue.updated_at)
        .where(used, Venue.archived_at.is_(None))
        .order_by(Venue.id)
    )
