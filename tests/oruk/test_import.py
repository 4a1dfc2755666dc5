"""``flask listings import-oruk``: the standard's own examples and a UK service, mapped.

Moderation is in ``test_import_moderation``, hostile records in ``test_import_hostile``, a
feed served over HTTP in ``test_import_http`` and the round trip through our own export in
``test_import_round_trip``. The helpers here are shared by them.
"""

import copy
import json
import uuid
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.models import Activity, ListingChange, Organisation, Venue
from tests.oruk.standard import schema_folder

SERVICE_ID = "6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f"
ORG_ID = "1b2c3d4e-5f60-4a1b-8c2d-3e4f5a6b7c8d"
LINK_ID = "2c3d4e5f-6071-4b2c-9d3e-4f5a6b7c8d9e"
LOCATION_ID = "3d4e5f60-7182-4c3d-8e4f-5a6b7c8d9e0f"


def shared_oruk() -> Path | None:
    """The standard's folder (the one holding ``schema`` and ``examples``), or None."""
    schema = schema_folder()
    folder = schema.parent if schema is not None else None
    return folder if folder is not None and (folder / "examples").is_dir() else None


def example(name: str) -> Path:
    folder = shared_oruk()
    if folder is None:
        pytest.skip("The Open Referral UK examples (shared/oruk/examples) are not on this machine")
    return folder / "examples" / name


def uk_service(**changes) -> dict:
    """A full service of the kind a neighbouring directory publishes."""
    service = {
        "id": SERVICE_ID,
        "name": "Chair yoga",
        "description": "Gentle yoga sitting on a chair.\n\nBring a bottle of water.",
        "status": "active",
        "url": "https://yoga.example.org/chair",
        "email": "yoga@example.org",
        "minimum_age": 55,
        "last_modified": "2026-01-10T10:00:00Z",
        "assured_date": "2026-01-05",
        "organization": {
            "id": ORG_ID,
            "name": "Walsall Yoga Friends",
            "description": "Volunteers teaching yoga.",
            "organization_identifiers": [
                {"id": str(uuid.uuid4()), "identifier_scheme": "GB-CHC", "identifier": "1190001"}
            ],
        },
        "service_at_locations": [
            {
                "id": LINK_ID,
                "location": {
                    "id": LOCATION_ID,
                    "location_type": "physical",
                    "name": "Walsall Central Library",
                    "description": "Buses 4 and 5 stop outside.",
                    "addresses": [
                        {
                            "id": str(uuid.uuid4()),
                            "address_1": "Lichfield Street",
                            "city": "Walsall",
                            "state_province": "Walsall",
                            "postal_code": "ws1 1da",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                    "accessibility": [
                        {"id": str(uuid.uuid4()), "description": "Step-free access"},
                        {"id": str(uuid.uuid4()), "details": "Lift to every floor."},
                    ],
                },
            }
        ],
        "schedules": [
            {"id": str(uuid.uuid4()), "freq": "WEEKLY", "interval": 1, "byday": "TU",
             "opens_at": "10:00", "closes_at": "11:00:00", "notes": "Not in August."},
            {"id": str(uuid.uuid4()), "freq": "WEEKLY", "interval": 2, "byday": "FR",
             "dtstart": "2026-01-07", "opens_at": "14:00", "closes_at": "15:30"},
            {"id": str(uuid.uuid4()), "dtstart": "2026-03-01", "opens_at": "12:00",
             "closes_at": "13:00"},
            {"id": str(uuid.uuid4()), "freq": "MONTHLY", "byday": "1MO",
             "description": "First Monday of the month", "opens_at": "10:00", "closes_at": "11:00"},
        ],  # fmt: skip
        "cost_options": [{"id": str(uuid.uuid4()), "amount": 3, "option": "Per session"}],
        "languages": [{"id": str(uuid.uuid4()), "code": "pl"}, {"id": str(uuid.uuid4()), "name": "English"}],
        "contacts": [
            {"id": str(uuid.uuid4()), "name": "Sam", "phones": [{"id": str(uuid.uuid4()), "number": "01922 650000"}]}
        ],
        "attributes": [
            {"id": str(uuid.uuid4()), "taxonomy_term": {"id": str(uuid.uuid4()), "name": "Physical activity and sport", "taxonomy": "Categories"}},
            {"id": str(uuid.uuid4()), "taxonomy_term": {"id": str(uuid.uuid4()), "name": "x", "term_uri": "https://elsewhere.example/search?for=over-55s"}},
            {"id": str(uuid.uuid4()), "taxonomy_term": {"id": str(uuid.uuid4()), "name": "Yoga", "taxonomy": "Their own"}},
        ],
    }  # fmt: skip
    service.update(changes)
    return service


def write_json(folder: Path, data, name: str = "feed.json") -> str:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["listings", "import-oruk", *args])
    # A refusal is a ClickException (SystemExit after its message), never a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def imported_activity(app, service_id: str = SERVICE_ID):
    return db.session.scalar(select(Activity).where(Activity.public_id == uuid.UUID(service_id)))


def test_the_standards_full_service_imports_once(empty_app):
    path = str(example("service_full.json"))
    result = run(empty_app, path, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "1 new, 0 updated, 0 unchanged" in result.output and "Nothing written" in result.output
    assert count(empty_app, Activity) == 0

    result = run(empty_app, path)
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output and "1 waiting for a moderator" in result.output
    # Its only location is in the US: left out, and said so, not guessed.
    assert "Outside the UK" in result.output and "support-groups" in result.output
    with empty_app.app_context():
        activity = imported_activity(empty_app, "ac148810-d857-441c-9679-408f346de14b")
        assert activity.key == "oruk-ac148810-d857-441c-9679-408f346de14b"
        assert (activity.title, activity.status, activity.venue) == (
            "Community Counselling",
            "draft",
            None,
        )
        assert activity.organisation.name == "Example Organization Inc."
        assert str(activity.organisation.public_id) == "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
        assert (activity.age_min, activity.age_max) == (12, 100)
        assert (activity.cost_type, activity.cost_pence) == ("fixed", 3500)
        assert activity.category_codes == ["support-groups"]
        assert [(s.frequency, s.weekday, s.start_time, s.end_time) for s in activity.schedules] == [
            ("weekly", 3, time(10), time(18)),
            ("weekly", 4, time(10), time(18)),
        ]
        assert activity.last_confirmed_on == date(2005, 1, 1)

    again = run(empty_app, path)
    assert again.exit_code == 0 and "0 new, 0 updated, 1 unchanged" in again.output
    listed = run(empty_app, str(example("service_list.json")))
    assert listed.exit_code == 0 and "0 new, 0 updated, 1 unchanged" in listed.output
    assert (count(empty_app, Activity), count(empty_app, Organisation)) == (1, 1)
    assert count(empty_app, ListingChange) == 1


def test_a_newer_copy_updates_without_duplicating(empty_app, tmp_path):
    data = json.loads(example("service_full.json").read_text("utf-8"))
    data["name"] = "Community Counselling (evenings)"
    data["last_modified"] = "2030-01-01T00:00:00Z"
    data.pop("schedules")  # left out: ours stay as they are
    first = run(empty_app, str(example("service_full.json")))
    assert first.exit_code == 0, first.output
    result = run(empty_app, write_json(tmp_path, {"contents": [data]}))
    assert result.exit_code == 0 and "0 new, 1 updated" in result.output, result.output
    with empty_app.app_context():
        activity = imported_activity(empty_app, data["id"])
        assert activity.title == "Community Counselling (evenings)"
        assert len(activity.schedules) == 2
    assert (count(empty_app, Activity), count(empty_app, ListingChange)) == (1, 1)


def test_a_uk_service_maps_onto_our_listing(empty_app, tmp_path):
    result = run(empty_app, write_json(tmp_path, [uk_service()]), "--trusted")
    assert result.exit_code == 0, result.output
    assert "'Yoga'" in result.output  # not a category of ours; the first Monday is a session now
    with empty_app.app_context():
        activity = imported_activity(empty_app)
        assert activity.status == "published" and count(empty_app, ListingChange) == 0
        assert activity.summary == "Gentle yoga sitting on a chair."
        assert activity.description.endswith("Bring a bottle of water.")
        assert (activity.contact_name, activity.contact_phone) == ("Sam", "01922 650000")
        assert activity.contact_website == "https://yoga.example.org/chair"
        assert (activity.age_min, activity.age_max, activity.cost_pence) == (55, None, 300)
        assert activity.category_codes == ["physical-activity"]
        assert activity.audience_codes == ["over-55s"]
        assert activity.language_codes == ["pl", "en"]
        assert activity.schedule_notes == "Not in August."
        assert [(s.frequency, s.weekday, s.on_date) for s in activity.schedules] == [
            ("weekly", 1, None),
            ("fortnightly", 4, date(2026, 1, 9)),
            ("once", 6, date(2026, 3, 1)),
            ("monthly", 0, None),
        ]
        assert str(activity.at_venue_public_id) == LINK_ID
        venue = activity.venue
        assert (venue.key, str(venue.public_id)) == (f"oruk-{LOCATION_ID}", LOCATION_ID)
        assert (venue.postcode, venue.borough, venue.town) == ("WS1 1DA", "Walsall", "Walsall")
        assert venue.easting and venue.latitude  # from the postcode, not the feed
        assert venue.feature_codes == {"step-free"}
        assert venue.accessibility_detail == "Lift to every floor."
        assert venue.getting_there == "Buses 4 and 5 stop outside."
        assert activity.organisation.charity_number == "1190001"


def test_a_service_may_name_its_organisation_by_id_alone(empty_app, tmp_path):
    """Its organisation is nested in another service of the feed (here, a later one)."""
    second = uk_service(id=str(uuid.uuid4()), name="Chair yoga (Fridays)", organization_id=ORG_ID)
    del second["organization"]
    second["service_at_locations"] = []
    result = run(empty_app, write_json(tmp_path, [second, uk_service()]), "--trusted")
    assert result.exit_code == 0 and "2 new" in result.output, result.output
    with empty_app.app_context():
        assert (
            imported_activity(empty_app, second["id"]).organisation.name == "Walsall Yoga Friends"
        )
    assert count(empty_app, Organisation) == 1
    alone = uk_service(
        id=str(uuid.uuid4()),
        organization_id=str(uuid.uuid4()),
        organization=None,
        service_at_locations=[],
    )
    result = run(empty_app, write_json(tmp_path, [alone]))
    assert result.exit_code != 0 and "neither in the feed nor ours" in result.output, result.output


def test_markup_is_kept_as_text_and_shown_escaped(empty_app, tmp_path):
    service = uk_service(name="<script>alert(1)</script>Yoga\x00", description="<b>Bold</b>")
    result = run(empty_app, write_json(tmp_path, [service]), "--trusted")
    assert result.exit_code == 0, result.output
    with empty_app.app_context():
        activity = imported_activity(empty_app)
        assert activity.title == "<script>alert(1)</script>Yoga"
        activity_id = activity.id
    page = empty_app.test_client().get(f"/activities/{activity_id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_long_text_is_cut_to_the_columns(empty_app, tmp_path):
    service = uk_service(name="Yoga " * 100, description="word " * 5000)
    service["organization"] = copy.deepcopy(service["organization"]) | {"name": "Org " * 100}
    result = run(empty_app, write_json(tmp_path, [service]))
    assert result.exit_code == 0 and "Cut to 200 characters" in result.output, result.output
    with empty_app.app_context():
        activity = imported_activity(empty_app)
        assert len(activity.title) <= 200 and len(activity.summary) <= 300
        assert len(activity.organisation.name) <= 200
    assert count(empty_app, Venue) == 1
