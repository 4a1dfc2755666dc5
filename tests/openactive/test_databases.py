"""The feeds' queries on SQLite and PostgreSQL: the same order (by timestamp, then public id
as text) and the same pages, whatever the database compares UUIDs and times as."""

from datetime import timedelta

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.dates import utcnow
from directory_app.listings import operations
from directory_app.models import Activity
from directory_app.openactive.rpde import SETTLE
from directory_app.openactive.series_feed import series_page
from directory_app.openactive.session_feed import sessions_page
from tests.openactive.feeds import by_id, read


def test_the_feeds_page_alike_on_both_databases(db_app):
    with db_app.app_context():
        now = utcnow() + SETTLE + timedelta(seconds=1)
        # ``read`` checks each page is in (modified, id) order, ids compared as text.
        series = read(series_page, now, limit=9)
        assert series == read(series_page, now)
        assert read(sessions_page, now, limit=97) == read(sessions_page, now)
        published = [item for item in series if item["state"] == "updated"]
        assert published


def test_a_listing_leaving_is_deleted_on_both_databases(db_app):
    with db_app.app_context():
        title = "Walking football in Short Heath"
        activity = db.session.scalar(select(Activity).where(Activity.title == title))
        shown = by_id(read(series_page, utcnow() + SETTLE + timedelta(seconds=1)))
        operations.write_activity(activity, status="archived")
        commit()
        later = by_id(read(series_page, utcnow() + SETTLE + timedelta(seconds=1)))
        item_id = str(activity.public_id)
        assert (shown[item_id]["state"], later[item_id]["state"]) == ("updated", "deleted")
        assert later[item_id]["modified"] > shown[item_id]["modified"]
