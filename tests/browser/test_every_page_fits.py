"""Every page, public or staff, fits a 320 px phone, in English and in Arabic: found by
walking the URL map."""

import re

import pytest
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import (
    AccountRequest,
    Activity,
    ListingChange,
    Organisation,
    ProblemReport,
    Referral,
    VenueChange,
)
from tests.browser.steps import sign_in
from tests.referrals.helpers import SELF_REFERRAL, submit, valid_self_referral
from tests.staff import PASSWORD

pytestmark = pytest.mark.browser
# Real text has long unbreakable runs too: web addresses, email addresses.
LONG = (
    "Step-free access through the side door on Church Walk, then the lift to floor two. " * 3
    + "Map: https://www.walsallwalkingfootball.org.uk/sessions/short-heath-pavilion"
)


def _records(app) -> dict:
    """One of everything a page can show, with long text, and the ids to reach it."""
    submit(app.test_client(), SELF_REFERRAL, valid_self_referral(help_wanted=LONG))
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).order_by(Organisation.id))
        activity = db.session.scalar(
            select(Activity)
            .where(Activity.organisation_id == organisation.id, Activity.venue_id.is_not(None))
            .order_by(Activity.id)
        )
        create_user("admin@example.org", "Ada", "admin", PASSWORD)
        provider = create_user("pat@example.org", "Pat", "provider", PASSWORD)
        provider.organisations.append(organisation)
        change = ListingChange(activity=activity, before={}, after={"description": LONG})
        venue_change = VenueChange(
            venue=activity.venue, before={}, after={"accessibility_detail": LONG}
        )
        db.session.add_all(
            [
                change,
                venue_change,
                AccountRequest(
                    contact_name="Sam", email="sam@example.org", organisation_name="New group"
                ),
                ProblemReport(activity=activity, kind="other", details=LONG),
            ]
        )
        commit()
        return {
            "activity_id": activity.id,
            "venue_id": activity.venue_id,
            "organisation_id": organisation.id,
            "change_id": change.id,
            "referral_id": db.session.scalar(select(Referral.id)),
            "code": "social",
        }


def _pages(app, ids) -> list[str]:
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if any(argument not in ids for argument in rule.arguments):
            continue  # token pages: covered by their own tests
        if rule.rule.endswith((".csv", ".ics")) or rule.endpoint.endswith("health"):
            continue
        paths.append(re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule.rule))
    return sorted(set(paths))


def _signed_in(browser, live_server, email):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, email)
    return context, page


def test_every_page_fits_a_phone(app, browser, live_server):
    ids = _records(app)
    paths = _pages(app, ids)
    too_wide, opened, not_rtl = [], 0, []
    # Everyone in English; the provider's pages in Arabic too, laid out from the right.
    for email, prefix in (
        ("admin@example.org", ""),
        ("pat@example.org", ""),
        ("pat@example.org", "/ar"),
    ):
        context, page = _signed_in(browser, live_server, email)
        for path in paths:
            response = page.goto(live_server + prefix + path)
            if response.status != 200 or "html" not in response.headers.get("content-type", ""):
                continue
            opened += 1
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                too_wide.append((email, prefix + path, width))
            if prefix and page.evaluate("document.documentElement.dir") != "rtl":
                not_rtl.append(prefix + path)
        context.close()
    assert opened >= 60
    assert not too_wide, too_wide
    assert not not_rtl, not_rtl
