"""A feed is someone else's data: every field may be missing, of the wrong type or hostile.

Each bad record is imported beside a good one: the run reports the service and field,
exits with an error, shows no traceback and writes nothing, not even the good record.
"""

import json
from datetime import date

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import roll_back
from directory_app.models import Activity, Organisation, Venue
from directory_app.oruk.importer import import_services
from tests.apps import app_for, build_app
from tests.oruk.test_import import count, run, uk_service, write_json

OTHER_ID = "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b"


def _location(**address):
    service = uk_service()
    service["service_at_locations"][0]["location"]["addresses"][0].update(address)
    return service["service_at_locations"]


HOSTILE = {
    "no name": (dict(name=None), "name: This is missing or empty"),
    "name a number": (dict(name=42), "name: This should be text"),
    "blank name": (dict(name="   \x00 "), "name: This is missing or empty"),
    "id not a uuid": (dict(id="123; DROP TABLE activity"), "id: This should be a UUID"),
    "unknown status": (dict(status="open"), "status: Use one of"),
    "age as text": (dict(minimum_age="twelve"), "minimum_age: This should be a number"),
    "age too old": (dict(maximum_age=500), "maximum_age: Use a whole number from 0 to 120"),
    "age a fraction": (dict(minimum_age=12.5), "minimum_age: Use a whole number"),
    "age true": (dict(minimum_age=True), "minimum_age: This should be a number"),
    "ages crossed": (dict(minimum_age=60, maximum_age=18), "maximum_age: The oldest age"),
    "javascript url": (dict(url="javascript:alert(1)"), "url: Enter a web address"),
    "data url": (dict(url="data:text/html,<script>x</script>"), "url: Enter a web address"),
    "bad email": (dict(email="not an email"), "email: Enter an email address"),
    "schedules a string": (dict(schedules="every tuesday"), "schedules: This should be a list"),
    "schedule a number": (dict(schedules=[7]), "schedules[0]: This should be an object"),
    "no such day": (
        dict(schedules=[{"freq": "WEEKLY", "byday": "XX", "opens_at": "10:00", "closes_at": "11:00"}]),
        "schedules[0].byday: 'XX' is not a day",
    ),
    "time of day 25": (
        dict(schedules=[{"freq": "WEEKLY", "byday": "MO", "opens_at": "25:00", "closes_at": "26:00"}]),
        "schedules[0].opens_at: Use a time like 10:00",
    ),
    "ends before it starts": (
        dict(schedules=[{"freq": "WEEKLY", "byday": "MO", "opens_at": "11:00", "closes_at": "10:00"}]),
        "schedules[0].closes_at: A session must end after it starts",
    ),
    "date that is not one": (
        dict(schedules=[{"dtstart": "2026-02-30", "opens_at": "10:00", "closes_at": "11:00"}]),
        "schedules[0].dtstart: Use a date like 2026-12-01",
    ),
    "locations an object": (dict(service_at_locations={}), "service_at_locations: This should be a list"),
    "organization a string": (dict(organization="Acme"), "organization: This should be an object"),
    "organization without a name": (
        dict(organization={"id": OTHER_ID}), "organization.name: This is missing or empty"
    ),
    "no organization": (dict(organization=None), "organization: Every service needs"),
    "negative price": (dict(cost_options=[{"amount": -5}]), "cost_options[0].amount: Use an amount"),
    "price infinite": (dict(cost_options=[{"amount": 1e400}]), "cost_options[0].amount: This should be a number"),
    "attributes a number": (dict(attributes=3), "attributes: This should be a list"),
    "postcode unknown": (
        dict(service_at_locations=_location(postal_code="ZZ99 9ZZ")),
        "postal_code: This postcode is not in the postcode data",
    ),
    "postcode malformed": (
        dict(service_at_locations=_location(postal_code="<b>E8</b>")),
        "postal_code: Enter a full UK postcode",
    ),
    "postcode a list": (
        dict(service_at_locations=_location(postal_code=["E8 1AG"])),
        "postal_code: This should be text",
    ),
    "last_modified garbage": (dict(last_modified="yesterday"), "last_modified: Use a date and time"),
}  # fmt: skip


@pytest.fixture(scope="module")
def empty_app(tmp_path_factory):
    """One empty database for every case here: none may write to it, which each checks."""
    folder = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{folder / 'empty.sqlite3'}"
    migrating = build_app(folder, url)
    with migrating.app_context():
        upgrade()
        db.engine.dispose()
    yield from app_for(url, folder)


@pytest.mark.parametrize("changes, expected", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_record_is_reported_and_nothing_is_written(
    empty_app, tmp_path, changes, expected
):
    good = uk_service(id=OTHER_ID, service_at_locations=[])
    good["organization"] = dict(good["organization"], id="8f9a0b1c-2d3e-4f40-9b5c-6d7e8f9a0b1c")
    bad = uk_service(**changes)
    result = run(empty_app, write_json(tmp_path, [good, bad]))
    assert result.exit_code != 0
    assert expected in result.output, result.output
    assert "Nothing was imported." in result.output
    assert (
        count(empty_app, Activity),
        count(empty_app, Organisation),
        count(empty_app, Venue),
    ) == (0, 0, 0)


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"<html>not json</html>", "is not JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "is not JSON"),
        (b'{"total_pages": 3}', "holds no service"),
        (b'{"contents": "all of them"}', "contents should be a list"),
        (b"12", "holds no service"),
        (b"[1, null, []]", "Each service should be an object"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_feed_is_refused_clearly(empty_app, tmp_path, content, expected):
    path = tmp_path / "feed.json"
    path.write_bytes(content)
    result = run(empty_app, str(path))
    assert result.exit_code != 0 and expected in result.output, result.output
    assert count(empty_app, Activity) == 0


def test_a_service_twice_in_the_feed_is_reported(empty_app, tmp_path):
    result = run(empty_app, write_json(tmp_path, [uk_service(), uk_service(name="Again")]))
    assert result.exit_code != 0 and "Another service of the feed has this id" in result.output
    assert count(empty_app, Activity) == 0


@pytest.mark.parametrize(
    "source",
    ["file:///etc/passwd", "ftp://example.org/feed", "javascript:alert(1)", "gopher://x/"],
)
def test_only_http_and_https_addresses_are_read(empty_app, source):
    result = run(empty_app, source)
    assert result.exit_code != 0 and "Only http and https" in result.output, result.output


def test_a_missing_file_is_a_clear_error(empty_app, tmp_path):
    result = run(empty_app, str(tmp_path / "nowhere.json"))
    assert result.exit_code != 0 and "cannot be read" in result.output, result.output


def test_a_clash_with_another_listings_id_is_reported(app, tmp_path):
    """The feed's service_at_location id is one of our listings' already: not a crash."""
    with app.app_context():
        ours = db.session.scalar(select(Activity).limit(1))
        taken = str(ours.at_venue_public_id)
    service = uk_service()
    service["service_at_locations"][0]["id"] = taken
    result = run(app, write_json(tmp_path, [service]))
    assert result.exit_code != 0 and "Another of our listings has this id" in result.output


def _leaf_paths(value, path=()):
    """Every place in a JSON value: keys of objects and items of lists, at every depth."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield (*path, key)
            yield from _leaf_paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield (*path, index)
            yield from _leaf_paths(inner, (*path, index))


def _replaced(service: dict, path: tuple, value) -> dict:
    copy = json.loads(json.dumps(service))
    place = copy
    for step in path[:-1]:
        place = place[step]
    place[path[-1]] = value
    return copy


WRONG_VALUES = (None, -1, 2.5, True, "\x00<script>", "9" * 5000, [None], {"a": 1})


def test_any_field_of_any_wrong_type_is_a_report_not_a_traceback(empty_app):
    """Every field of a full service, in turn, given each kind of wrong value: the import
    reports or imports, and what it imports is rolled back."""
    service = uk_service()
    paths = list(_leaf_paths(service))
    outcomes = {"problems": 0, "imported": 0}
    with empty_app.app_context():
        for path in paths:
            for value in WRONG_VALUES:
                report = import_services(
                    [_replaced(service, path, value)],
                    dry_run=False,
                    trusted=True,
                    today=date(2026, 6, 1),
                )
                outcomes["problems" if report.problems else "imported"] += 1
                db.session.flush()
                roll_back()
    assert len(paths) > 80 and outcomes["problems"] > 100 and outcomes["imported"] > 100, outcomes
    assert count(empty_app, Activity) == 0
