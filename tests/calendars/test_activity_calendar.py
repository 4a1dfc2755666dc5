"""An activity's calendar file, read back with icalendar and expanded as a calendar app
would: the same sessions as the activity page, at the same local times on both sides of
the October clock change, without the cancelled ones."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.directory.calendar import activity_calendar
from directory_app.domain import schedules
from directory_app.groups.cancellations import cancel_session
from directory_app.listings import operations
from directory_app.models import Activity
from tests.calendars.helpers import (
    LONDON,
    events,
    expanded,
    give_sessions,
    in_person_activity,
    parse,
    slot,
)

# A Tuesday four weeks before the clocks go back (Sunday 31 October 2027).
NOW = datetime(2027, 10, 5, 9, 0)
LAST_DAY = date(2027, 12, 14)
PUBLIC_HOST = "directory.example.org"

TIMETABLES = {
    "weekly": [slot("weekly", weekday=1)],
    "fortnightly": [slot("fortnightly", weekday=3, on_date=date(2027, 10, 7))],
    "one-off": [slot("once", on_date=date(2027, 10, 30)), slot("once", on_date=date(2027, 11, 6))],
}


@pytest.fixture
def public_app(app):
    app.config["PUBLIC_URL"] = f"https://{PUBLIC_HOST}"
    return app


def _calendar(app, activity_id: int, now: datetime = NOW):
    """The activity's calendar file as the download makes it, and the sessions the
    activity page would list (all of them, up to its last day)."""
    with app.test_request_context("/"):
        activity = db.session.get(Activity, activity_id)
        body = activity_calendar(activity, f"https://{PUBLIC_HOST}/activities/{activity_id}", now)
        upcoming = schedules.upcoming_sessions(schedules.timetable_for(activity), now, count=200)
    return parse(body), [session.starts_at for session in upcoming]


@pytest.mark.parametrize("kind", sorted(TIMETABLES))
def test_expanded_sessions_match_the_activity_page_across_the_clock_change(public_app, kind):
    activity_id = in_person_activity(public_app)
    give_sessions(public_app, activity_id, TIMETABLES[kind], ends_on=LAST_DAY)
    calendar, upcoming = _calendar(public_app, activity_id)
    limit = datetime.combine(LAST_DAY, datetime.max.time(), LONDON)
    sessions = expanded(calendar, limit)
    assert sessions == upcoming
    assert any(moment.date() < date(2027, 10, 31) for moment in sessions)
    assert any(moment.date() > date(2027, 10, 31) for moment in sessions)
    # 10:30 in London on both sides, which is 09:30 UTC in summer time and 10:30 after.
    assert {moment.time().isoformat() for moment in sessions} == {"10:30:00"}
    utc_hours = {moment.replace(tzinfo=LONDON).astimezone(UTC).hour for moment in sessions}
    assert utc_hours == {9, 10}


def test_an_open_ended_weekly_activity_recurs_without_until(public_app):
    activity_id = in_person_activity(public_app)
    give_sessions(public_app, activity_id, TIMETABLES["weekly"])
    calendar, upcoming = _calendar(public_app, activity_id)
    (event,) = events(calendar)
    assert "UNTIL" not in event["rrule"]
    limit = upcoming[-1].replace(tzinfo=LONDON)
    assert expanded(calendar, limit) == upcoming


def test_rules_zones_and_until_are_as_rfc_5545_asks(public_app):
    activity_id = in_person_activity(public_app)
    slots = [slot("weekly", weekday=1), slot("fortnightly", weekday=3, on_date=date(2027, 10, 7))]
    give_sessions(public_app, activity_id, slots, ends_on=LAST_DAY)
    calendar, _upcoming = _calendar(public_app, activity_id)
    weekly, fortnightly = events(calendar)
    assert weekly["rrule"]["FREQ"] == ["WEEKLY"] and weekly["rrule"]["BYDAY"] == ["TU"]
    assert "INTERVAL" not in weekly["rrule"]
    assert fortnightly["rrule"]["INTERVAL"] == [2] and fortnightly["rrule"]["BYDAY"] == ["TH"]
    assert weekly["dtstart"].params["TZID"] == "Europe/London"
    assert weekly.decoded("dtstart") == datetime(2027, 10, 5, 10, 30, tzinfo=LONDON)
    assert fortnightly.decoded("dtstart") == datetime(2027, 10, 7, 10, 30, tzinfo=LONDON)
    # UNTIL is in UTC because DTSTART names a zone: the end of the last day in London.
    (until,) = weekly["rrule"]["UNTIL"]
    assert until.utcoffset() == timedelta(0)
    assert until == datetime(2027, 12, 14, 23, 59, 59, tzinfo=LONDON)
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/London"
    assert {component.name for component in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert calendar.get_missing_tzids() == set()
    assert all("DTSTAMP" in event for event in (weekly, fortnightly))


def test_a_cancelled_date_is_left_out_of_the_series_and_of_the_next_sessions(public_app):
    activity_id = in_person_activity(public_app)
    give_sessions(public_app, activity_id, TIMETABLES["weekly"], ends_on=LAST_DAY)
    with public_app.test_request_context("/"):
        activity = db.session.get(Activity, activity_id)
        cancel_session(activity, date(2027, 10, 26), "Half term", None, NOW)
        commit()
    calendar, upcoming = _calendar(public_app, activity_id)
    (event,) = events(calendar)
    (exdate,) = [value.dt for value in event["exdate"].dts]
    assert exdate == datetime(2027, 10, 26, 10, 30, tzinfo=LONDON)
    assert event["exdate"].params["TZID"] == "Europe/London"
    sessions = expanded(calendar, datetime.combine(LAST_DAY, datetime.max.time(), LONDON))
    assert datetime(2027, 10, 26, 10, 30) not in sessions
    assert datetime(2027, 10, 19, 10, 30) in sessions
    assert sessions == upcoming


def test_a_cancelled_one_off_session_is_marked_cancelled(public_app):
    activity_id = in_person_activity(public_app)
    give_sessions(public_app, activity_id, TIMETABLES["one-off"])
    with public_app.test_request_context("/"):
        cancel_session(db.session.get(Activity, activity_id), date(2027, 10, 30), "", None, NOW)
        commit()
    calendar, upcoming = _calendar(public_app, activity_id)
    first, second = events(calendar)
    assert str(first["status"]) == "CANCELLED" and "status" not in second
    assert expanded(calendar, datetime(2028, 1, 1, tzinfo=LONDON)) == upcoming
    assert upcoming == [datetime(2027, 11, 6, 10, 30)]


def test_uids_stay_the_same_through_edits_and_come_from_the_public_address(public_app):
    activity_id = in_person_activity(public_app)
    give_sessions(public_app, activity_id, TIMETABLES["weekly"], ends_on=LAST_DAY)
    before, _upcoming = _calendar(public_app, activity_id)
    with public_app.app_context():
        activity = db.session.get(Activity, activity_id)
        public_id = activity.public_id
        operations.write_activity(activity, title="A new title", summary="New words")
        commit()
    after, _upcoming = _calendar(public_app, activity_id)
    (old,), (new,) = events(before), events(after)
    assert str(old["uid"]) == str(new["uid"]) == f"{public_id}-0@{PUBLIC_HOST}"
    assert str(new["summary"]) == "A new title"
    assert new["sequence"] > old["sequence"]


def test_location_geo_url_and_text(public_app):
    activity_id = in_person_activity(public_app)
    give_sessions(public_app, activity_id, TIMETABLES["weekly"], ends_on=LAST_DAY)
    calendar, _upcoming = _calendar(public_app, activity_id)
    (event,) = events(calendar)
    with public_app.app_context():
        activity = db.session.get(Activity, activity_id)
        venue = activity.venue
        assert str(event["location"]) == (
            f"{venue.name}, {venue.address_line}, {venue.town} {venue.postcode}"
        )
        assert event["geo"].latitude == pytest.approx(venue.latitude)
        assert event["geo"].longitude == pytest.approx(venue.longitude)
        assert str(event["summary"]) == activity.title
        assert event["summary"].params["LANGUAGE"] == "en"
        assert activity.summary in str(event["description"])
    assert str(event["url"]) == f"https://{PUBLIC_HOST}/activities/{activity_id}"


def test_an_activity_that_has_ended_has_no_events(public_app):
    activity_id = in_person_activity(public_app)
    give_sessions(public_app, activity_id, TIMETABLES["weekly"], ends_on=date(2027, 9, 1))
    calendar, upcoming = _calendar(public_app, activity_id)
    assert events(calendar) == [] and upcoming == []


def test_the_download_uses_the_public_address_not_the_requests_host(public_app):
    activity_id = in_person_activity(public_app)
    # The test client asks for "localhost", one of the trusted hosts, not the public one.
    response = public_app.test_client().get(f"/activities/{activity_id}/calendar.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="activity-{activity_id}.ics"'
    )
    found = events(parse(response.data))
    assert found
    for event in found:
        assert str(event["uid"]).endswith(f"@{PUBLIC_HOST}")
        assert str(event["url"]) == f"https://{PUBLIC_HOST}/activities/{activity_id}"
    assert "localhost" not in response.get_data(as_text=True)


def test_the_download_is_in_the_pages_language_where_the_listing_is_translated(public_app):
    with public_app.app_context():
        activity = db.session.scalar(
            select(Activity)
            .where(Activity.key.startswith("coffee-morning-"), Activity.status == "published")
            .order_by(Activity.id)
        )
        activity_id = activity.id
        polish = next(row for row in activity.translations if row.language == "pl")
        title, summary = polish.title, polish.summary
    give_sessions(public_app, activity_id, TIMETABLES["weekly"])
    response = public_app.test_client().get(f"/pl/activities/{activity_id}/calendar.ics")
    (event,) = events(parse(response.data))
    assert str(event["summary"]) == title and event["summary"].params["LANGUAGE"] == "pl"
    assert summary in str(event["description"])
    assert str(event["url"]) == f"https://{PUBLIC_HOST}/pl/activities/{activity_id}"
