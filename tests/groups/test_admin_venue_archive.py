"""Admins archive a venue nobody meets at any more, and restore it: refused while a
published or paused listing meets there or has sessions there; an archived venue leaves the
editors' choices, the public page and the sitemap; every step is a version and audited."""

from sqlalchemy import select, update

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.discovery.listed import listed_venues
from directory_app.domain.dates import local_now
from directory_app.groups.admin_edits import VenueStillInUse, archive_venue
from directory_app.groups.admin_queries import listings_meeting_at
from directory_app.groups.queries import editable_venues
from directory_app.models import Activity, ActivitySchedule, StaffUser, Venue, VenueChange
from tests.groups import test_admin_edits
from tests.groups.test_admin_edits import _events
from tests.staff import csrf_token

# The admin edits' ``setup`` fixture under a name of its own: Pat's group, another group, and each role signed in.
shared_setup = test_admin_edits.setup


def _archive_path(venue_id: int) -> str:
    return f"/staff/venues/{venue_id}/archive"


def _other_venue_id(venue_id: int) -> int:
    return db.session.scalar(
        select(Venue.id).where(Venue.id != venue_id, Venue.archived_at.is_(None)).limit(1)
    )


def _move_everything_away(venue_id: int) -> None:
    """What the admin does first: the listings and sessions held there move elsewhere."""
    elsewhere = _other_venue_id(venue_id)
    db.session.execute(
        update(Activity).where(Activity.venue_id == venue_id).values(venue_id=elsewhere)
    )
    db.session.execute(
        update(ActivitySchedule)
        .where(ActivitySchedule.venue_id == venue_id)
        .values(venue_id=elsewhere)
    )
    commit()


def test_refused_while_a_listing_meets_there_then_archived_after_moving_it(app, shared_setup):
    ids, clients = shared_setup
    venue_id, admin = ids["theirs_venue"], clients["admin"]
    page = admin.get(_archive_path(venue_id))
    assert page.status_code == 200
    assert "You cannot archive this venue yet" in page.text
    assert f"/staff/my-groups/activities/{ids['theirs']}" in page.text
    assert "Archive the venue" not in page.text

    refused = admin.post(
        _archive_path(venue_id), data={"csrf_token": csrf_token(admin, _archive_path(venue_id))}
    )
    assert refused.status_code == 409
    assert f"/staff/my-groups/activities/{ids['theirs']}" in refused.text
    with app.app_context():
        assert db.session.get(Venue, venue_id).archived_at is None
        assert _events("venue.archived", venue_id) == []
        _move_everything_away(venue_id)

    page = admin.get(_archive_path(venue_id))
    assert "Archive the venue" in page.text
    done = admin.post(
        _archive_path(venue_id),
        data={"csrf_token": csrf_token(admin, _archive_path(venue_id))},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "is no longer listed" in done.text
    assert "Restore the venue" in done.text
    with app.app_context():
        venue = db.session.get(Venue, venue_id)
        archiver = db.session.scalar(
            select(StaffUser).where(StaffUser.email == "admin@example.org")
        )
        assert venue.archived_at is not None and venue.archived_by_id == archiver.id
        version = db.session.scalar(
            select(VenueChange)
            .where(VenueChange.venue_id == venue_id)
            .order_by(VenueChange.id.desc())
        )
        assert version.after == {"archived": True} and version.status == "applied"
        assert version.submitted_by_id == version.reviewed_by_id == archiver.id
        [event] = _events("venue.archived", venue_id)
        assert event.actor_id == archiver.id
        # No personal data in the audit detail: who is the actor, never a name or email.
        assert "admin@example.org" not in str(event.detail or "")


def test_a_session_held_there_also_keeps_the_venue(app, shared_setup):
    ids, _clients = shared_setup
    with app.app_context():
        venue_id = ids["theirs_venue"]
        _move_everything_away(venue_id)
        schedule = db.session.scalar(
            select(ActivitySchedule)
            .join(Activity, Activity.id == ActivitySchedule.activity_id)
            .where(Activity.status == "published")
            .limit(1)
        )
        schedule.venue_id = venue_id
        commit()
        venue = db.session.get(Venue, venue_id)
        assert [a.id for a in listings_meeting_at(venue)] == [schedule.activity_id]
        admin = db.session.scalar(select(StaffUser).where(StaffUser.role == "admin").limit(1))
        try:
            archive_venue(venue, admin)
        except VenueStillInUse as refusal:
            assert [a.id for a in refusal.activities] == [schedule.activity_id]
        else:
            raise AssertionError("archived a venue a session is held at")


def test_an_archived_venue_is_gone_from_choices_public_page_and_sitemap(app, shared_setup):
    ids, clients = shared_setup
    venue_id, admin = ids["theirs_venue"], clients["admin"]
    anonymous = clients["anonymous"]
    assert anonymous.get(f"/venues/{venue_id}").status_code == 200
    with app.app_context():
        _move_everything_away(venue_id)
        # A listing left at the venue (say a draft) keeps it on the sitemap's terms for
        # nothing: put a published one back afterwards to show the archive, not the move,
        # takes it off.
    admin.post(_archive_path(venue_id), data={"csrf_token": csrf_token(admin, "/staff/venues")})
    with app.app_context():
        assert db.session.get(Venue, venue_id).archived
        users = {
            role: db.session.scalar(select(StaffUser).where(StaffUser.email == email))
            for role, email in (("admin", "admin@example.org"), ("provider", "pat@example.org"))
        }
        for user in users.values():
            assert venue_id not in {venue.id for venue in editable_venues(user)}
        # Even with a listed activity pointing at it (moved back by hand), no sitemap entry.
        db.session.execute(
            update(Activity).where(Activity.id == ids["theirs"]).values(venue_id=venue_id)
        )
        commit()
        listed = {row.id for row in db.session.execute(listed_venues(local_now().date()))}
        assert venue_id not in listed
    gone = anonymous.get(f"/venues/{venue_id}")
    assert gone.status_code == 404
    assert "This place is no longer listed" in gone.text

    # The admin list hides it unless asked, and then says it is archived.
    assert f"/staff/venues/{venue_id}/archive" not in admin.get("/staff/venues?q=").text
    with app.app_context():
        name = db.session.get(Venue, venue_id).name
    shown = admin.get("/staff/venues", query_string={"q": name, "archived": "1"})
    assert f"/staff/venues/{venue_id}/archive" in shown.text and "Archived" in shown.text


def test_restore_lists_it_again(app, shared_setup):
    ids, clients = shared_setup
    venue_id, admin = ids["theirs_venue"], clients["admin"]
    with app.app_context():
        _move_everything_away(venue_id)
    token = csrf_token(admin, "/staff/venues")
    admin.post(_archive_path(venue_id), data={"csrf_token": token})
    restored = admin.post(
        f"/staff/venues/{venue_id}/restore", data={"csrf_token": token}, follow_redirects=True
    )
    assert "is listed again" in restored.text
    with app.app_context():
        venue = db.session.get(Venue, venue_id)
        assert venue.archived_at is None and venue.archived_by_id is None
        assert len(_events("venue.restored", venue_id)) == 1
        afters = [
            change.after
            for change in db.session.scalars(
                select(VenueChange).where(VenueChange.venue_id == venue_id).order_by(VenueChange.id)
            )
        ]
        assert afters[-2:] == [{"archived": True}, {"archived": False}]
        admin_user = db.session.scalar(
            select(StaffUser).where(StaffUser.email == "admin@example.org")
        )
        assert venue_id in {venue.id for venue in editable_venues(admin_user)}


def test_only_admins_archive_or_restore(app, shared_setup):
    ids, clients = shared_setup
    venue_id = ids["theirs_venue"]
    restore = f"/staff/venues/{venue_id}/restore"
    assert clients["provider"].get(_archive_path(venue_id)).status_code in (403, 404)
    assert clients["link_worker"].get(_archive_path(venue_id)).status_code == 403
    for role in ("provider", "link_worker"):
        client = clients[role]
        token = csrf_token(client, "/")
        for path in (_archive_path(venue_id), restore):
            assert client.post(path, data={"csrf_token": token}).status_code in (403, 404)
    for path in (_archive_path(venue_id),):
        response = clients["anonymous"].get(path)
        assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]
    response = clients["anonymous"].post(restore)
    assert response.status_code in (302, 400)
    with app.app_context():
        assert db.session.get(Venue, venue_id).archived_at is None
        assert _events("venue.archived", venue_id) == [] == _events("venue.restored", venue_id)
