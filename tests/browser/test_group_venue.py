"""A group's volunteer, on a phone, adds a venue and then a listing held there."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Activity, ListingChange, Organisation, Venue, VenueChange
from tests.browser.steps import no_sideways_scrolling, sign_in
from tests.staff import PASSWORD

pytestmark = pytest.mark.browser


def test_a_group_adds_a_venue_and_a_listing_on_a_phone(phone, live_server, app):
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).order_by(Organisation.id))
        provider = create_user("pat@example.org", "Pat", "provider", PASSWORD)
        provider.organisations.append(organisation)
        commit()
        organisation_id = organisation.id
    page = phone
    sign_in(page, live_server, "pat@example.org")
    page.goto(f"{live_server}/staff/my-groups")
    no_sideways_scrolling(page)

    page.get_by_role("link", name="Add a venue").click()
    page.get_by_role("button", name="Add the venue").click()
    # Waits for the answer page: on a loaded CI machine the title is read before it arrives.
    expect(page).to_have_title(re.compile(r"^Error:"))
    assert page.locator(".error-summary").get_by_text("Enter the name of the place").is_visible()
    no_sideways_scrolling(page)
    page.get_by_label("Name of the place").fill("Garden Room")
    page.get_by_label("Street address").fill("1 Church Walk")
    page.get_by_label("Town or city").fill("London")
    page.get_by_label("Postcode").fill("e8 1dy")
    page.get_by_label("Step-free access").check()
    page.get_by_label("Hearing loop").check()
    page.get_by_role("button", name="Add the venue").click()
    # expect() waits for the answer page; content() could read the page while it loads.
    expect(page.locator("body")).to_contain_text("Venue added")
    no_sideways_scrolling(page)

    page.goto(f"{live_server}/staff/my-groups/activities/new")
    no_sideways_scrolling(page)
    page.get_by_label("Title").fill("Garden room knit and natter")
    page.get_by_label("Summary").fill("Knitting, crochet and a cup of tea.")
    page.get_by_label("Arts and crafts").check()
    page.get_by_label("Where it happens").select_option(label="Garden Room, 1 Church Walk")
    page.get_by_label("How often").select_option("weekly")
    page.get_by_label("Day", exact=True).select_option("wed")
    page.get_by_label("Starts").fill("14:00")
    page.get_by_label("Ends").fill("16:00")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("body")).to_contain_text("A moderator will check your change")
    no_sideways_scrolling(page)
    with app.app_context():
        venue = db.session.scalar(select(Venue).where(Venue.name == "Garden Room"))
        assert venue.postcode == "E8 1DY" and venue.feature_codes == {"step-free", "hearing-loop"}
        activity = db.session.scalar(
            select(Activity).where(
                Activity.organisation_id == organisation_id, Activity.status == "draft"
            )
        )
        change = db.session.scalar(
            select(ListingChange).where(ListingChange.activity_id == activity.id)
        )
        assert change.after["venue_id"] == venue.id and change.after["categories"] == [
            "arts-crafts"
        ]


def test_the_moderators_queue_fits_a_phone(phone, live_server, app):
    """The comparison tables scroll inside their box; the page itself never scrolls sideways."""
    with app.app_context():
        activity = db.session.scalar(
            select(Activity).where(Activity.venue_id.is_not(None)).order_by(Activity.id)
        )
        create_user("lw@example.org", "Lee", "link_worker", PASSWORD)
        long_text = "Step-free access through the side door on Church Walk " * 6
        db.session.add(
            ListingChange(
                activity=activity,
                before={"description": activity.description},
                after={"description": long_text},
            )
        )
        db.session.add(
            VenueChange(
                venue=activity.venue,
                before={"accessibility_detail": ""},
                after={"accessibility_detail": long_text},
            )
        )
        commit()
    page = phone
    sign_in(page, live_server, "lw@example.org")
    page.goto(f"{live_server}/staff/listing-changes")
    assert page.get_by_role("heading", name="Venue changes to check").is_visible()
    assert page.locator("table").count() == 2
    no_sideways_scrolling(page)
