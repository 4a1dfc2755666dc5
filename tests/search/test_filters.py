"""Every filter, alone and combined, checked against the database's own answer."""

from directory_app.core.extensions import db
from directory_app.domain.schedules import (
    times_of_day,
    timetable_for,
    upcoming_sessions,
    weekday_codes,
)
from directory_app.geo.postcodes import distance_miles, lookup_postcode
from directory_app.models import Activity
from tests.search.helpers import NOW, search


def test_access_requires_every_feature(db_app):
    wanted = ["step-free", "hearing-loop"]
    results, found = search(db_app, access=wanted)
    assert results.total > 0
    assert all(set(wanted) <= a.venue.feature_codes for a in found)
    only_step_free, _ = search(db_app, access=["step-free"])
    assert only_step_free.total > results.total


def test_category(db_app):
    results, found = search(db_app, categories=["money-debt"])
    assert results.total >= 10
    assert all("money-debt" in a.category_codes for a in found)


def test_day_and_time_match_the_schedule(db_app):

    _, found = search(db_app, days=["tue"], times=["evening"])
    assert found
    with db_app.app_context():
        for stale in found:
            activity = db.session.get(Activity, stale.id)
            timetable = timetable_for(activity)
            assert "tue" in weekday_codes(timetable)
            assert "evening" in times_of_day(timetable)


def test_free_only(db_app):
    results, found = search(db_app, free_only=True)
    everything, _ = search(db_app)
    assert 0 < results.total < everything.total
    assert all(a.cost_type == "free" for a in found)


def test_age(db_app):
    _, found = search(db_app, age=14)
    assert found
    for activity in found:
        assert (activity.age_min or 0) <= 14
        assert activity.age_max is None or activity.age_max >= 14
    titles = {a.title for a in found}
    assert any(t.startswith("Youth club") for t in titles)
    _, adults = search(db_app, age=40)
    assert not any(a.title.startswith("Youth club") for a in adults)


def test_audience(db_app):
    _, found = search(db_app, audience="carers")
    assert found

    with db_app.app_context():
        assert all("carers" in db.session.get(Activity, a.id).audience_codes for a in found)


def test_language_spoken(db_app):
    _, found = search(db_app, language="pl")
    assert found

    with db_app.app_context():
        assert all("pl" in db.session.get(Activity, a.id).language_codes for a in found)


def test_online(db_app):
    _, found = search(db_app, online_only=True)
    assert found
    assert all(a.attendance_mode in ("online", "phone", "hybrid") for a in found)


def test_near_keeps_only_the_circle_and_sorts_by_distance(db_app):
    origin = lookup_postcode("E8 1AG")
    results, found = search(db_app, location="E8 1AG", within_miles=1.0, sort="distance")
    assert results.total == len(found) > 0
    distances = [hit.distance_miles for hit in results.hits]
    # Nearest first, with listings that may be out of date after the fresh ones.
    keys = [(a.may_be_out_of_date_on(NOW.date()), d) for a, d in zip(found, distances, strict=True)]
    assert keys == sorted(keys)
    assert all(d <= 1.0 for d in distances)
    for activity, hit in zip(found, results.hits, strict=True):
        exact = distance_miles(
            origin.easting, origin.northing, activity.venue.easting, activity.venue.northing
        )
        assert abs(exact - hit.distance_miles) < 0.01
    # Every published activity within a mile is found (nothing lost to the bounding box).
    _, everything = search(db_app)
    expected = {
        a.id
        for a in everything
        if a.venue
        and distance_miles(origin.easting, origin.northing, a.venue.easting, a.venue.northing)
        <= 1.0
    }
    assert {a.id for a in found} == expected


def test_filters_combine(db_app):
    results, found = search(
        db_app,
        text="coffee",
        location="RM10 7AF",
        within_miles=5.0,
        access=["step-free"],
        free_only=True,
    )
    assert results.total > 0
    for activity in found:
        assert "step-free" in activity.venue.feature_codes
        assert activity.cost_type == "free"
        assert activity.venue.borough == "Barking and Dagenham"


def test_pagination_covers_every_result_once(db_app):
    first, _ = search(db_app, text="group", page_size=5, page=1)
    assert first.total > 10
    seen = []
    for page in range(1, first.page_count + 1):
        results, _ = search(db_app, text="group", page_size=5, page=page)
        seen += [hit.activity_id for hit in results.hits]
    assert len(seen) == len(set(seen)) == first.total


def test_pagination_with_distance(db_app):
    first, _ = search(db_app, location="IG11 7AF", within_miles=3.0, page_size=4, page=1)
    second, _ = search(db_app, location="IG11 7AF", within_miles=3.0, page_size=4, page=2)
    assert first.total == second.total > 8
    assert first.hits[-1].distance_miles <= second.hits[0].distance_miles


def test_sort_by_next_session(db_app):

    results, found = search(db_app, sort="next", page_size=20)
    with db_app.app_context():
        starts = [
            upcoming_sessions(timetable_for(db.session.get(Activity, a.id)), NOW, count=1)[
                0
            ].starts_at
            for a in found
        ]
    assert starts == sorted(starts)


def test_totals_are_exact_whatever_the_page_size(db_app):
    # Whoosh's default collector prunes matchers once its top N is full and can then
    # undercount; the total must not depend on how many results a page shows.
    queries = [
        {"text": "coffee", "free_only": True},
        {"text": "group", "access": ["step-free"], "days": ["tue", "thu"]},
        {"text": "lonely", "times": ["morning"]},
    ]
    for fields in queries:
        full, _ = search(db_app, page_size=500, **fields)
        for page_size in (1, 3):
            assert search(db_app, page_size=page_size, **fields)[0].total == full.total, fields
