"""The list filters and paging, on the demo data, against answers worked out in Python."""

import math
from datetime import time
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.domain.dates import local_today
from directory_app.geo.postcodes import lookup_postcode
from directory_app.models import Activity
from directory_app.oruk.identifiers import taxonomy_id, term_id

API = "/api/oruk"


def _ids(client, path: str = "/services", **query) -> list[str]:
    body = client.get(API + path, query_string={"per_page": 1000, **query}).get_json()
    assert body["total_items"] == len(body["contents"]), body
    return [item["id"] for item in body["contents"]]


def _snapshot(activity) -> SimpleNamespace:
    """What the tests' rules read of a listing, copied out of the database session."""
    venue = activity.venue
    return SimpleNamespace(
        id=activity.id,
        public_id=activity.public_id,
        at_venue_public_id=activity.at_venue_public_id,
        organisation_id=activity.organisation_id,
        organisation_public_id=activity.organisation.public_id,
        title=activity.title,
        age_min=activity.age_min,
        age_max=activity.age_max,
        category_codes=activity.category_codes,
        audience_codes=activity.audience_codes,
        sessions=[
            (s.on_date.weekday() if s.frequency == "once" else s.weekday, s.start_time, s.end_time)
            for s in activity.schedules
        ],
        venue=venue
        and SimpleNamespace(
            id=venue.id,
            public_id=venue.public_id,
            easting=venue.easting,
            northing=venue.northing,
            postcode=venue.postcode,
            borough=venue.borough,
            feature_codes=venue.feature_codes,
        ),
    )


@pytest.fixture
def public(app):
    """Every public listing, as the Python rules (not the feed's SQL) decide."""
    with app.app_context():
        today = local_today()
        activities = db.session.scalars(select(Activity).order_by(Activity.id)).all()
        return [
            _snapshot(a)
            for a in activities
            if a.status == "published" and not a.hidden_from_public_on(today)
        ]


def _expect(public, rule) -> list[str]:
    return [str(activity.public_id) for activity in public if rule(activity)]


def test_the_plain_list_is_every_public_listing_in_a_stable_order(client, public):
    assert _ids(client) == _expect(public, lambda a: True)


def test_pages_put_together_are_the_whole_list(client, public):
    pages, page, per_page = [], 1, 7
    while True:
        body = client.get(f"{API}/services?page={page}&per_page={per_page}").get_json()
        pages += [service["id"] for service in body["contents"]]
        if body["last_page"]:
            break
        page += 1
    assert page == math.ceil(len(public) / per_page)
    assert pages == _ids(client)
    beyond = client.get(f"{API}/services?page={page + 5}&per_page={per_page}").get_json()
    assert beyond["contents"] == [] and beyond["empty"] and beyond["last_page"]


@pytest.mark.parametrize(
    "taxonomy, code, rule",
    [
        ("categories", "physical-activity", lambda a: "physical-activity" in a.category_codes),
        ("audiences", "over-55s", lambda a: "over-55s" in a.audience_codes),
        (
            "accessibility",
            "hearing-loop",
            lambda a: bool(a.venue) and "hearing-loop" in a.venue.feature_codes,
        ),
    ],
)
def test_a_taxonomy_term_picks_its_listings(client, public, taxonomy, code, rule):
    expected = _expect(public, rule)
    assert expected
    assert _ids(client, taxonomy_term_id=str(term_id(taxonomy, code))) == expected


def test_a_taxonomy_picks_listings_with_any_of_its_terms(client, public):
    with_access = _expect(public, lambda a: a.venue is not None and a.venue.feature_codes)
    assert _ids(client, taxonomy_id=str(taxonomy_id("accessibility"))) == with_access
    with_category = _expect(public, lambda a: bool(a.category_codes))
    assert _ids(client, taxonomy_id=str(taxonomy_id("categories"))) == with_category


def test_an_unknown_term_or_taxonomy_matches_nothing(client):
    unknown = "00000000-0000-4000-8000-000000000000"
    assert _ids(client, taxonomy_term_id=unknown) == []
    assert _ids(client, taxonomy_id=unknown) == []
    assert _ids(client, organization_id=unknown) == []


def test_an_organization_picks_its_listings(client, public):
    first = public[0]
    expected = _expect(public, lambda a: a.organisation_id == first.organisation_id)
    assert len(expected) > 1
    assert _ids(client, organization_id=str(first.organisation_public_id)) == expected


def test_ages_follow_the_standard(client, public):
    at_least_50 = _expect(public, lambda a: (a.age_min or 0) >= 50)
    at_most_25 = _expect(public, lambda a: a.age_max is not None and a.age_max <= 25)
    assert at_least_50 and at_most_25
    assert _ids(client, minimum_age="50") == at_least_50
    assert _ids(client, maximum_age="25") == at_most_25
    assert _ids(client, minimum_age="0") == _expect(public, lambda a: True)


def _sessions(activity):
    return activity.sessions


def test_days_and_times_pick_listings_with_such_a_session(client, public):
    thursday = _expect(public, lambda a: any(day == 3 for day, _s, _e in _sessions(a)))
    assert thursday
    assert _ids(client, day="TH") == thursday
    assert _ids(client, day="Thursday") == thursday
    evening = _expect(public, lambda a: any(start >= time(18) for _d, start, _e in _sessions(a)))
    assert evening and _ids(client, start_time="18:00") == evening
    by_noon = _expect(public, lambda a: any(end <= time(12) for _d, _s, end in _sessions(a)))
    assert by_noon and _ids(client, end_time="12:00") == by_noon
    # Together, one session must meet them all.
    tuesday_morning = _expect(
        public,
        lambda a: any(d == 1 and s >= time(9) and e <= time(12) for d, s, e in _sessions(a)),
    )
    assert tuesday_morning
    assert _ids(client, day="TU", start_time="09:00", end_time="12:00") == tuesday_morning


def test_proximity_picks_venues_within_the_distance_nearest_first(client, public):
    held = [a for a in public if a.venue is not None]
    centre = next(a.venue for a in held if a.venue.borough == "Hackney")
    point = lookup_postcode(centre.postcode)

    def metres(activity):
        venue = activity.venue
        return math.hypot(venue.easting - point.easting, venue.northing - point.northing)

    near = sorted((a for a in held if metres(a) <= 1500), key=lambda a: (metres(a), a.id))
    assert len({a.venue.id for a in near}) > 2
    found = _ids(client, postcode=centre.postcode, proximity="1500")
    assert found == [str(activity.public_id) for activity in near]
    # A postcode alone narrows nothing: no service areas are published.
    assert _ids(client, postcode=centre.postcode) == _ids(client)


def test_search_uses_the_sites_own_search(client, public):
    found = _ids(client, search="walking football")
    football = set(_expect(public, lambda a: "walking football" in a.title.lower()))
    assert football and football <= set(found)
    assert set(found) <= set(_expect(public, lambda a: True))
    # Filters narrow a search too.
    women = str(term_id("audiences", "women"))
    assert set(_ids(client, search="walking football", taxonomy_term_id=women)) <= set(found)


def test_services_at_locations_are_the_listings_held_at_a_venue(client, public):
    held = [a for a in public if a.venue is not None]
    body = client.get(f"{API}/service_at_locations?per_page=1000").get_json()
    assert [item["id"] for item in body["contents"]] == [str(a.at_venue_public_id) for a in held]
    first = body["contents"][0]
    assert first["service"]["id"] == str(held[0].public_id)
    assert first["location"]["id"] == str(held[0].venue.public_id)
    filtered = _ids(client, "/service_at_locations", day="SA")
    assert filtered == [
        str(a.at_venue_public_id) for a in held if any(d == 5 for d, _s, _e in _sessions(a))
    ]


def test_organizations_are_those_with_public_listings(client, public):
    with_listings = sorted({a.organisation_id for a in public})
    listed = client.get(f"{API}/organizations?per_page=1000").get_json()
    assert listed["total_items"] == len(with_listings)
    organisation = listed["contents"][0]
    record = client.get(f"{API}/organizations/{organisation['id']}").get_json()
    assert record["services"] and all("organization" not in s for s in record["services"])
    full = client.get(f"{API}/organizations/{organisation['id']}?full_service=true").get_json()
    assert [s["id"] for s in full["services"]] == [s["id"] for s in record["services"]]


def test_minimal_and_full_lists(client):
    minimal = client.get(f"{API}/services?per_page=3&minimal=true").get_json()["contents"]
    assert all("organization" not in service for service in minimal)
    full = client.get(f"{API}/services?per_page=3&full=true").get_json()["contents"]
    one = client.get(f"{API}/services/{full[0]['id']}").get_json()
    assert full[0] == one
    assert "schedules" in one and "organization_identifiers" in one["organization"]
