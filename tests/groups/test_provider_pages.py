"""Every page a provider can open shows nothing of any referral, found by walking the URL map."""

import re

from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Activity, ListingChange, Organisation, Referral
from tests.referrals.helpers import SELF_REFERRAL, submit, valid_self_referral
from tests.staff import PASSWORD, sign_in

# Words only the referral contains, so finding any of them on a page is a leak.
SECRET_NAME = "Zebedee Quinlan-Ferris"
SECRET_STORY = "I have not left the flat since March"


def _own_ids(app) -> dict:
    """Real ids of the provider's own records, to fill the URL map's placeholders."""
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).order_by(Organisation.id))
        provider = create_user("pat@example.org", "Pat", "provider", PASSWORD)
        provider.organisations.append(organisation)
        activity = db.session.scalar(
            select(Activity)
            .where(Activity.organisation_id == organisation.id, Activity.venue_id.is_not(None))
            .order_by(Activity.id)
        )
        change = ListingChange(
            activity=activity, before={"title": activity.title}, after={"title": "New title"}
        )
        db.session.add(change)
        commit()
        referral = db.session.scalar(select(Referral))
        return {
            "activity_id": activity.id,
            "venue_id": activity.venue_id,
            "change_id": change.id,
            "organisation_id": organisation.id,
            "referral_id": referral.id,
            "request_id": 1,
            "report_id": 1,
            "code": "social",
            "token": "not-a-token",
        }


def test_no_page_a_provider_can_open_shows_a_referral(app):
    public = app.test_client()
    sent = submit(
        public,
        SELF_REFERRAL,
        valid_self_referral(full_name=SECRET_NAME, help_wanted=SECRET_STORY),
    )
    assert sent.status_code in (200, 302)
    ids = _own_ids(app)
    provider = app.test_client()
    sign_in(provider, "pat@example.org")

    opened = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if any(argument not in ids for argument in rule.arguments):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule.rule)
        response = provider.get(path)
        body = response.get_data().decode("utf-8", "replace")  # the favicon is binary
        assert SECRET_NAME not in body and SECRET_STORY not in body, path
        if rule.endpoint.startswith("inbox.") or rule.rule.startswith("/staff/referrals"):
            assert response.status_code == 403, path
        if response.status_code == 200:
            opened += 1
    # The walk really reached the provider's own pages, not just error pages.
    assert opened >= 20
    for path in (
        "/staff/my-groups",
        f"/staff/my-groups/activities/{ids['activity_id']}",
        f"/staff/my-groups/venues/{ids['venue_id']}",
        f"/staff/my-groups/changes/{ids['change_id']}/preview",
    ):
        assert provider.get(path).status_code == 200, path
