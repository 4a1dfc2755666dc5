"""The SessionSeries feed on the demo data: order, paging, deletions and stable ids."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.dates import utcnow
from directory_app.listings import operations
from directory_app.models import Activity, Organisation, Venue
from directory_app.openactive.eligibility import hidden_from
from directory_app.openactive.rpde import RETENTION, SETTLE, Position, microseconds
from directory_app.openactive.series_feed import series_page
from tests.openactive.feeds import by_id, read, read_over_http

LONDON = ZoneInfo("Europe/London")
WALKING_FOOTBALL = "Walking football in Short Heath"


def _later():
    """A moment at which the feed shows every change committed so far."""
    return utcnow() + SETTLE + timedelta(seconds=1)


def _activity(title: str) -> Activity:
    return db.session.scalar(select(Activity).where(Activity.title == title))


def _series(now=None) -> dict[str, dict]:
    return by_id(read(series_page, now or _later()))


def test_every_published_physical_listing_is_a_session_series(app):
    with app.app_context():
        items = _series()
        published = [item for item in items.values() if item["state"] == "updated"]
        titles = {item["data"]["name"] for item in published}
        assert WALKING_FOOTBALL in titles
        assert "Chair yoga in Stoke Newington" in titles
        assert "Community gardening group in Dalston" in titles  # gardening counts
        assert "Dance for health in Parsloes" not in titles  # paused
        assert "Chair yoga in Aldridge" not in titles  # a draft
        assert not any("Debt" in title or "coffee" in title.lower() for title in titles)
        football = _activity(WALKING_FOOTBALL)
        item = items[str(football.public_id)]
        assert item["kind"] == "SessionSeries"
        assert item["modified"] == microseconds(football.updated_at)


def test_the_data_of_a_series(app):
    with app.app_context():
        football = _activity(WALKING_FOOTBALL)
        data = _series()[str(football.public_id)]["data"]
        base = app.config["PUBLIC_URL"]
        assert data["@context"] == "https://openactive.io/"
        assert data["@type"] == "SessionSeries"
        assert data["@id"] == f"{base}/openactive/session-series/{football.public_id}"
        assert data["url"] == f"{base}/activities/{football.id}"
        assert data["offers"] == [
            {
                "@type": "Offer",
                "@id": data["@id"] + "#/offers/0",
                "name": "Fixed price",
                "price": 3.0,
                "priceCurrency": "GBP",
                "description": football.cost_notes,
                "url": data["url"],
            }
        ]
        assert "isAccessibleForFree" not in data
        assert data["ageRange"] == {"@type": "QuantitativeValue", "minValue": 50}
        assert data["activity"][0]["@id"] == (
            "https://openactive.io/activity-list#b8019b67-2ade-406f-a012-91a5c3869652"
        )
        assert data["activity"][0]["prefLabel"] == "Walking Football"
        assert data["organizer"]["name"] == football.organisation.name
        assert data["organizer"]["email"] == football.organisation.email
        place = data["location"]
        assert place["name"] == football.venue.name
        assert place["address"] == {
            "@type": "PostalAddress",
            "streetAddress": football.venue.address_line,
            "addressLocality": football.venue.town,
            "addressRegion": football.venue.borough,
            "postalCode": football.venue.postcode,
            "addressCountry": "GB",
        }
        assert place["geo"]["latitude"] == pytest.approx(football.venue.latitude)
        assert data["eventSchedule"] == [
            {
                "@type": "Schedule",
                "scheduledEventType": "ScheduledSession",
                "startTime": "09:30",
                "endTime": "11:00",
                "duration": "PT1H30M",
                "scheduleTimezone": "Europe/London",
                "idTemplate": data["@id"] + "/sessions/{startDate}",
                "repeatFrequency": "P1W",
                "byDay": ["https://schema.org/Thursday"],
            }
        ]


def test_free_listings_cost_nothing_and_amenities_use_openactive_types(app):
    with app.app_context():
        yoga = _activity("Chair yoga in Stoke Newington")
        operations.write_venue(yoga.venue, access_features=["step-free", "parking", "lift"])
        commit()
        data = _series()[str(yoga.public_id)]["data"]
        assert data["offers"][0]["price"] == 0
        assert data["isAccessibleForFree"] is True
        assert data["location"]["amenityFeature"] == [
            {"@type": "Parking", "name": "Parking", "value": True}
        ]
        assert data["accessibilityInformation"].startswith("Step-free access; Lift; Parking.")


def test_the_feed_pages_to_its_end_in_order(app):
    with app.app_context():
        now = _later()
        everything = read(series_page, now)
        in_fives = read(series_page, now, limit=5)
    assert in_fives == everything
    assert len(everything) > 5
    assert any(item["state"] == "deleted" for item in everything)


def test_over_http_the_pages_link_up_and_the_last_points_to_itself(feeds_app):
    client = feeds_app.test_client()
    with feeds_app.app_context():
        expected = read(series_page, utcnow())
    assert read_over_http(client, "/openactive/session-series?limit=7") == expected
    assert read_over_http(client, "/openactive/session-series") == expected
    assert client.get("/openactive/session-series").content_type == "application/json"


@pytest.mark.parametrize(
    "change",
    [
        {"status": "archived"},
        {"status": "paused"},
        {"status": "draft"},
        {"attendance_mode": "online", "venue": None},
        {"categories": ["social-befriending"]},
    ],
    ids=["archived", "paused", "unpublished", "moved-online", "no-longer-physical"],
)
def test_a_listing_that_leaves_is_deleted_with_the_same_id(app, change):
    with app.app_context():
        football = _activity(WALKING_FOOTBALL)
        item_id = str(football.public_id)
        before = _series()[item_id]
        operations.write_activity(football, **change)
        commit()
        after = _series()[item_id]
        assert after == {
            "state": "deleted",
            "kind": "SessionSeries",
            "id": item_id,
            "modified": after["modified"],
        }
        assert after["modified"] > before["modified"]
        # It moved to the end: nothing changed since comes after it.
        assert read(series_page, _later())[-1]["id"] == item_id


def test_a_deleted_listing_leaves_the_feed_after_the_retention_period(app):
    with app.app_context():
        football = _activity(WALKING_FOOTBALL)
        operations.write_activity(football, status="archived")
        commit()
        item_id = str(football.public_id)
        assert item_id in _series(_later() + RETENTION - timedelta(minutes=1))
        assert item_id not in _series(_later() + RETENTION + timedelta(minutes=1))


def test_edits_to_the_listing_venue_organisation_and_sessions_move_it_on(app):
    with app.app_context():
        football = _activity(WALKING_FOOTBALL)
        item_id = str(football.public_id)
        edits = [
            lambda: operations.write_activity(football, title="Walking football, Short Heath"),
            lambda: operations.write_venue(football.venue, getting_there="Bus 301."),
            lambda: operations.write_venue(football.venue, access_features=["hearing-loop"]),
            lambda: operations.write_organisation(football.organisation, phone="01922 000000"),
            lambda: operations.write_activity(football, categories=["physical-activity"]),
            lambda: operations.write_translation(football, "pl", {"title": "Piłka nożna"}),
        ]
        seen = [_series()[item_id]]
        for edit in edits:
            edit()
            commit()
            seen.append(_series()[item_id])
        modified = [item["modified"] for item in seen]
        assert modified == sorted(modified) and len(set(modified)) == len(modified)
        assert {item["data"]["@id"] for item in seen} == {seen[0]["data"]["@id"]}
        assert seen[-1]["data"]["organizer"]["telephone"] == "01922 000000"
        assert seen[-1]["data"]["location"]["description"] == "Bus 301."


def test_an_edit_to_a_shared_venue_moves_every_listing_held_there(app):
    with app.app_context():
        football = _activity(WALKING_FOOTBALL)
        venue = db.session.get(Venue, football.venue_id)
        others = [str(a.public_id) for a in venue.activities]
        before = _series()
        operations.write_venue(venue, name=venue.name + " (main hall)")
        commit()
        after = _series()
        for item_id in others:
            assert after[item_id]["modified"] > before[item_id]["modified"]


def test_a_listing_hidden_for_being_unconfirmed_is_deleted_at_that_moment(app):
    with app.app_context():
        football = _activity(WALKING_FOOTBALL)
        item_id = str(football.public_id)
        confirmed = date.today() - timedelta(days=400)
        operations.write_activity(football, last_confirmed_on=confirmed)
        commit()
        hidden_at = hidden_from(confirmed, LONDON)
        assert hidden_at == datetime.combine(hidden_at.date(), time.min, tzinfo=LONDON)
        assert hidden_at > _later()
        just_before = _series(hidden_at - timedelta(seconds=1) + SETTLE)
        assert just_before[item_id]["state"] == "updated"
        # A consumer that read to the end just before it was hidden…
        position = read(series_page, hidden_at - timedelta(seconds=1) + SETTLE)[-1]
        after = _series(hidden_at + SETTLE)
        assert after[item_id]["state"] == "deleted"
        assert after[item_id]["modified"] == microseconds(hidden_at)
        # …finds the deletion after the position it had reached, without anything written.
        later = read(
            series_page, hidden_at + SETTLE, after=Position(position["modified"], position["id"])
        )
        assert item_id in [item["id"] for item in later]


def test_a_change_shows_once_settled_and_the_item_is_absent_meanwhile(app):
    with app.app_context():
        football = _activity(WALKING_FOOTBALL)
        operations.write_activity(football, status="archived")
        commit()
        now = utcnow()
        # Its transaction might not have been the last to commit: nothing is shown at the
        # new position until SETTLE has passed, and the old version is gone.
        assert str(football.public_id) not in _series(now)
        assert _series(now + SETTLE + timedelta(seconds=1))[str(football.public_id)]["state"] == (
            "deleted"
        )


def test_organisation_without_a_website_links_to_its_directory_page(app):
    with app.app_context():
        football = _activity(WALKING_FOOTBALL)
        organisation = db.session.get(Organisation, football.organisation_id)
        operations.write_organisation(organisation, website=None)
        commit()
        data = _series()[str(football.public_id)]["data"]
        assert data["organizer"]["url"] == (
            f"{app.config['PUBLIC_URL']}/organisations/{organisation.id}"
        )
