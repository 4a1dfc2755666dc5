"""Imported listings and the moderators: drafts waiting in their queue, changes to live
listings waiting there too, and our own listings never overwritten by someone's feed."""

from sqlalchemy import select

from directory_app.core.audit import AuditEvent
from directory_app.core.extensions import db
from directory_app.models import Activity, ListingChange
from tests.oruk.test_import import example, imported_activity, run, uk_service, write_json
from tests.staff import csrf_token


def test_an_in_person_service_with_no_venue_waits_even_when_trusted(empty_app):
    result = run(empty_app, str(example("service_full.json")), "--trusted")
    assert result.exit_code == 0 and "no venue we could place" in result.output, result.output
    with empty_app.app_context():
        activity = imported_activity(empty_app, "ac148810-d857-441c-9679-408f346de14b")
        assert (activity.status, activity.attendance_mode) == ("draft", "in-person")
        change = db.session.scalar(select(ListingChange))
        assert change.after == {"status": "published"}
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "listing.feed_imported")
        )
        assert event.detail == {
            "services": 1,
            "created": 1,
            "updated": 0,
            "waiting": 1,
            "trusted": True,
        }


def test_an_imported_draft_waits_in_the_moderation_queue(app, admin, tmp_path):
    result = run(app, write_json(tmp_path, [uk_service()]))
    assert result.exit_code == 0 and "1 waiting for a moderator" in result.output, result.output
    with app.app_context():
        activity = imported_activity(app)
        activity_id, status = activity.id, activity.status
        change = db.session.scalar(
            select(ListingChange).where(ListingChange.activity_id == activity_id)
        )
        assert (change.status, change.after, change.submitted_by_id) == (
            "pending",
            {"status": "published"},
            None,
        )
    assert status == "draft"
    assert app.test_client().get(f"/activities/{activity_id}").status_code == 404

    queue = admin.get("/staff/listing-changes").get_data(as_text=True)
    assert "Chair yoga" in queue
    preview = admin.get(f"/staff/listing-changes/{change.id}/preview")
    assert preview.status_code == 200 and "Chair yoga" in preview.get_data(as_text=True)
    token = csrf_token(admin, "/staff/listing-changes")
    approved = admin.post(f"/staff/listing-changes/{change.id}/approve", data={"csrf_token": token})
    assert approved.status_code == 302
    assert app.test_client().get(f"/activities/{activity_id}").status_code == 200

    # The feed changes the live listing's title and ages: they wait for a moderator in turn
    # (ages are the group editor's fields too, so a feed may not change them unchecked).
    newer = uk_service(
        name="Chair yoga and tea", last_modified="2099-01-01T00:00:00Z", minimum_age=50
    )
    result = run(app, write_json(tmp_path, [newer]))
    assert result.exit_code == 0 and "1 updated" in result.output, result.output
    with app.app_context():
        activity = imported_activity(app)
        assert (activity.title, activity.status, activity.age_min) == (
            "Chair yoga",
            "published",
            55,
        )
        waiting = db.session.scalar(
            select(ListingChange).where(
                ListingChange.activity_id == activity_id, ListingChange.status == "pending"
            )
        )
        assert waiting.after == {"title": "Chair yoga and tea", "age_min": 50}
    assert "Chair yoga and tea" in admin.get("/staff/listing-changes").get_data(as_text=True)


def test_our_own_listings_are_never_overwritten_by_a_feed(app, tmp_path):
    with app.app_context():
        ours = db.session.scalar(select(Activity).where(Activity.status == "published").limit(1))
        ours_id, title = str(ours.public_id), ours.title
    copy_of_ours = uk_service(id=ours_id, name="Renamed by someone else", service_at_locations=[])
    result = run(app, write_json(tmp_path, [copy_of_ours]), "--trusted")
    assert result.exit_code == 0 and "one of our own listings" in result.output, result.output
    with app.app_context():
        assert imported_activity(app, ours_id).title == title
