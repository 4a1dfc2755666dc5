"""Search keeps working whatever the index's segments hold.

An edit is written to the index as a new segment holding only the edited listing. Whoosh's
multi-segment reader leaves out the column of a segment in which no document has that
field, so an online listing's segment has no ``easting``: every per-document array must
still have one value per document, or every postcode search fails.
"""

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.geo.postcodes import distance_miles, lookup_postcode
from directory_app.models import Activity
from directory_app.search.index_store import searchers
from tests.search.helpers import search

KINDS = ("in-person", "online", "phone", "hybrid")
# Every search that reads a per-document column: distances, age, next session, freshness.
SEARCHES = {
    "postcode": {"location": "E8 1AG"},
    "distance sort": {"location": "WS1 1DA", "sort": "distance"},
    "age": {"age": 70},
    "next session": {"sort": "next"},
    "words": {"text": "coffee"},
    "postcode and words": {"location": "RM10 8QJ", "text": "walking football"},
}


def _edit_one(app, mode: str) -> int:
    """Change one listing of this kind: the index gets a segment holding only it."""
    with app.app_context():
        query = select(Activity).where(Activity.status == "published").order_by(Activity.id)
        if mode == "hybrid":
            query = query.where(Activity.venue_id.is_not(None))
        else:
            query = query.where(Activity.attendance_mode == mode)
        activity = db.session.scalar(query.limit(1))
        if mode == "hybrid":
            activity.attendance_mode = "hybrid"
        activity.summary = f"{activity.summary} (edited)"
        commit()
        return activity.id


@pytest.mark.parametrize("mode", KINDS)
def test_every_search_works_after_editing_a_listing_of_each_kind(app, mode):
    before = {name: search(app, **fields)[0].total for name, fields in SEARCHES.items()}
    edited = _edit_one(app, mode)
    searchers.close_all()  # as a worker that opens the index after the edit
    with app.app_context():
        reader = searchers.searcher(app.config["SEARCH_INDEX_DIR"]).reader()
        assert len(list(reader.leaf_readers())) > 1, "the edit should add a segment"
    for name, fields in SEARCHES.items():
        results, found = search(app, **fields)
        assert results.total == before[name], name
    # The edited listing is found where it should be, once.
    found_ids = [a.id for a in search(app, text="edited")[1]]
    assert found_ids == [edited]


def test_distances_belong_to_the_right_listings_after_an_online_edit(app):
    _edit_one(app, "online")
    searchers.close_all()
    results, found = search(app, location="E8 1AG", sort="distance")
    here = lookup_postcode("E8 1AG")
    assert found
    for hit, activity in zip(results.hits, found, strict=True):
        venue = activity.venue
        expected = distance_miles(here.easting, here.northing, venue.easting, venue.northing)
        assert hit.distance_miles == pytest.approx(expected, abs=0.01), activity.title
