"""The ScheduledSession feed on the demo data: the coming weeks' sessions, their times in
Europe/London, and how sessions join and leave the feed."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.dates import utcnow
from directory_app.listings import operations
from directory_app.models import Activity, SessionCancellation
from directory_app.openactive.rpde import RETENTION, SETTLE, Position, microseconds
from directory_app.openactive.series_feed import series_page
from directory_app.openactive.session_feed import WINDOW, sessions_page
from tests.openactive.feeds import by_id, read, read_over_http

LONDON = ZoneInfo("Europe/London")
WALKING_FOOTBALL = "Walking football in Short Heath"  # weekly, Thursdays 09:30-11:00


def _later():
    return utcnow() + SETTLE + timedelta(seconds=1)


def _activity(title: str) -> Activity:
    return db.session.scalar(select(Activity).where(Activity.title == title))


def _sessions_of(activity, items) -> dict[str, dict]:
    prefix = f"{activity.public_id}_"
    return {item["id"]: item for item in items if item["id"].startswith(prefix)}


def _thursdays(now: datetime) -> list[datetime]:
    """Walking football's session starts that are in the feed at ``now``: not yet ended,
    starting within the window."""
    settled = now - SETTLE
    day = settled.astimezone(LONDON).date() - timedelta(days=1)
    day += timedelta(days=(3 - day.weekday()) % 7)
    starts = []
    while (start := datetime.combine(day, time(9, 30), tzinfo=LONDON)) <= settled + WINDOW:
        if start + timedelta(minutes=90) > settled:
            starts.append(start)
        day += timedelta(days=7)
    return starts


def test_a_series_has_its_sessions_of_the_next_eight_weeks(app):
    with app.app_context():
        now = _later()
        football = _activity(WALKING_FOOTBALL)
        series = by_id(read(series_page, now))[str(football.public_id)]["data"]
        sessions = _sessions_of(football, read(sessions_page, now))
        shown = [item for item in sessions.values() if item["state"] == "updated"]
        starts = sorted(datetime.fromisoformat(item["data"]["startDate"]) for item in shown)
        assert starts == _thursdays(now)
        assert 8 <= len(starts) <= 9
        for item in shown:
            data = item["data"]
            assert item["kind"] == "ScheduledSession"
            assert data["@type"] == "ScheduledSession"
            assert data["superEvent"] == series["@id"]
            assert data["eventStatus"] == "https://schema.org/EventScheduled"
            assert data["duration"] == "PT1H30M"
            assert data["url"] == series["url"]
            start = datetime.fromisoformat(data["startDate"])
            assert start.astimezone(LONDON).time() == time(9, 30)
            assert datetime.fromisoformat(data["endDate"]) - start == timedelta(minutes=90)
            assert data["@id"] == series["eventSchedule"][0]["idTemplate"].replace(
                "{startDate}", data["startDate"].replace(":", "%3A").replace("+", "%2B")
            )
            assert item["id"] == f"{football.public_id}_{start.astimezone(UTC):%Y%m%dT%H%MZ}"


def test_every_session_shown_belongs_to_a_series_shown(app):
    with app.app_context():
        now = _later()
        series_ids = {
            item["data"]["@id"] for item in read(series_page, now) if item["state"] == "updated"
        }
        sessions = [item for item in read(sessions_page, now) if item["state"] == "updated"]
        assert sessions
        # (A series whose one-off dates have all passed has no session to show.)
        assert {item["data"]["superEvent"] for item in sessions} <= series_ids


def test_times_keep_to_the_clock_across_the_october_change(app):
    with app.app_context():
        football = _activity(WALKING_FOOTBALL)
        operations.write_activity(football, last_confirmed_on=date(2027, 10, 1))
        commit()
        # Wednesday 20 October 2027: British Summer Time ends on Sunday 31 October.
        now = datetime(2027, 10, 20, 12, tzinfo=UTC)
        sessions = _sessions_of(football, read(sessions_page, now))
        before = sessions[f"{football.public_id}_20271028T0830Z"]["data"]
        after = sessions[f"{football.public_id}_20271104T0930Z"]["data"]
        assert before["startDate"] == "2027-10-28T09:30:00+01:00"
        assert before["endDate"] == "2027-10-28T11:00:00+01:00"
        assert after["startDate"] == "2027-11-04T09:30:00+00:00"
        assert after["endDate"] == "2027-11-04T11:00:00+00:00"
        assert before["duration"] == after["duration"] == "PT1H30M"


def test_a_session_is_deleted_when_it_ends_and_leaves_after_the_retention_period(app):
    with app.app_context():
        football = _activity(WALKING_FOOTBALL)
        first = _thursdays(_later())[0]
        item_id = f"{football.public_id}_{first.astimezone(UTC):%Y%m%dT%H%MZ}"
        end = first + timedelta(minutes=90)
        just_before = read(sessions_page, end + SETTLE - timedelta(seconds=1))
        assert _sessions_of(football, just_before)[item_id]["state"] == "updated"
        ended = _sessions_of(football, read(sessions_page, end + SETTLE))
        assert ended[item_id] == {
            "state": "deleted",
            "kind": "ScheduledSession",
            "id": item_id,
            "modified": microseconds(end),
        }
        gone = read(sessions_page, end + RETENTION + SETTLE + timedelta(seconds=1))
        assert item_id not in _sessions_of(football, gone)


def test_a_session_joins_the_feed_eight_weeks_before_it_starts(app):
    with app.app_context():
        football = _activity(WALKING_FOOTBALL)
        following = _thursdays(_later())[-1] + timedelta(weeks=1)
        item_id = f"{football.public_id}_{following.astimezone(UTC):%Y%m%dT%H%MZ}"
        joins_at = following - WINDOW
        just_before = read(sessions_page, joins_at + SETTLE - timedelta(seconds=1))
        assert item_id not in _sessions_of(football, just_before)
        joined = _sessions_of(football, read(sessions_page, joins_at + SETTLE))
        assert joined[item_id]["state"] == "updated"
        assert joined[item_id]["modified"] == microseconds(joins_at)


def test_a_series_that_leaves_takes_its_sessions_with_it(app):
    with app.app_context():
        football = _activity(WALKING_FOOTBALL)
        shown = _sessions_of(football, read(sessions_page, _later()))
        operations.write_activity(football, status="archived")
        commit()
        left_at = microseconds(db.session.get(Activity, football.id).updated_at)
        after = _sessions_of(football, read(sessions_page, _later()))
        for item_id, item in shown.items():
            if item["state"] == "updated":
                assert after[item_id] == {
                    "state": "deleted",
                    "kind": "ScheduledSession",
                    "id": item_id,
                    "modified": left_at,
                }


def test_a_cancelled_session_stays_and_says_so(app):
    with app.app_context():
        football = _activity(WALKING_FOOTBALL)
        second = _thursdays(_later())[1]
        item_id = f"{football.public_id}_{second.astimezone(UTC):%Y%m%dT%H%MZ}"
        before = _sessions_of(football, read(sessions_page, _later()))[item_id]
        # As the groups' cancelling does: the date, and the listing marked changed.
        db.session.add(SessionCancellation(activity_id=football.id, on_date=second.date()))
        football.updated_at = utcnow()
        commit()
        now = _later()
        after = _sessions_of(football, read(sessions_page, now))[item_id]
        assert after["state"] == "updated"
        assert after["data"]["eventStatus"] == "https://schema.org/EventCancelled"
        assert after["modified"] > before["modified"]
        series = by_id(read(series_page, now))[str(football.public_id)]["data"]
        assert series["eventSchedule"][0]["exceptDate"] == [second.isoformat()]


def test_one_off_and_fortnightly_sessions(app):
    with app.app_context():
        now = _later()
        series = by_id(read(series_page, now))
        sessions = read(sessions_page, now)
        swimming = _activity("Quiet swimming sessions in Becontree Heath")
        schedules = series[str(swimming.public_id)]["data"]["eventSchedule"]
        once_dates = sorted(row.on_date for row in swimming.schedules)
        assert [(s["repeatFrequency"], s["repeatCount"]) for s in schedules] == [("P1D", 1)] * 4
        assert sorted(date.fromisoformat(s["startDate"]) for s in schedules) == once_dates
        assert [s["startDate"] for s in schedules] == [s["endDate"] for s in schedules]
        shown = {
            datetime.fromisoformat(item["data"]["startDate"]).date()
            for item in _sessions_of(swimming, sessions).values()
            if item["state"] == "updated"
        }
        settled = (now - SETTLE).astimezone(LONDON).date()
        assert shown == {day for day in once_dates if settled <= day <= settled + WINDOW}

        football = _activity("Walking football in Chadwell Heath")  # fortnightly, Fridays
        schedule = series[str(football.public_id)]["data"]["eventSchedule"][0]
        assert schedule["repeatFrequency"] == "P2W"
        assert schedule["byDay"] == ["https://schema.org/Friday"]
        first = date.fromisoformat(schedule["startDate"])
        for item in _sessions_of(football, sessions).values():
            if item["state"] == "updated":
                day = datetime.fromisoformat(item["data"]["startDate"]).date()
                assert (day - first).days % 14 == 0


def test_paging_in_small_pages_and_over_http_gives_the_same_feed(feeds_app):
    with feeds_app.app_context():
        now = utcnow()
        everything = read(sessions_page, now)
        assert read(sessions_page, now, limit=37) == everything
    assert any(item["state"] == "deleted" for item in everything)
    client = feeds_app.test_client()
    assert read_over_http(client, "/openactive/scheduled-sessions?limit=200") == everything


def test_a_consumer_at_the_end_finds_exactly_what_changed_since(app):
    with app.app_context():
        now = _later()
        everything = read(sessions_page, now)
        last = Position(everything[-1]["modified"], everything[-1]["id"])
        # A week later, the consumer that had read to the end finds the week's changes:
        # the sessions that ended (deleted) and those that joined the window (updated),
        # exactly as a consumer reading the whole feed then sees them.
        week_on = read(sessions_page, now + timedelta(weeks=1), after=last)
        assert {item["state"] for item in week_on} == {"updated", "deleted"}
        assert all(item["modified"] > last.modified for item in week_on)
        full = by_id(read(sessions_page, now + timedelta(weeks=1)))
        assert week_on == [full[item["id"]] for item in week_on]
        assert [item for item in full.values() if item["modified"] > last.modified] == week_on
