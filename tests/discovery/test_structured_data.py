"""schema.org JSON-LD on activity, organisation and venue pages: it parses, says the right
things with full addresses under PUBLIC_URL, and no listing text can break out of it."""

import json
from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.discovery.structured_data import charity_identifier, script_element
from directory_app.models import (
    Activity,
    ActivitySchedule,
    Organisation,
    SessionCancellation,
    Venue,
)
from tests.discovery.helpers import (
    PUBLIC,
    change_activity,
    first_id,
    structured_data,
    the_structured_data,
    walk,
)

HOSTILE = '</script><script>alert(1)</script><!-- \u2028 & "quoted" <img onerror=alert(2)>'


@pytest.fixture(autouse=True)
def public_address(app):
    app.config["PUBLIC_URL"] = PUBLIC


def _weekly_at_a_venue(app) -> int:
    return first_id(
        app,
        Activity.venue_id.is_not(None),
        Activity.attendance_mode == "in-person",
        Activity.schedules.any(ActivitySchedule.frequency == "weekly"),
        ~Activity.schedules.any(ActivitySchedule.frequency != "weekly"),
    )


def _addresses(data) -> list[str]:
    return [
        value
        for path, value in walk(data)
        if path.endswith((".url", ".@id", "]")) and isinstance(value, str) and "://" in value
    ]


def test_a_weekly_activity_is_an_event_series_with_its_schedule_and_place(app, client):
    activity_id = _weekly_at_a_venue(app)
    data = the_structured_data(client, f"/activities/{activity_id}")
    page = f"{PUBLIC}/en/activities/{activity_id}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "EventSeries"
    assert data["url"] == page and data["@id"] == page + "#event"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    [schedule] = data["eventSchedule"]
    assert schedule["@type"] == "Schedule" and schedule["repeatFrequency"] == "P1W"
    assert schedule["byDay"].startswith("https://schema.org/") and schedule["startTime"]
    assert schedule["scheduleTimezone"] == "Europe/London"
    assert data["subEvent"] and all(
        event["startDate"][19:] in ("+00:00", "+01:00") for event in data["subEvent"]
    )
    place = data["location"]
    assert place["@type"] == "Place" and place["url"].startswith(f"{PUBLIC}/en/venues/")
    assert place["address"]["@type"] == "PostalAddress" and place["address"]["postalCode"]
    assert place["address"]["addressCountry"] == "GB"
    assert place["geo"]["@type"] == "GeoCoordinates" and -3 < place["geo"]["longitude"] < 1
    assert data["organizer"]["@type"] == "Organization"
    assert data["organizer"]["url"].startswith(f"{PUBLIC}/en/organisations/")
    assert data["offers"]["@type"] == "Offer" and data["offers"]["priceCurrency"] == "GBP"
    assert isinstance(data["isAccessibleForFree"], bool)
    assert all(address.startswith(PUBLIC + "/") for address in _addresses(data))


def test_empty_fields_are_left_out(app, client):
    activity_id = _weekly_at_a_venue(app)
    change_activity(app, activity_id, age_min=None, age_max=None, cost_notes="")
    data = the_structured_data(client, f"/activities/{activity_id}")
    empty = [path for path, value in walk(data) if value in (None, "", [], {})]
    assert empty == []
    assert "typicalAgeRange" not in data


def test_a_price_ages_and_languages(app, client):
    activity_id = _weekly_at_a_venue(app)
    change_activity(app, activity_id, cost_type="fixed", cost_pence=350, age_min=55, age_max=None)
    data = the_structured_data(client, f"/activities/{activity_id}")
    assert data["offers"]["price"] == "3.50" and data["isAccessibleForFree"] is False
    assert data["typicalAgeRange"] == "55-"
    assert data["audience"]["suggestedMinAge"] == 55


def test_a_hostile_title_cannot_break_out_of_the_script(app, client):
    activity_id = _weekly_at_a_venue(app)
    change_activity(app, activity_id, title=HOSTILE, summary=HOSTILE)
    html = client.get(f"/activities/{activity_id}").get_data(as_text=True)
    assert "<script>alert" not in html and "<!-- " not in html
    assert "onerror=alert" not in html.replace("onerror=alert(2)&gt;", "")
    [data] = structured_data(html)
    assert data["name"] == HOSTILE and data["description"] == HOSTILE
    assert html.count("</script>") == html.count("<script")


def test_the_script_element_escapes_everything_that_could_end_it():
    element = str(script_element({"name": HOSTILE}))
    text = element.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert not set("<>&=\u2028") & set(text)
    assert json.loads(text) == {"name": HOSTILE}


def test_a_translated_listing_is_described_in_the_page_language(app, client):
    with app.app_context():
        activity_id = db.session.scalar(
            select(Activity.id).where(Activity.key.like("coffee-morning-%")).order_by(Activity.id)
        )
    data = the_structured_data(client, f"/pl/activities/{activity_id}")
    assert data["name"].startswith("Kawa i rozmowa")
    assert data["url"] == f"{PUBLIC}/pl/activities/{activity_id}"
    assert data["organizer"]["url"].startswith(f"{PUBLIC}/pl/organisations/")


def test_a_one_off_session_is_an_event_with_its_start_and_end(app, client):
    activity_id = _weekly_at_a_venue(app)
    day = date.today() + timedelta(days=10)
    with app.app_context():
        activity = db.session.get(Activity, activity_id)
        activity.schedules = [
            ActivitySchedule(
                frequency="once", on_date=day, start_time=time(10), end_time=time(12, 30)
            )
        ]
        commit()
    data = the_structured_data(client, f"/activities/{activity_id}")
    assert data["@type"] == "Event" and "eventSchedule" not in data
    assert data["startDate"].startswith(f"{day.isoformat()}T10:00:00+0")
    assert data["endDate"].startswith(f"{day.isoformat()}T12:30:00+0")


def test_a_fortnightly_slot_starts_on_a_day_it_runs(app, client):
    activity_id = _weekly_at_a_venue(app)
    starts_on = date.today() + timedelta(days=30)
    runs_on = starts_on - timedelta(days=3)  # its fortnights fall 11 days after the start
    with app.app_context():
        activity = db.session.get(Activity, activity_id)
        activity.starts_on = starts_on
        activity.schedules = [
            ActivitySchedule(
                frequency="fortnightly", weekday=runs_on.weekday(), on_date=runs_on,
                start_time=time(18), end_time=time(19),
            )
        ]  # fmt: skip
        commit()
    [schedule] = the_structured_data(client, f"/activities/{activity_id}")["eventSchedule"]
    assert schedule["repeatFrequency"] == "P2W"
    assert schedule["startDate"] == (runs_on + timedelta(days=14)).isoformat()


def test_a_cancelled_date_is_an_exception_to_the_schedule(app, client):
    activity_id = _weekly_at_a_venue(app)
    first = the_structured_data(client, f"/activities/{activity_id}")["subEvent"][0]
    day = date.fromisoformat(first["startDate"][:10])
    with app.app_context():
        db.session.add(SessionCancellation(activity_id=activity_id, on_date=day))
        commit()
    data = the_structured_data(client, f"/activities/{activity_id}")
    assert data["eventSchedule"][0]["exceptDate"] == [day.isoformat()]
    assert all(not event["startDate"].startswith(day.isoformat()) for event in data["subEvent"])


def test_an_online_activity_is_somewhere_online(app, client):
    activity_id = first_id(app, Activity.venue_id.is_(None), Activity.attendance_mode == "online")
    data = the_structured_data(client, f"/activities/{activity_id}")
    assert data["location"]["@type"] == "VirtualLocation" and "://" in data["location"]["url"]
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


def test_a_paused_activity_is_postponed_with_no_sessions(app, client):
    with app.app_context():
        activity_id = db.session.scalar(select(Activity.id).where(Activity.status == "paused"))
    data = the_structured_data(client, f"/activities/{activity_id}")
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    assert "subEvent" not in data


def test_an_organisation_page_describes_the_organisation(app, client):
    with app.app_context():
        organisation = db.session.scalar(
            select(Organisation)
            .where(Organisation.charity_number.is_not(None), Organisation.email.is_not(None))
            .order_by(Organisation.id)
        )
        organisation_id, number = organisation.id, organisation.charity_number
    data = the_structured_data(client, f"/organisations/{organisation_id}")
    page = f"{PUBLIC}/en/organisations/{organisation_id}"
    assert data["@type"] == "Organization" and data["url"] == page
    assert data["name"] and data["email"] and data["description"]
    assert data["identifier"] == {"@type": "PropertyValue", "propertyID": "GB-CHC", "value": number}


@pytest.mark.parametrize(
    ("number", "register"),
    [("1181234", "GB-CHC"), ("SC012345", "GB-SC"), ("NIC100001", "GB-NIC")],
)
def test_a_charity_number_names_its_register(number, register):
    assert charity_identifier(number)["propertyID"] == register
    assert charity_identifier("  ") is None


def test_a_venue_page_describes_the_place_and_its_access(app, client):
    with app.app_context():
        venue = db.session.scalar(
            select(Venue).where(Venue.key == "walsall-central-library").order_by(Venue.id)
        )
        venue_id, features = venue.id, len(venue.feature_codes)
    data = the_structured_data(client, f"/ar/venues/{venue_id}")
    assert data["@type"] == "Place" and data["url"] == f"{PUBLIC}/ar/venues/{venue_id}"
    assert data["address"]["addressLocality"] == "Walsall"
    assert len(data["amenityFeature"]) == features
    feature = data["amenityFeature"][0]
    assert feature["@type"] == "LocationFeatureSpecification" and feature["value"] is True
    assert feature["name"] and feature["name"] != "step-free"  # the label, not the code
