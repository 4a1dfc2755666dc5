"""Groups keep their venues right; a venue shared with another group is checked first."""

import re

import pytest
from sqlalchemy import func, select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.vocabulary import ACCESS_FEATURES
from directory_app.geo.postcodes import lookup_postcode
from directory_app.models import (
    Activity,
    AuditEvent,
    EmailOutboxMessage,
    ListingChange,
    Organisation,
    Venue,
    VenueChange,
)
from tests.search.helpers import search
from tests.staff import PASSWORD, csrf_token, sign_in


def _venue_used_by(organisation_id: int, shared: bool) -> Venue:
    """A venue where this group has a published listing, shared with another group or not."""
    groups_there = (
        select(Activity.venue_id, func.count(func.distinct(Activity.organisation_id)).label("n"))
        .where(Activity.venue_id.is_not(None))
        .group_by(Activity.venue_id)
        .subquery()
    )
    return db.session.scalar(
        select(Venue)
        .join(groups_there, groups_there.c.venue_id == Venue.id)
        .where(
            groups_there.c.n > 1 if shared else groups_there.c.n == 1,
            Venue.id.in_(
                select(Activity.venue_id).where(
                    Activity.organisation_id == organisation_id, Activity.status == "published"
                )
            ),
        )
        .order_by(Venue.id)
    )


@pytest.fixture
def setup(app):
    """Pat runs a group that shares one venue with another group and has one of its own."""
    with app.app_context():
        organisations = db.session.scalars(select(Organisation).order_by(Organisation.id)).all()
        mine = next(o for o in organisations if _venue_used_by(o.id, shared=True))
        shared = _venue_used_by(mine.id, shared=True)
        own = _venue_used_by(mine.id, shared=False)
        if own is None:  # give the group a venue of its own, as most groups have
            own = db.session.scalar(select(Venue).where(~Venue.activities.any()))
            activity = db.session.scalar(
                select(Activity).where(
                    Activity.organisation_id == mine.id, Activity.venue_id == shared.id
                )
            )
            activity.venue = own
        theirs = db.session.scalar(
            select(Venue)
            .where(~Venue.activities.any(Activity.organisation_id == mine.id))
            .where(Venue.activities.any())
            .order_by(Venue.id)
        )
        provider = create_user("pat@example.org", "Pat", "provider", PASSWORD)
        provider.organisations.append(mine)
        create_user("lw@example.org", "Lee", "link_worker", PASSWORD)
        commit()
        ids = {"org": mine.id, "shared": shared.id, "own": own.id, "theirs": theirs.id}
    provider_client = app.test_client()
    sign_in(provider_client, "pat@example.org")
    moderator = app.test_client()
    sign_in(moderator, "lw@example.org")
    return ids, provider_client, moderator


def _form_values(html: str) -> dict:
    """The venue form as the browser would send it: text, text areas, selection, ticks."""
    values = dict(
        re.findall(
            r'<input class="input[^"]*" type="text" id="\w+" name="(\w+)" value="([^"]*)"', html
        )
    )
    values.update(re.findall(r'<textarea[^>]* name="(\w+)"[^>]*>([^<]*)</textarea>', html))
    values["access_features"] = re.findall(r'name="access_features" value="([^"]*)" checked', html)
    values["csrf_token"] = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    return values


def _change_venue(client, venue_id, **changes):
    path = f"/staff/my-groups/venues/{venue_id}"
    values = _form_values(client.get(path).get_data(as_text=True))
    return client.post(path, data=values | changes)


def _approve(moderator, change_id):
    return moderator.post(
        f"/staff/venue-changes/{change_id}/approve",
        data={"csrf_token": csrf_token(moderator, "/staff/listing-changes")},
    )


def test_a_shared_venue_change_waits_for_a_moderator_then_goes_live(app, setup):
    ids, provider, moderator = setup
    with app.app_context():
        db.session.get(Organisation, ids["org"]).trusted = True  # trusted, but not alone there
        commit()
        before = sorted(db.session.get(Venue, ids["shared"]).feature_codes)
    added = next(term for term in ACCESS_FEATURES if term.code not in before)
    _change_venue(
        provider,
        ids["shared"],
        access_features=before + [added.code],
        accessibility_detail="The hearing loop covers the main hall.",
    )
    with app.app_context():
        change = db.session.scalar(select(VenueChange))
        assert change.status == "pending"
        assert set(change.changed_fields) == {"access_features", "accessibility_detail"}
        assert added.code not in db.session.get(Venue, ids["shared"]).feature_codes
        change_id = change.id
    queue = moderator.get("/staff/listing-changes").get_data(as_text=True)
    assert "Venue changes to check" in queue
    assert re.search(rf"<ins>[^<]*{added.label}[^<]*</ins>", queue)
    assert "<ins>The hearing loop covers the main hall.</ins>" in queue
    _approve(moderator, change_id)
    with app.app_context():
        venue = db.session.get(Venue, ids["shared"])
        assert added.code in venue.feature_codes
        assert db.session.get(VenueChange, change_id).status == "applied"
        email = db.session.scalars(
            select(EmailOutboxMessage).order_by(EmailOutboxMessage.id.desc())
        ).first()
        assert email.to_address == "pat@example.org" and "now live" in email.body
        held_there = {a.id for a in venue.activities if a.status == "published"}
        events = set(db.session.scalars(select(AuditEvent.action)))
        assert {"venue.change_proposed", "venue.change_applied"} <= events
    # Every listing held there now turns up under that filter, through the search outbox.
    found = {a.id for a in search(app, access=[added.code])[1]}
    assert held_there and held_there <= found
    page = app.test_client().get(f"/venues/{ids['shared']}").get_data(as_text=True)
    assert "The hearing loop covers the main hall." in page
    # The group's versions list names the fields as the form does.
    versions = provider.get(f"/staff/my-groups/venues/{ids['shared']}").get_data(as_text=True)
    assert "Changed: More about access (optional), Accessibility" in versions


def test_a_trusted_group_alone_at_its_venue_changes_it_at_once(app, setup):
    ids, provider, _moderator = setup
    with app.app_context():
        db.session.get(Organisation, ids["org"]).trusted = True
        commit()
        venue = db.session.get(Venue, ids["own"])
        assert venue.postcode != "E8 1DY"
        before = (venue.easting, venue.northing)
    response = _change_venue(provider, ids["own"], postcode="e8 1dy", address_line="2 New Road")
    assert response.status_code == 302
    with app.app_context():
        venue = db.session.get(Venue, ids["own"])
        assert venue.postcode == "E8 1DY" and venue.address_line == "2 New Road"
        # The grid reference moves with the postcode, so distances stay right.
        point = lookup_postcode("E8 1DY")
        assert (venue.easting, venue.northing) == (int(point.easting), int(point.northing))
        assert (venue.easting, venue.northing) != before
        assert db.session.scalar(select(VenueChange.status)) == "applied"


def test_an_untrusted_groups_change_waits_even_at_its_own_venue(app, setup):
    ids, provider, _moderator = setup
    _change_venue(provider, ids["own"], getting_there="Bus 38 to the door.")
    with app.app_context():
        assert db.session.scalar(select(VenueChange.status)) == "pending"
        assert db.session.get(Venue, ids["own"]).getting_there != "Bus 38 to the door."


def test_a_moderator_sends_a_venue_change_back(app, setup):
    ids, provider, moderator = setup
    _change_venue(provider, ids["shared"], name="Renamed hall")
    with app.app_context():
        change_id = db.session.scalar(select(VenueChange.id))
    moderator.post(
        f"/staff/venue-changes/{change_id}/return",
        data={
            "csrf_token": csrf_token(moderator, "/staff/listing-changes"),
            "comment": "The other group still calls it by its old name.",
        },
    )
    with app.app_context():
        assert db.session.get(VenueChange, change_id).status == "returned"
        assert db.session.get(Venue, ids["shared"]).name != "Renamed hall"
    page = provider.get(f"/staff/my-groups/venues/{ids['shared']}").get_data(as_text=True)
    assert "The other group still calls it by its old name." in page


def test_venue_form_errors_are_explained_and_nothing_is_saved(app, setup):
    ids, provider, _moderator = setup
    html = _change_venue(provider, ids["own"], postcode="ZZ99 9ZZ", name="").get_data(as_text=True)
    assert "Enter a full UK postcode, like E8 1AG" in html
    assert "Enter the name of the place" in html and "<title>Error:" in html
    with app.app_context():
        assert db.session.scalar(select(VenueChange)) is None


def test_the_borough_follows_the_postcode_not_what_the_venue_said(app, setup):
    """The issue's case: a venue at RM10 8QJ (Dagenham) saved with borough Hackney. Today the
    form has no borough to pick; saving puts the venue in its postcode's borough."""
    ids, provider, _moderator = setup
    with app.app_context():
        db.session.get(Organisation, ids["org"]).trusted = True
        venue = db.session.get(Venue, ids["own"])
        venue.borough = "Hackney"  # as the old form let a group save it
        commit()
    page = provider.get(f"/staff/my-groups/venues/{ids['own']}").get_data(as_text=True)
    assert "The borough follows from the postcode" in page
    response = _change_venue(provider, ids["own"], postcode="RM10 8QJ", borough="Hackney")
    assert response.status_code == 302
    with app.app_context():
        venue = db.session.get(Venue, ids["own"])
        assert (venue.postcode, venue.borough) == ("RM10 8QJ", "Barking and Dagenham")
    versions = provider.get(f"/staff/my-groups/venues/{ids['own']}").get_data(as_text=True)
    assert "Borough" in re.search(r"Changed: ([^<]*)", versions).group(1)


def test_providers_cannot_touch_another_groups_venue(app, setup):
    ids, provider, _moderator = setup
    path = f"/staff/my-groups/venues/{ids['theirs']}"
    assert provider.get(path).status_code == 404
    token = csrf_token(provider, "/staff/my-groups")
    assert provider.post(path, data={"csrf_token": token, "name": "Hijacked"}).status_code == 404
    assert f"/staff/my-groups/venues/{ids['theirs']}" not in provider.get(
        "/staff/my-groups"
    ).get_data(as_text=True)
    # Nor move a listing there by changing the venue in the listing's form.
    with app.app_context():
        activity_id = db.session.scalar(select(Activity.id).where(Activity.venue_id == ids["own"]))
    editor = f"/staff/my-groups/activities/{activity_id}"
    html = provider.get(editor).get_data(as_text=True)
    assert f'<option value="{ids["theirs"]}"' not in html
    fields = dict(
        re.findall(r'type="(?:text|tel|email|url)" id="\w+" name="(\w+)" value="([^"]*)"', html)
    )
    fields |= {
        "csrf_token": token,
        "status": "published",
        "categories": re.findall(r'name="categories" value="([^"]*)" checked', html),
        "venue_id": str(ids["theirs"]),
    }
    response = provider.post(editor, data=fields)
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(VenueChange)) is None
        assert db.session.scalar(select(ListingChange)) is None
        assert db.session.get(Venue, ids["theirs"]).name != "Hijacked"


@pytest.mark.parametrize(
    "path", ["/staff/venue-changes/1/approve", "/staff/venue-changes/1/return"]
)
def test_providers_cannot_moderate_venues(app, setup, path):
    _ids, provider, _moderator = setup
    token = csrf_token(provider, "/staff/my-groups")
    assert provider.post(path, data={"csrf_token": token}).status_code == 403


def test_a_group_adds_a_venue_then_a_listing_held_there(app, setup):
    ids, provider, moderator = setup
    html = provider.get("/staff/my-groups/venues/new").get_data(as_text=True)
    assert 'name="borough"' not in html  # it follows from the postcode
    response = provider.post(
        "/staff/my-groups/venues/new",
        data={
            "csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1),
            "name": "St Mark's Garden Room",
            "address_line": "1 Church Walk",
            "town": "London",
            "postcode": "E8 1DY",
            "borough": "Walsall",  # not a field: a crafted form cannot set it
            "access_features": ["step-free", "accessible-toilet"],
        },
    )
    venue_id = int(re.search(r"/venues/(\d+)$", response.headers["Location"]).group(1))
    with app.app_context():
        assert db.session.get(Venue, venue_id).borough == "Hackney"
    # Nobody has checked it yet, so the public cannot see it on its own.
    assert app.test_client().get(f"/venues/{venue_id}").status_code == 404

    editor = provider.get("/staff/my-groups/activities/new").get_data(as_text=True)
    assert f'<option value="{venue_id}"' in editor
    response = provider.post(
        "/staff/my-groups/activities/new",
        data={
            "csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"', editor).group(1),
            "title": "Garden room knit and natter",
            "summary": "Knitting, crochet and a cup of tea.",
            "categories": ["arts-crafts"],
            "venue_id": str(venue_id),
            "status": "published",
            "slot_frequency": ["weekly"],
            "slot_day": ["wed"],
            "slot_start": ["14:00"],
            "slot_end": ["16:00"],
            "slot_date": [""],
        },
    )
    assert response.status_code == 302
    with app.app_context():
        activity = db.session.scalar(
            select(Activity).where(
                Activity.organisation_id == ids["org"], Activity.status == "draft"
            )
        )
        assert activity.venue_id is None  # nothing is live until a moderator says so
        activity_id = activity.id
        change_id = db.session.scalar(
            select(ListingChange.id).where(ListingChange.activity_id == activity_id)
        )
    assert app.test_client().get(f"/activities/{activity_id}").status_code == 404
    # The group previews it as the public will see it: proposed title, venue and times.
    editor_page = provider.get(f"/staff/my-groups/activities/{activity_id}").get_data(as_text=True)
    preview_path = f"/staff/my-groups/changes/{change_id}/preview"
    assert preview_path in editor_page
    preview = provider.get(preview_path).get_data(as_text=True)
    assert "Preview of a proposed change" in preview and "Garden room knit and natter" in preview
    assert "St Mark&#39;s Garden Room" in preview
    # The times sit in <bdi>s, for right-to-left pages.
    assert "Every Wednesday, 14:00–16:00" in re.sub(r"<[^>]+>", "", preview)
    queue = moderator.get("/staff/listing-changes").get_data(as_text=True)
    assert "Garden room knit and natter" in queue and "St Mark&#39;s Garden Room" in queue
    moderator.post(
        f"/staff/listing-changes/{change_id}/approve",
        data={"csrf_token": csrf_token(moderator, "/staff/listing-changes")},
    )
    page = app.test_client().get(f"/activities/{activity_id}").get_data(as_text=True)
    assert "Garden room knit and natter" in page and "St Mark&#39;s Garden Room" in page
    assert "Every Wednesday, 14:00–16:00" in re.sub(r"<[^>]+>", "", page)
    assert app.test_client().get(f"/venues/{venue_id}").status_code == 200
    found = search(app, text="knit natter", access=["step-free"])[1]
    assert activity_id in [a.id for a in found]


def test_a_group_cannot_preview_another_groups_change(app, setup):
    ids, provider, _moderator = setup
    with app.app_context():
        theirs = db.session.scalar(
            select(Activity).where(Activity.organisation_id != ids["org"]).order_by(Activity.id)
        )
        change = ListingChange(
            activity=theirs, before={"title": theirs.title}, after={"title": "Secret plans"}
        )
        db.session.add(change)
        other = create_user("sam@example.org", "Sam", "provider", PASSWORD)
        other.organisations.append(theirs.organisation)
        commit()
        change_id = change.id
    path = f"/staff/my-groups/changes/{change_id}/preview"
    assert provider.get(path).status_code == 404
    sam = app.test_client()
    sign_in(sam, "sam@example.org")
    assert "Secret plans" in sam.get(path).get_data(as_text=True)
