"""Groups ask for accounts, admins decide, providers see only their own and invite colleagues."""

import re

import pytest
from sqlalchemy import func, select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import (
    AccountRequest,
    Activity,
    AuditEvent,
    EmailOutboxMessage,
    Organisation,
    StaffUser,
)
from tests.outbox import latest_email
from tests.staff import PASSWORD, csrf_token, sign_in


def _ask(app, **fields):
    client = app.test_client()
    path = "/groups/join" + (
        f"?organisation={fields['organisation_id']}" if fields.get("organisation_id") else ""
    )
    data = {
        "csrf_token": csrf_token(client, path),
        "contact_name": "Sam Organiser",
        "email": "sam@newgroup.example",
    } | fields
    return client.post(path, data=data)


def test_new_group_request_is_approved_and_gets_a_password_link(app, admin):
    response = _ask(
        app,
        organisation_name="Leamore Litter Pickers",
        organisation_description="Monthly litter picks.",
    )
    assert response.status_code == 302
    assert "A group has asked for an account" in latest_email(app).subject
    html = admin.get("/staff/account-requests").get_data(as_text=True)
    assert "Leamore Litter Pickers" in html and "sam@newgroup.example" in html
    with app.app_context():
        request_id = db.session.scalar(select(AccountRequest.id))
    admin.post(
        f"/staff/account-requests/{request_id}/approve",
        data={"csrf_token": csrf_token(admin, "/staff/account-requests")},
    )
    email = latest_email(app)
    assert email.to_address == "sam@newgroup.example" and "/staff/password/set/" in email.body
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == "sam@newgroup.example"))
        assert user.role == "provider" and [o.name for o in user.organisations] == [
            "Leamore Litter Pickers"
        ]
        assert db.session.scalar(select(AccountRequest.status)) == "approved"
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "group.account_approved")
            )
            == 1
        )
    # The link lets them set a password and in.
    path = re.search(r"https?://[^/]+(/\S+)", email.body).group(1)
    provider = app.test_client()
    provider.post(
        path,
        data={
            "csrf_token": csrf_token(provider, path),
            "password": "litter picking rocks",
            "confirm": "litter picking rocks",
        },
    )
    assert "Leamore Litter Pickers" in provider.get("/staff/my-groups").get_data(as_text=True)


def test_claiming_an_existing_organisation(app, admin):
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).order_by(Organisation.id))
        organisation_id, name = organisation.id, organisation.name
    assert "Claim this organisation" in app.test_client().get(
        f"/organisations/{organisation_id}"
    ).get_data(as_text=True)
    _ask(app, organisation_id=str(organisation_id))
    with app.app_context():
        request_id = db.session.scalar(select(AccountRequest.id))
    admin.post(
        f"/staff/account-requests/{request_id}/approve",
        data={"csrf_token": csrf_token(admin, "/staff/account-requests")},
    )
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == "sam@newgroup.example"))
        assert [o.id for o in user.organisations] == [organisation_id]
        assert (
            db.session.scalar(
                select(func.count()).select_from(Organisation).where(Organisation.name == name)
            )
            == 1
        )


def test_declining_needs_a_reason_and_emails_it(app, admin):
    _ask(app, organisation_name="Not really a group")
    with app.app_context():
        request_id = db.session.scalar(select(AccountRequest.id))
    token = csrf_token(admin, "/staff/account-requests")
    html = admin.post(
        f"/staff/account-requests/{request_id}/decline",
        data={"csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Give a reason for declining" in html
    admin.post(
        f"/staff/account-requests/{request_id}/decline",
        data={"csrf_token": token, "reason": "We only list groups in our three boroughs."},
    )
    email = latest_email(app)
    assert email.to_address == "sam@newgroup.example" and "three boroughs" in email.body
    with app.app_context():
        assert db.session.scalar(select(AccountRequest.status)) == "declined"
        assert (
            db.session.scalar(
                select(func.count()).select_from(StaffUser).where(StaffUser.role == "provider")
            )
            == 0
        )


def test_join_form_errors(app):
    client = app.test_client()
    html = client.post(
        "/groups/join", data={"csrf_token": csrf_token(client, "/groups/join"), "email": "nope"}
    ).get_data(as_text=True)
    for message in (
        "Enter your name",
        "Enter an email address in the correct format, like name@example.com",
        "Enter the name of the group",
    ):
        assert message in html
    with app.app_context():
        assert db.session.scalar(select(AccountRequest)) is None


def test_providers_see_only_their_own_groups_and_invite_colleagues(app):
    with app.app_context():
        mine, theirs = db.session.scalars(
            select(Organisation).order_by(Organisation.id).limit(2)
        ).all()
        provider = create_user("pat@example.org", "Pat", "provider", PASSWORD)
        provider.organisations.append(mine)
        commit()
        my_titles = set(
            db.session.scalars(select(Activity.title).where(Activity.organisation_id == mine.id))
        )
        their_titles = set(
            db.session.scalars(select(Activity.title).where(Activity.organisation_id == theirs.id))
        )
        mine_id, theirs_id = mine.id, theirs.id
    client = app.test_client()
    sign_in(client, "pat@example.org")
    html = client.get("/staff/my-groups").get_data(as_text=True)
    assert all(title in html for title in my_titles)
    assert not any(title in html for title in their_titles - my_titles)
    token = csrf_token(client, "/staff/my-groups")
    # Changing the organisation id in the form does not reach another group.
    assert (
        client.post(
            "/staff/my-groups",
            data={
                "csrf_token": token,
                "organisation": str(theirs_id),
                "name": "Eve",
                "email": "eve@example.org",
            },
        ).status_code
        == 403
    )
    client.post(
        "/staff/my-groups",
        data={
            "csrf_token": token,
            "organisation": str(mine_id),
            "name": "Cal",
            "email": "cal@example.org",
        },
    )
    with app.app_context():
        colleague = db.session.scalar(select(StaffUser).where(StaffUser.email == "cal@example.org"))
        assert [o.id for o in colleague.organisations] == [mine_id]
        assert (
            db.session.scalar(select(StaffUser).where(StaffUser.email == "eve@example.org")) is None
        )
    assert latest_email(app).to_address == "cal@example.org"


@pytest.mark.parametrize(
    "path",
    [
        "/staff/account-requests",
        "/staff/referrals/",
        "/listings/problems",
        "/listings/export.csv",
        "/staff/audit",
    ],
)
def test_providers_cannot_reach_staff_pages(app, path):
    with app.app_context():
        create_user("pat@example.org", "Pat", "provider", PASSWORD)
        commit()
    client = app.test_client()
    sign_in(client, "pat@example.org")
    assert client.get(path).status_code == 403


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_stored_or_sent(app):
    response = _ask(app, organisation_name="Spam Emporium", website="https://spam.example")
    assert response.status_code == 302 and response.headers["Location"].endswith("/join/sent")
    with app.app_context():
        assert db.session.scalar(select(AccountRequest)) is None
        assert db.session.scalar(select(EmailOutboxMessage)) is None
