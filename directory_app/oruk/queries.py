"""Which activities the feed shows, in a stable order, one page at a time.

A page is found in two steps: the ids of the page's rows (one narrow query, ordered by a
unique key: the row id, or the distance then the row id, or search rank), then those rows
with everything the documents need, eager-loaded in a fixed number of queries whatever the
page size. The total is one ``count``. No step loads more rows than the page holds, except
a search, whose ranked ids come from the index (at most ``SEARCH_LIMIT`` of them).
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import and_, exists, extract, func, or_, select
from sqlalchemy.orm import joinedload, raiseload, selectinload

from directory_app.core.extensions import db
from directory_app.models import (
    Activity,
    ActivityAudience,
    ActivityCategory,
    ActivitySchedule,
    ActivityTranslation,
    Organisation,
    Venue,
    VenueAccessFeature,
)
from directory_app.oruk.parameters import Paging, ServiceFilters
from directory_app.oruk.withdrawals import withdrawn_since
from directory_app.search import SearchRequest, find_activities
from directory_app.search.index_store import IndexMissing

log = logging.getLogger(__name__)

# The most matches a search narrows a list to, best first.
SEARCH_LIMIT = 5000


@dataclass
class IdPage:
    total: int
    ids: list[int]


def _has_term(taxonomy_name: str, code: str | None):
    """Listings with this term (any term of the taxonomy when ``code`` is None)."""
    if taxonomy_name == "categories":
        wanted = () if code is None else (ActivityCategory.category == code,)
        return Activity.categories.any(*wanted)
    if taxonomy_name == "audiences":
        wanted = () if code is None else (ActivityAudience.audience == code,)
        return Activity.audiences.any(*wanted)
    venues = select(VenueAccessFeature.venue_id)
    if code is not None:
        venues = venues.where(VenueAccessFeature.feature == code)
    return Activity.venue_id.in_(venues)


def _weekday_in(column, weekdays: tuple[int, ...]):
    """The date column falls on one of these weekdays (Monday 0), in the database's terms."""
    if db.engine.dialect.name == "postgresql":
        return extract("isodow", column).in_([day + 1 for day in weekdays])
    return func.strftime("%w", column).in_([str((day + 1) % 7) for day in weekdays])


def _on_schedule(filters: ServiceFilters):
    """One of the listing's sessions meets every asked-for day and time at once."""
    slot = ActivitySchedule
    wanted = [slot.activity_id == Activity.id]
    if filters.weekdays:
        wanted.append(
            or_(
                and_(slot.frequency != "once", slot.weekday.in_(filters.weekdays)),
                and_(slot.frequency == "once", _weekday_in(slot.on_date, filters.weekdays)),
            )
        )
    if filters.start_time is not None:
        wanted.append(slot.start_time >= filters.start_time)
    if filters.end_time is not None:
        wanted.append(slot.end_time <= filters.end_time)
    return exists().where(*wanted)


def _squared_distance(filters: ServiceFilters):
    east = Venue.easting - filters.near.easting
    north = Venue.northing - filters.near.northing
    return east * east + north * north


def filter_conditions(filters: ServiceFilters) -> list:
    """SQL conditions for every filter but the words searched for and ``modified_after``."""
    if filters.matches_nothing:
        return [Activity.id.is_(None)]
    conditions = []
    if filters.term is not None:
        taxonomy, code = filters.term
        conditions.append(_has_term(taxonomy.name, code))
    if filters.taxonomy is not None:
        conditions.append(_has_term(filters.taxonomy.name, None))
    if filters.organization_id is not None:
        organisation = select(Organisation.id).where(
            Organisation.public_id == filters.organization_id
        )
        conditions.append(Activity.organisation_id == organisation.scalar_subquery())
    if filters.minimum_age is not None:
        # The standard: services whose minimum age is at least this (none counts as 0).
        conditions.append(func.coalesce(Activity.age_min, 0) >= filters.minimum_age)
    if filters.maximum_age is not None:
        # Services whose maximum age is at most this; one with no maximum has none below it.
        conditions.append(Activity.age_max.is_not(None) & (Activity.age_max <= filters.maximum_age))
    if filters.on_schedule:
        conditions.append(_on_schedule(filters))
    if filters.proximity_metres is not None:
        reach, point = filters.proximity_metres, filters.near
        conditions += [
            # The box lets an index narrow the rows; the circle is the rule.
            Venue.easting.between(point.easting - reach, point.easting + reach),
            Venue.northing.between(point.northing - reach, point.northing + reach),
            _squared_distance(filters) <= reach * reach,
        ]
    return conditions


def ranked_matches(text: str, now: datetime) -> list[int] | None:
    """Activity ids matching the words, best first, from the site's own search; None when
    there is no index yet (the caller falls back to matching the words in the database)."""
    try:
        results = find_activities(
            SearchRequest(text=text), current_app.config["SEARCH_INDEX_DIR"], SEARCH_LIMIT, now
        )
    except IndexMissing:
        log.warning("No search index: the feed's search matches titles and summaries instead.")
        return None
    return [hit.activity_id for hit in results.hits]


def _words_in_text(text: str):
    wanted = text.lower()
    return or_(
        func.lower(Activity.title).contains(wanted, autoescape=True),
        func.lower(Activity.summary).contains(wanted, autoescape=True),
    )


def _ids(query, paging: Paging) -> list[int]:
    return list(db.session.scalars(query.limit(paging.per_page).offset(paging.offset)))


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def service_ids(
    filters: ServiceFilters,
    paging: Paging,
    today: date,
    now: datetime,
    at_venues: bool = False,
) -> IdPage:
    """One page of the ids of the activities a list shows, and how many it has in all.

    With ``modified_after``, the list is what changed since then: listings still public
    that were edited, and (for services, unless words are searched for) listings
    withdrawn since then (``withdrawals``), in one order.
    """
    shown = Activity.listed_on(today)
    if filters.modified_after is not None:
        shown = and_(shown, Activity.updated_at >= filters.modified_after)
        if not filters.search and not at_venues:
            # Withdrawn listings are out of the search index, so a search cannot find them.
            shown = or_(shown, withdrawn_since(filters.modified_after, today))
    conditions = [shown, *filter_conditions(filters)]
    query = select(Activity.id)
    if at_venues or filters.proximity_metres is not None:
        query = query.join(Venue, Venue.id == Activity.venue_id)
    ranked = None
    if filters.search:
        ranked = ranked_matches(filters.search, now)
        if ranked is None:
            conditions.append(_words_in_text(filters.search))
        else:
            conditions.append(Activity.id.in_(ranked))
    query = query.where(*conditions)
    if ranked is not None:
        # Best match first: the index's order, kept for the rows the filters let through.
        allowed = set(db.session.scalars(query))
        ordered = [activity_id for activity_id in ranked if activity_id in allowed]
        return IdPage(len(ordered), ordered[paging.offset : paging.offset + paging.per_page])
    total = _count(query)
    if paging.offset >= total:
        return IdPage(total, [])
    if filters.proximity_metres is not None:
        query = query.order_by(_squared_distance(filters), Activity.id)
    else:
        query = query.order_by(Activity.id)
    return IdPage(total, _ids(query, paging))


def _loading(full: bool, venues: bool) -> list:
    """Eager loading for a page of documents: a fixed number of queries, never one per row.
    ``venues``: the documents show the venue (a list of services does not)."""
    options = [
        joinedload(Activity.organisation).raiseload(Organisation.translations),
        # Whatever else an activity is related to (now or later), a document never reads.
        raiseload("*"),
    ]
    if full:
        options += [
            selectinload(Activity.categories),
            selectinload(Activity.audiences),
            selectinload(Activity.languages),
            # A session may be held at another venue than the activity's own.
            selectinload(Activity.schedules).joinedload(ActivitySchedule.venue),
            joinedload(Activity.venue).selectinload(Venue.access_features),
        ]
    else:
        options += [
            raiseload(Activity.categories),
            raiseload(Activity.audiences),
            raiseload(Activity.languages),
            raiseload(Activity.schedules),
            joinedload(Activity.venue).raiseload(Venue.access_features)
            if venues
            else raiseload(Activity.venue),
        ]
    return options


def load_activities(ids: list[int], full: bool, venues: bool = True) -> list[Activity]:
    """These activities, in this order, loaded for their documents (``full``: with every
    related row a fully nested document shows)."""
    if not ids:
        return []
    options = _loading(full, venues or full)
    rows = db.session.scalars(select(Activity).where(Activity.id.in_(ids)).options(*options))
    found = {activity.id: activity for activity in rows}
    return [found[activity_id] for activity_id in ids if activity_id in found]


def english_texts(activities: list[Activity]) -> dict[int, ActivityTranslation]:
    """English translations of the listings not written in English (the feed is English)."""
    foreign = [activity.id for activity in activities if activity.text_language != "en"]
    if not foreign:
        return {}
    rows = db.session.scalars(
        select(ActivityTranslation).where(
            ActivityTranslation.activity_id.in_(foreign), ActivityTranslation.language == "en"
        )
    )
    return {row.activity_id: row for row in rows}


def public_activity(column, public_id, today: date) -> Activity | None:
    """The public activity whose ``column`` (public_id or at_venue_public_id) is this id."""
    activity_id = db.session.scalar(
        select(Activity.id).where(column == public_id, Activity.listed_on(today))
    )
    found = load_activities([activity_id], full=True) if activity_id is not None else []
    return found[0] if found else None
