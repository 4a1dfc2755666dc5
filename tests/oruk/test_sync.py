"""Keeping a copy of the feed in step: stable ids, ``modified_after``, and withdrawals."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.dates import add_months, local_today
from directory_app.domain.schedules import Slot
from directory_app.listings import operations
from directory_app.models import Activity, Organisation, Venue
from directory_app.oruk.fields import timestamp
from directory_app.oruk.withdrawals import hidden_on

API = "/api/oruk"


def _ids(document) -> list[str]:
    """Every id in a document, depth first."""
    found = []
    if isinstance(document, dict):
        found += [document["id"]] if "id" in document else []
        for value in document.values():
            found += _ids(value)
    elif isinstance(document, list):
        for item in document:
            found += _ids(item)
    return found


def _empty_values(document, path="") -> list[str]:
    """Where a document holds null, "", [] or {}."""
    if document in (None, "", [], {}):
        return [path or "(top)"]
    found = []
    if isinstance(document, dict):
        for name, value in document.items():
            found += _empty_values(value, f"{path}/{name}")
    elif isinstance(document, list):
        for number, item in enumerate(document):
            found += _empty_values(item, f"{path}/{number}")
    return found


def _rich_listing(app) -> Activity:
    """A public listing with a venue, sessions, a contact and a cost, by its key."""
    with app.app_context():
        return db.session.scalar(
            select(Activity.key)
            .where(Activity.status == "published", Activity.venue_id.is_not(None))
            .where(Activity.contact_phone != "", Activity.cost_type == "fixed")
            .order_by(Activity.id)
        )


def _edit(app, key: str, slots=None, **values) -> None:
    with app.app_context():
        activity = db.session.scalar(select(Activity).where(Activity.key == key))
        operations.write_activity(activity, slots=slots, **values)
        commit()


def _public_id(app, key: str) -> str:
    with app.app_context():
        return str(db.session.scalar(select(Activity.public_id).where(Activity.key == key)))


def _listed(client, **query) -> dict:
    body = client.get(f"{API}/services", query_string={"per_page": 1000, **query}).get_json()
    return {service["id"]: service for service in body["contents"]}


def test_ids_stay_the_same_when_a_listing_is_edited(app, client):
    key = _rich_listing(app)
    service_id = _public_id(app, key)
    before = client.get(f"{API}/services/{service_id}").get_json()
    with app.app_context():
        activity = db.session.scalar(select(Activity).where(Activity.key == key))
        first = activity.schedules[0]
        slot = Slot(first.frequency, first.weekday, first.on_date, time(7, 15), time(8, 45))
        rest = [
            Slot(s.frequency, s.weekday, s.on_date, s.start_time, s.end_time)
            for s in activity.schedules[1:]
        ]
    _edit(app, key, slots=[slot, *rest], title="A new title", contact_name="Someone else")
    after = client.get(f"{API}/services/{service_id}").get_json()
    assert after["name"] == "A new title"
    assert after["schedules"][0]["opens_at"] == "07:15"
    assert _ids(after) == _ids(before)
    assert len(set(_ids(before))) > 8  # the service, its sessions, contact, phone, cost, venue…
    assert after["last_modified"] > before["last_modified"]


def test_empty_fields_are_left_out_everywhere(client):
    documents = [client.get(f"{API}/{path}").get_json() for path in (
        "services?per_page=1000&full=true", "service_at_locations?per_page=1000&full=true",
        "organizations?per_page=1000", "taxonomies?per_page=1000", "taxonomy_terms?per_page=1000",
    )]  # fmt: skip
    services = documents[0]["contents"]
    documents += [client.get(f"{API}/services/{service['id']}").get_json() for service in services]
    organisation = documents[2]["contents"][0]["id"]
    documents.append(client.get(f"{API}/organizations/{organisation}?full_service=true").get_json())
    assert [spot for document in documents for spot in _empty_values(document)] == []


def test_modified_after_gives_what_changed_since(app, client):
    key = _rich_listing(app)
    since = datetime.now(UTC)
    assert _listed(client, modified_after=since.isoformat()) == {}
    _edit(app, key, summary="Changed just now.")
    changed = _listed(client, modified_after=since.isoformat())
    assert list(changed) == [_public_id(app, key)]
    assert changed[_public_id(app, key)]["status"] == "active"
    later = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    assert _listed(client, modified_after=later) == {}


def test_a_withdrawn_listing_is_announced_once_then_gone(app, client):
    key = _rich_listing(app)
    service_id = _public_id(app, key)
    since = datetime.now(UTC).isoformat()
    _edit(app, key, status="paused")
    assert service_id not in _listed(client)
    assert client.get(f"{API}/services/{service_id}").status_code == 404
    announced = _listed(client, modified_after=since)[service_id]
    assert set(announced) == {"id", "name", "status", "last_modified"}
    assert announced["status"] == "temporarily closed"

    _edit(app, key, status="archived")
    assert _listed(client, modified_after=since)[service_id]["status"] == "defunct"

    _edit(app, key, status="published")
    back = _listed(client, modified_after=since)[service_id]
    assert back["status"] == "active" and "organization" in back
    assert service_id in _listed(client)


def test_a_listing_hidden_for_being_unconfirmed_is_announced_as_inactive(app, client):
    key = _rich_listing(app)
    service_id = _public_id(app, key)
    with app.app_context():
        today = local_today()
        # Confirmed 15 months and 3 days ago, last edited long before: it was hidden
        # (by time passing, with no row written) a few days ago.
        confirmed = add_months(today, -15) - timedelta(days=3)
        edited = datetime(2020, 1, 1, tzinfo=UTC)
        db.session.execute(
            update(Activity)
            .where(Activity.key == key)
            .values(last_confirmed_on=confirmed, updated_at=edited)
        )
        commit()
        activity = db.session.scalar(select(Activity).where(Activity.key == key))
        hidden_day = hidden_on(activity)
    assert today - timedelta(days=4) < hidden_day <= today
    assert service_id not in _listed(client)

    before_hiding = datetime.combine(hidden_day - timedelta(days=2), time(12), tzinfo=UTC)
    announced = _listed(client, modified_after=before_hiding.isoformat())[service_id]
    assert announced["status"] == "inactive"
    # Hidden at the start of that day, UK time.
    midnight = datetime.combine(hidden_day, time.min, tzinfo=ZoneInfo("Europe/London"))
    assert announced["last_modified"] == timestamp(midnight)
    after_hiding = datetime.combine(hidden_day + timedelta(days=1), time(12), tzinfo=UTC)
    assert service_id not in _listed(client, modified_after=after_hiding.isoformat())


def test_drafts_are_never_mentioned(app, client):
    with app.app_context():
        draft = str(db.session.scalar(select(Activity.public_id).where(Activity.status == "draft")))
    assert draft not in _listed(client, modified_after="2000-01-01T00:00:00Z")


def test_a_search_with_modified_after_gives_public_listings_only(app, client):
    key = _rich_listing(app)
    since = datetime(2000, 1, 1, tzinfo=UTC).isoformat()
    _edit(app, key, status="paused")
    found = _listed(client, search="football", modified_after=since)
    assert found and all(service["status"] == "active" for service in found.values())


def test_hidden_on_steps_past_clamped_month_ends():
    class Listing:
        last_confirmed_on = date(2025, 11, 30)
        created_at = None

    # 30 November + 15 months is 28 February; the listing is hidden from 1 March.
    assert hidden_on(Listing()) == date(2027, 3, 1)
    Listing.last_confirmed_on = date(2025, 6, 10)
    assert hidden_on(Listing()) == date(2026, 9, 10)


def test_a_change_to_the_group_or_the_venue_is_a_change_to_the_service(app, client):
    """``last_modified`` covers "any related information": the organisation and the venue."""
    key = _rich_listing(app)
    service_id = _public_id(app, key)
    with app.app_context():
        activity = db.session.scalar(select(Activity).where(Activity.key == key))
        organisation_key, venue_key = activity.organisation.key, activity.venue.key
    for model, record_key, change in (
        (Organisation, organisation_key, {"description": "A new description."}),
        (Venue, venue_key, {"getting_there": "Take the 38 bus."}),
    ):
        since = datetime.now(UTC).isoformat()
        with app.app_context():
            record = db.session.scalar(select(model).where(model.key == record_key))
            write = (
                operations.write_organisation if model is Organisation else operations.write_venue
            )
            write(record, **change)
            commit()
        assert service_id in _listed(client, modified_after=since), model.__name__
