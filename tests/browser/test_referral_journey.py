"""A resident refers themselves from an activity page on a phone, a few questions a page;
a link worker closes it."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Activity, Referral
from tests.browser.steps import no_sideways_scrolling, sign_in
from tests.staff import PASSWORD

pytestmark = pytest.mark.browser


def test_self_referral_from_an_activity_then_triage(phone, live_server, app):
    with app.app_context():
        activity_id = db.session.scalar(
            select(Activity.id)
            .where(Activity.status == "published", Activity.venue_id.is_not(None))
            .limit(1)
        )
        create_user("lw@example.org", "Lee Worker", "link_worker", PASSWORD)
        commit()
    page = phone
    page.goto(f"{live_server}/activities/{activity_id}")
    page.get_by_role("link", name="Ask a link worker to help me go").click()
    page.wait_for_url("**/get-help/talk-to-a-link-worker?activity=*")
    no_sideways_scrolling(page)
    assert page.get_by_text("This is not an emergency service").is_visible()

    # First, a mistake: nothing filled in. The form asks a few questions a page.
    assert page.get_by_text("Step 1 of 6").is_visible()
    page.get_by_role("button", name="Continue").click()
    # Waits for the answer page: on a loaded CI machine the title is read before it arrives.
    expect(page).to_have_title(re.compile(r"^Error:"))
    assert page.locator(".error-summary").get_by_text("Enter your full name").is_visible()
    no_sideways_scrolling(page)

    page.get_by_label("Full name").fill("Ann Example")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("1958")
    page.get_by_label("Postcode").fill("E8 1AG")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="How we can contact you").wait_for()
    no_sideways_scrolling(page)
    page.get_by_label("Phone number (optional)").fill("07700 900982")
    page.get_by_label("Phone call").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Language and access").wait_for()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="What matters to you").wait_for()
    page.get_by_label("Feeling lonely or isolated").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Your agreement").wait_for()
    page.get_by_label(
        "I agree to a link worker using these details to contact me and help me"
    ).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers before sending").wait_for()
    no_sideways_scrolling(page)
    assert "14 February 1958" in page.content()
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_url("**/get-help/sent")
    no_sideways_scrolling(page)
    reference = page.locator(".reference").inner_text()
    assert reference.startswith("SR-")

    # A link worker signs in, finds it by reference and closes it.
    sign_in(page, live_server, "lw@example.org")
    page.goto(f"{live_server}/staff/referrals/")
    page.get_by_label("Search by name, reference, phone or email").fill(reference)
    page.get_by_role("button", name="Show requests").click()
    page.get_by_role("link", name="Ann Example").click()
    no_sideways_scrolling(page)
    page.get_by_label("Change status").select_option("contacted")
    page.get_by_role("button", name="Update status").click()
    # Waits for the answer page, so the next choice is made on it and not on the old one.
    expect(page.locator("body")).to_contain_text("Status updated")
    page.get_by_label("Change status").select_option("closed")
    page.get_by_label("Outcome, or reason for declining (needed to close or decline)").fill(
        "Going to the group"
    )
    # The page already says "Status updated" from the first change: wait for the new one.
    with page.expect_navigation():
        page.get_by_role("button", name="Update status").click()
    expect(page.locator("body")).to_contain_text("Status updated")
    with app.app_context():
        referral = db.session.scalar(select(Referral).where(Referral.reference == reference))
        assert referral.status == "closed" and referral.outcome == "Going to the group"
        assert referral.activity_id == activity_id
