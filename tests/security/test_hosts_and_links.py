"""Every absolute link in every email comes from PUBLIC_URL; a lying Host header is refused."""

import re

import pytest
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.listings.reminders import send_reminders
from directory_app.models import Activity, EmailOutboxMessage, Organisation
from tests.referrals.helpers import SELF_REFERRAL, submit, valid_self_referral
from tests.staff import PASSWORD, csrf_token, sign_in

PUBLIC = "https://directory.example.org/find"
# Trusted, so the request is served, but not the public address: links must not use it.
OTHER_HOST = "127.0.0.1"


@pytest.fixture
def app(app):
    app.config.update(
        PUBLIC_URL=PUBLIC, TRUSTED_HOSTS=["directory.example.org", OTHER_HOST, "localhost"]
    )
    with app.app_context():
        create_user("pat@example.org", "Pat", "provider", PASSWORD)
        create_user("admin@example.org", "Ada", "admin", PASSWORD)
        commit()
    return app


def _links_in_outbox(app) -> list[str]:
    with app.app_context():
        bodies = db.session.scalars(select(EmailOutboxMessage.body)).all()
    return [link for body in bodies for link in re.findall(r"https?://\S+", body)]


def test_a_lying_host_header_is_refused(app):
    client = app.test_client()
    response = client.post(
        "/staff/password/forgot",
        data={"email": "pat@example.org"},
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 400
    assert _links_in_outbox(app) == []


def _client_on_other_host(app):
    client = app.test_client()
    client.environ_base["HTTP_HOST"] = OTHER_HOST
    return client


def test_every_email_link_comes_from_the_public_address(app):
    client = _client_on_other_host(app)
    for path in ("/staff/password/forgot", "/staff/sign-in/email"):
        client.post(path, data={"csrf_token": csrf_token(client, path), "email": "pat@example.org"})
    submit(client, SELF_REFERRAL, valid_self_referral())  # the inbox's notice
    join = "/groups/join"
    client.post(
        join,
        data={
            "csrf_token": csrf_token(client, join),
            "contact_name": "Sam",
            "email": "sam@group.example",
            "organisation_name": "Sam's Group",
        },
    )
    admin = _client_on_other_host(app)
    sign_in(admin, "admin@example.org")
    with app.app_context():
        request_id = db.session.execute(db.text("select max(id) from account_request")).scalar()
    admin.post(
        f"/staff/account-requests/{request_id}/approve",
        data={"csrf_token": csrf_token(admin, "/staff/account-requests")},
    )
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).order_by(Organisation.id))
        activity = db.session.scalar(
            select(Activity).where(Activity.organisation_id == organisation.id).limit(1)
        )
        activity.last_confirmed_on = activity.created_at.date().replace(year=2020)
        commit()
        send_reminders(activity.created_at.date())
        commit()
    links = _links_in_outbox(app)
    assert len(links) >= 5
    assert all(link.startswith(PUBLIC + "/") for link in links), links


def test_share_links_and_calendars_use_the_public_address(app):
    client = _client_on_other_host(app)
    with app.app_context():
        activity_id = db.session.scalar(
            select(Activity.id).where(Activity.status == "published").limit(1)
        )
    page = client.get(f"/pl/activities/{activity_id}")
    assert f"{PUBLIC}/pl/activities/{activity_id}" in page.get_data(as_text=True)
    assert OTHER_HOST not in page.get_data(as_text=True)
