"""Admins find and change any listing or venue in the group's editor; their change is a
version, live at once and audited. Groups still reach only their own."""

import html as markup
import re

import pytest
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.groups.admin_queries import PAGE_SIZE
from directory_app.models import (
    Activity,
    AuditEvent,
    ListingChange,
    Organisation,
    Venue,
    VenueChange,
)
from tests.groups.test_editing import _edit
from tests.staff import PASSWORD, csrf_token, sign_in


@pytest.fixture
def setup(app, staff):
    """Pat runs one (untrusted) group; the admin, a link worker and Pat are signed in."""
    with app.app_context():
        mine, theirs = db.session.scalars(
            select(Organisation).order_by(Organisation.id).limit(2)
        ).all()
        mine.trusted = theirs.trusted = False
        pat = create_user("pat@example.org", "Pat", "provider", PASSWORD)
        pat.organisations.append(mine)
        commit()

        def published(organisation):
            return db.session.scalar(
                select(Activity)
                .where(Activity.organisation_id == organisation.id, Activity.status == "published")
                .order_by(Activity.id)
            )

        ids = {"mine": published(mine).id, "theirs": published(theirs).id, "theirs_org": theirs.id}
        ids["theirs_venue"] = published(theirs).venue_id
    clients = {}
    for role, email in (
        ("admin", "admin@example.org"),
        ("link_worker", "link_worker@example.org"),
        ("provider", "pat@example.org"),
    ):
        clients[role] = app.test_client()
        sign_in(clients[role], email)
    clients["anonymous"] = app.test_client()
    return ids, clients


def _events(action: str, subject_id: int) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == action, AuditEvent.subject_id == subject_id
            )
        )
    )


def test_who_may_open_another_groups_listing_and_venue(app, setup):
    ids, clients = setup
    listing = f"/staff/my-groups/activities/{ids['theirs']}"
    venue = f"/staff/my-groups/venues/{ids['theirs_venue']}"
    assert clients["admin"].get(listing).status_code == 200
    assert clients["admin"].get(venue).status_code == 200
    assert clients["provider"].get(listing).status_code == 404
    assert clients["provider"].get(venue).status_code == 404
    assert clients["link_worker"].get(listing).status_code == 403
    for path in (listing, venue, "/staff/listings", "/staff/venues"):
        response = clients["anonymous"].get(path)
        assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]
    for path in ("/staff/listings", "/staff/venues", f"/staff/listings/{ids['theirs']}/archive"):
        assert clients["provider"].get(path).status_code == 403
        assert clients["link_worker"].get(path).status_code == 403
    # A group's post to another group's listing changes nothing, however it is sent.
    token = csrf_token(clients["provider"], "/staff/my-groups")
    assert (
        clients["provider"]
        .post(listing, data={"csrf_token": token, "title": "Mine now"})
        .status_code
        == 404
    )
    assert (
        clients["provider"]
        .post(f"/staff/listings/{ids['theirs']}/archive", data={"csrf_token": token})
        .status_code
        == 403
    )
    with app.app_context():
        assert db.session.scalar(select(ListingChange)) is None
        assert db.session.get(Activity, ids["theirs"]).status == "published"


def test_an_admins_edit_is_live_at_once_in_the_versions_and_audited(app, setup):
    ids, clients = setup
    admin = clients["admin"]
    response = _edit(admin, ids["theirs"], title="Chair yoga (new hall)")
    assert response.status_code == 302
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your change is live." in page and "Changed: Title" in page.replace("\n", " ")
    with app.app_context():
        activity = db.session.get(Activity, ids["theirs"])
        assert activity.title == "Chair yoga (new hall)"
        change = db.session.scalar(select(ListingChange))
        admin_id = db.session.scalar(
            select(AuditEvent.actor_id).where(AuditEvent.action == "listing.change_applied")
        )
        assert change.status == "applied" and "title" in change.changed_fields
        assert change.submitted_by.email == "admin@example.org"
        assert change.reviewed_by.email == "admin@example.org"
        for action in ("listing.change_proposed", "listing.change_applied"):
            (event,) = _events(action, ids["theirs"])
            assert event.actor_id == admin_id and event.detail == {"change_id": change.id}
    assert "Chair yoga (new hall)" in app.test_client().get(
        f"/activities/{ids['theirs']}"
    ).get_data(as_text=True)
    # Nothing waits for a moderator.
    assert "Chair yoga (new hall)" not in clients["link_worker"].get(
        "/staff/listing-changes"
    ).get_data(as_text=True)


def test_an_admin_decides_a_groups_waiting_change_before_editing_over_it(app, setup):
    ids, clients = setup
    _edit(clients["provider"], ids["mine"], summary="Now with tea afterwards")
    path = f"/staff/my-groups/activities/{ids['mine']}"
    page = clients["admin"].get(path).get_data(as_text=True)
    assert "has a change to this listing waiting for a moderator" in page
    assert "Now with tea afterwards" not in page  # the admin sees the live listing
    _edit(clients["admin"], ids["mine"], title="Edited over the group")
    with app.app_context():
        assert db.session.get(Activity, ids["mine"]).title != "Edited over the group"
        (waiting,) = db.session.scalars(select(ListingChange)).all()
        assert waiting.status == "pending" and waiting.submitted_by.email == "pat@example.org"
        assert (
            waiting.after["summary"] == "Now with tea afterwards" and "title" not in waiting.after
        )
        change_id = waiting.id
    clients["admin"].post(
        f"/staff/listing-changes/{change_id}/approve",
        data={"csrf_token": csrf_token(clients["admin"], "/staff/listing-changes")},
    )
    assert _edit(clients["admin"], ids["mine"], title="Edited after").status_code == 302
    with app.app_context():
        activity = db.session.get(Activity, ids["mine"])
        assert activity.title == "Edited after" and activity.summary == "Now with tea afterwards"


def test_an_admin_archives_a_listing(app, setup):
    ids, clients = setup
    admin = clients["admin"]
    path = f"/staff/listings/{ids['theirs']}/archive"
    assert "Archive the listing" in admin.get(path).get_data(as_text=True)
    response = admin.post(path, data={"csrf_token": csrf_token(admin, path)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Activity, ids["theirs"]).status == "archived"
        change = db.session.scalar(select(ListingChange))
        assert change.status == "applied" and change.after == {"status": "archived"}
        assert _events("listing.change_applied", ids["theirs"])
    assert app.test_client().get(f"/activities/{ids['theirs']}").status_code == 404
    # Archiving again records nothing new.
    admin.post(
        path, data={"csrf_token": csrf_token(admin, f"/staff/my-groups/activities/{ids['theirs']}")}
    )
    with app.app_context():
        assert len(db.session.scalars(select(ListingChange)).all()) == 1


def test_the_admins_listings_page_finds_by_title_or_group_and_pages(app, setup):
    ids, clients = setup
    admin = clients["admin"]
    with app.app_context():
        activity = db.session.get(Activity, ids["theirs"])
        title, group = activity.title, activity.organisation.name
        total = len(db.session.scalars(select(Activity.id)).all())
    found = admin.get("/staff/listings", query_string={"q": title[2:].upper()}).get_data(
        as_text=True
    )
    assert f"/staff/my-groups/activities/{ids['theirs']}" in found
    by_group = admin.get("/staff/listings", query_string={"q": group}).get_data(as_text=True)
    assert f"/staff/my-groups/activities/{ids['theirs']}" in by_group
    nothing = admin.get("/staff/listings", query_string={"q": "%_no such thing"}).get_data(
        as_text=True
    )
    assert "No listings match." in nothing
    assert total > PAGE_SIZE
    first = admin.get("/staff/listings").get_data(as_text=True)
    second = admin.get("/staff/listings?page=2").get_data(as_text=True)
    links = set(re.findall(r"/staff/my-groups/activities/(\d+)\"", first))
    assert len(links) == PAGE_SIZE and "page=2" in first and 'rel="next"' in first
    assert links.isdisjoint(re.findall(r"/staff/my-groups/activities/(\d+)\"", second))
    assert f"{total} listings" in first


def _venue_form(html: str) -> dict:
    """The venue form as a browser sends it: text boxes, text areas, selections, ticks."""
    values = dict(
        re.findall(
            r'<input class="input[^"]*" type="text" id="\w+" name="(\w+)" value="([^"]*)"', html
        )
    )
    values.update(re.findall(r'<textarea[^>]* name="(\w+)"[^>]*>([^<]*)</textarea>', html))
    for name, body in re.findall(
        r'<select class="input" id="\w+" name="(\w+)">(.*?)</select>', html, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        values[name] = chosen.group(1) if chosen else ""
    values = {name: markup.unescape(value) for name, value in values.items()}
    values["access_features"] = re.findall(r'name="access_features" value="([^"]*)" checked', html)
    values["csrf_token"] = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    return values


def test_an_admins_venue_change_is_live_at_once_and_kept_as_a_version(app, setup):
    ids, clients = setup
    admin = clients["admin"]
    with app.app_context():
        postcode = db.session.get(Venue, ids["theirs_venue"]).postcode
    found = admin.get("/staff/venues", query_string={"q": postcode.lower()}).get_data(as_text=True)
    assert f"/staff/my-groups/venues/{ids['theirs_venue']}" in found
    path = f"/staff/my-groups/venues/{ids['theirs_venue']}"
    values = _venue_form(admin.get(path).get_data(as_text=True))
    response = admin.post(path, data=values | {"getting_there": "Bus 38 stops outside."})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Venue, ids["theirs_venue"]).getting_there == "Bus 38 stops outside."
        change = db.session.scalar(select(VenueChange))
        assert change.status == "applied" and change.changed_fields == ["getting_there"]
        assert change.reviewed_by.email == "admin@example.org" and change.organisation_id is None
        assert _events("venue.change_applied", ids["theirs_venue"])
