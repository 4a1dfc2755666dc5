"""Hostile values in every field: no live javascript: link, no markup that runs, on every
page a field reaches, public or staff."""

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
from directory_app.web.forms import web_address
from tests.groups.test_editing import _edit
from tests.referrals.helpers import SELF_REFERRAL, submit, valid_self_referral
from tests.staff import PASSWORD, csrf_token, sign_in

PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
JAVASCRIPT = "javascript:alert(document.domain)"


def _fitted(model, name: str, value: str) -> str:
    """The value cut to the column's length, as the forms would have it: PostgreSQL refuses a
    longer one (SQLite would store it). The script tag still fits in every column."""
    length = getattr(model.__table__.columns[name].type, "length", None)
    return value[:length] if length else value


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("https://example.org/club", "https://example.org/club"),
        ("example.org", "https://example.org"),
        ("http://www.example.org.uk/a?b=c", "http://www.example.org.uk/a?b=c"),
        (JAVASCRIPT, None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox(1)", None),
        ("https://exa mple.org", None),
        ("//evil.example", None),
        ("https://", None),
        ("ftp://example.org", None),
        ("https://example.org\n", "https://example.org"),
    ],
)
def test_only_http_and_https_web_addresses_are_kept(typed, kept):
    assert web_address(typed) == kept


def _hostile_records(app) -> dict:
    """A listing, its organisation, venue, a referral and every staff record, each field
    holding the payload (written straight to the database, as a bug or an old import could)."""
    submit(
        app.test_client(),
        SELF_REFERRAL,
        valid_self_referral(full_name="Ann " + PAYLOAD, help_wanted=PAYLOAD),
    )
    with app.app_context():
        activity = db.session.scalar(
            select(Activity)
            .where(Activity.status == "published", Activity.venue_id.is_not(None))
            .order_by(Activity.id)
        )
        organisation, venue = activity.organisation, activity.venue
        for name in ("summary", "description", "first_visit", "schedule_notes", "cost_notes",
                     "contact_name", "contact_phone", "contact_email", "audience_notes"):  # fmt: skip
            setattr(activity, name, _fitted(Activity, name, PAYLOAD))
        activity.title = "Zumba " + PAYLOAD
        activity.contact_website = JAVASCRIPT
        organisation.name = "Club " + PAYLOAD
        organisation.description = PAYLOAD
        organisation.website = JAVASCRIPT
        organisation.email = PAYLOAD
        for name in ("name", "address_line", "getting_there", "accessibility_detail"):
            setattr(venue, name, _fitted(type(venue), name, PAYLOAD))
        create_user("admin@example.org", "Ada", "admin", PASSWORD)
        provider = create_user("pat@example.org", "Pat", "provider", PASSWORD)
        provider.organisations.append(organisation)
        change = ListingChange(
            activity=activity,
            before={"title": activity.title},
            after={"title": PAYLOAD, "contact_website": JAVASCRIPT, "description": PAYLOAD},
        )
        db.session.add_all(
            [
                change,
                VenueChange(venue=venue, before={}, after={"name": PAYLOAD}),
                AccountRequest(
                    contact_name=PAYLOAD, email="sam@example.org", organisation_name=PAYLOAD
                ),
                ProblemReport(activity=activity, kind="something_else", details=PAYLOAD),
            ]
        )
        commit()
        referral = db.session.scalar(select(Referral))
        return {
            "activity": activity.id,
            "organisation": organisation.id,
            "venue": venue.id,
            "change": change.id,
            "referral": referral.id,
        }


def _pages(ids) -> dict[str, list[str]]:
    return {
        "public": [
            f"/activities/{ids['activity']}",
            f"/organisations/{ids['organisation']}",
            f"/venues/{ids['venue']}",
            "/search?q=zumba",
            "/search?q=club",
            "/",
        ],
        "admin": [
            "/staff/listing-changes",
            f"/staff/listing-changes/{ids['change']}/preview",
            "/staff/account-requests",
            "/listings/problems",
            "/staff/referrals/",
            f"/staff/referrals/{ids['referral']}",
            "/staff/audit",
        ],
        "provider": [
            "/staff/my-groups",
            f"/staff/my-groups/activities/{ids['activity']}",
            f"/staff/my-groups/venues/{ids['venue']}",
            f"/staff/my-groups/changes/{ids['change']}/preview",
        ],
    }


def test_no_page_a_hostile_value_reaches_runs_it(app):
    ids = _hostile_records(app)
    clients = {"public": app.test_client()}
    for role, email in (("admin", "admin@example.org"), ("provider", "pat@example.org")):
        clients[role] = app.test_client()
        sign_in(clients[role], email)
    seen = 0
    for role, paths in _pages(ids).items():
        for path in paths:
            response = clients[role].get(path)
            assert response.status_code == 200, (role, path)
            html = response.get_data(as_text=True)
            assert "<script>alert" not in html, (role, path)
            assert "onerror=alert" not in html.replace("onerror=alert(2)&gt;", ""), (role, path)
            assert not re.search(r"""href=["']?\s*javascript:""", html, re.I), (role, path)
            seen += html.count("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert seen >= 15  # the payload is shown, escaped, on the pages it reaches


def test_javascript_links_are_refused_where_they_are_typed(app):
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).order_by(Organisation.id))
        provider = create_user("pat@example.org", "Pat", "provider", PASSWORD)
        provider.organisations.append(organisation)
        activity_id = db.session.scalar(
            select(Activity.id)
            .where(Activity.organisation_id == organisation.id, Activity.status == "published")
            .order_by(Activity.id)
        )
        commit()
    client = app.test_client()
    sign_in(client, "pat@example.org")
    html = _edit(client, activity_id, contact_website=JAVASCRIPT).get_data(as_text=True)
    assert "Enter a web address, like https://example.org" in html
    public = app.test_client()
    join = public.post(
        "/groups/join",
        data={
            "csrf_token": csrf_token(public, "/groups/join"),
            "contact_name": "Sam",
            "email": "sam@example.org",
            "organisation_name": "Sam's group",
            "organisation_website": JAVASCRIPT,
        },
    ).get_data(as_text=True)
    assert "Enter a web address, like https://example.org" in join
    with app.app_context():
        assert db.session.scalar(select(AccountRequest)) is None
        assert db.session.scalar(select(ListingChange)) is None
