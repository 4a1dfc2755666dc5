"""A round trip: the demo directory's own feed (``/api/oruk``), imported into an empty one.

What survives is compared field by field for every listing in the feed. What does not, and
why (each is a choice of the feed, not a loss in the import):

- drafts, paused and archived listings: the public feed holds published listings only;
- translations into other languages: the feed is in English;
- a venue's neighbourhood: the feed leaves the address's ``region`` out;
- an organisation's phone: the feed has no place for it;
- an empty contact website: the feed's service ``url`` is then the listing's page with us,
  which comes back as the website; booking notes: the feed writes them into
  ``application_process`` with the first-visit text, and both come back as the first visit
  (the demo data has no booking notes and every listing a website);
- schedule notes and the attendance mode of a listing with no sessions: the feed carries them
  on its schedules (the demo listings all have sessions).
"""

import json
import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.models import Activity, ListingChange
from tests.apps import app_for, build_app
from tests.oruk.test_import import run

SURVIVING = (
    "public_id", "title", "summary", "description", "first_visit", "status", "text_language",
    "organisation", "organisation_id", "organisation_description", "organisation_email",
    "organisation_website", "charity_number", "postcode", "venue_id", "at_venue_id", "venue",
    "address", "town", "borough", "getting_there", "access_detail", "access_features",
    "schedules", "dates", "categories", "audiences", "languages", "ages", "cost", "cost_notes",
    "attendance_mode", "contact", "website", "audience_notes", "booking_required",
    "schedule_notes", "last_confirmed_on",
)  # fmt: skip


def _fortnight(slot):
    """A fortnightly slot is the same series whichever of its dates it is anchored on."""
    if slot.frequency != "fortnightly":
        return slot.on_date if slot.frequency == "once" else None
    return (slot.on_date.toordinal() // 7) % 2


def snapshot(activity) -> dict:
    venue, organisation = activity.venue, activity.organisation
    return {
        "public_id": activity.public_id,
        "title": activity.title,
        "summary": activity.summary,
        "description": activity.description,
        "first_visit": activity.first_visit,
        "status": activity.status,
        "text_language": activity.text_language,
        "organisation": organisation.name,
        "organisation_id": organisation.public_id,
        "organisation_description": organisation.description,
        "organisation_email": organisation.email,
        "organisation_website": organisation.website,
        "charity_number": organisation.charity_number,
        "postcode": venue and venue.postcode,
        "venue_id": venue and venue.public_id,
        "at_venue_id": venue and activity.at_venue_public_id,
        "venue": venue and venue.name,
        "address": venue and venue.address_line,
        "town": venue and venue.town,
        "borough": venue and venue.borough,
        "getting_there": venue and venue.getting_there,
        "access_detail": venue and venue.accessibility_detail,
        "access_features": venue and sorted(venue.feature_codes),
        "schedules": [
            (s.frequency, s.weekday, _fortnight(s), s.start_time, s.end_time)
            for s in activity.schedules
        ],
        "dates": (activity.starts_on, activity.ends_on),
        "categories": activity.category_codes,
        "audiences": activity.audience_codes,
        "languages": activity.language_codes,
        "ages": (activity.age_min, activity.age_max),
        "cost": (activity.cost_type, activity.cost_pence),
        "cost_notes": activity.cost_notes,
        "attendance_mode": activity.attendance_mode,
        "contact": (activity.contact_name, activity.contact_phone, activity.contact_email),
        "website": activity.contact_website,
        "audience_notes": activity.audience_notes,
        "booking_required": activity.booking_required,
        "schedule_notes": activity.schedule_notes,
        "last_confirmed_on": activity.last_confirmed_on,
    }


@pytest.fixture
def empty_directory(tmp_path):
    """A second, empty directory beside the demo one (its own database and index)."""
    folder = tmp_path / "empty"
    folder.mkdir()
    url = f"sqlite:///{folder / 'empty.sqlite3'}"
    migrating = build_app(folder, url)
    with migrating.app_context():
        upgrade()
        db.engine.dispose()
    yield from app_for(url, folder)


def export_feed(app) -> list[dict]:
    """Every service of the app's feed, fully nested, read page by page as a consumer would."""
    client = app.test_client()
    assert client.get("/api/oruk/").get_json()["version"] == "HSDS-UK-3.0"
    services, page = [], 1
    while True:
        body = client.get(f"/api/oruk/services?full=true&per_page=40&page={page}").get_json()
        services += body["contents"]
        if body["last_page"]:
            return services
        page += 1


def test_the_demo_feed_imports_into_an_empty_directory_as_it_was(app, empty_directory, tmp_path):
    services = export_feed(app)
    path = tmp_path / "demo-feed.json"
    path.write_text(json.dumps({"contents": services}), encoding="utf-8")
    ids = [uuid.UUID(service["id"]) for service in services]
    with app.app_context():
        published = db.session.scalars(select(Activity).where(Activity.status == "published"))
        assert len(ids) == len({activity.public_id for activity in published} & set(ids)) > 100
        before = {
            activity.public_id: snapshot(activity)
            for activity in db.session.scalars(select(Activity).where(Activity.public_id.in_(ids)))
        }

    dry = run(empty_directory, str(path), "--dry-run")
    assert dry.exit_code == 0 and f"{len(ids)} new, 0 updated" in dry.output, dry.output
    result = run(empty_directory, str(path), "--trusted")
    assert result.exit_code == 0 and f"{len(ids)} new" in result.output, result.output
    with empty_directory.app_context():
        after = {
            activity.public_id: snapshot(activity)
            for activity in db.session.scalars(select(Activity))
        }
    assert set(after) == set(before)
    differences = {
        name: [(before[key][name], after[key][name]) for key in before if before[key][name] != after[key][name]]
        for name in SURVIVING
    }  # fmt: skip
    assert {name: found[:2] for name, found in differences.items() if found} == {}

    again = run(empty_directory, str(path), "--trusted")
    assert f"0 new, 0 updated, {len(ids)} unchanged" in again.output, again.output


def test_the_demo_feed_imported_untrusted_waits_for_moderators(app, empty_directory, tmp_path):
    services = export_feed(app)[:12]
    path = tmp_path / "demo-feed.json"
    path.write_text(json.dumps(services), encoding="utf-8")
    result = run(empty_directory, str(path))
    assert result.exit_code == 0 and "12 waiting for a moderator" in result.output, result.output
    with empty_directory.app_context():
        statuses = set(db.session.scalars(select(Activity.status)))
        pending = db.session.scalars(
            select(ListingChange.after).where(ListingChange.status == "pending")
        )
        assert statuses == {"draft"} and list(pending) == [{"status": "published"}] * 12
