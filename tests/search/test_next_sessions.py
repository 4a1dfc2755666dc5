"""The vectorised next-session times agree with the schedule rules used on activity pages."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.domain.schedules import timetable_for, upcoming_sessions
from directory_app.models import Activity
from directory_app.search.index_store import searchers
from directory_app.search.next_sessions import minutes_until_next_session


@pytest.mark.parametrize("hours_from_today", [0, 9.5, 14, 20, 24 * 10 + 11, 24 * 40 + 18])
def test_next_session_minutes_match_upcoming_sessions(app, hours_from_today):
    today = datetime.combine(datetime.now().date(), datetime.min.time())
    now = today + timedelta(hours=hours_from_today)
    searcher = searchers.searcher(app.config["SEARCH_INDEX_DIR"])
    minutes = minutes_until_next_session(searcher, now)
    with app.app_context():
        activities = {a.id: a for a in db.session.scalars(select(Activity))}
        checked = 0
        for docnum in searcher.reader().all_doc_ids():
            activity = activities[int(searcher.stored_fields(docnum)["id"])]
            upcoming = upcoming_sessions(timetable_for(activity), now, count=1)
            if upcoming:
                expected = (upcoming[0].starts_at - now).total_seconds() // 60
                assert minutes[docnum] == expected, activity.key
            else:
                assert minutes[docnum] == float("inf"), activity.key
            checked += 1
    assert checked == 150
