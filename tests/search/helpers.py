"""Running searches against the test app's index, as the results page does."""

from datetime import date, datetime, time

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.geo.postcodes import lookup_postcode
from directory_app.models import Activity
from directory_app.search.queries import SearchRequest, find_activities

# The demo data's dates are relative to the day it is loaded, so searches run "today".
NOW = datetime.combine(date.today(), time(9, 0))


def search(app, page_size=200, **fields):
    """Return (results, activities in result order)."""
    if isinstance(fields.get("location"), str):
        fields["location"] = lookup_postcode(fields["location"])
    request = SearchRequest(**fields)
    with app.app_context():
        results = find_activities(request, app.config["SEARCH_INDEX_DIR"], page_size, NOW)
        ids = [hit.activity_id for hit in results.hits]
        by_id = {a.id: a for a in db.session.scalars(select(Activity).where(Activity.id.in_(ids)))}
        activities = [by_id[i] for i in ids]
        for activity in activities:
            # Touch what tests read, so it is loaded before the session closes.
            _ = (activity.venue, activity.category_codes, activity.organisation.name)
            if activity.venue:
                _ = activity.venue.feature_codes
        db.session.expunge_all()
    return results, activities


def titles(activities):
    return [activity.title for activity in activities]
