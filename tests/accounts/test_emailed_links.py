"""Signing in by an emailed link, and resetting a password: once, in time, no enumeration."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import EmailedLink, EmailOutboxMessage, StaffUser
from tests.staff import PASSWORD, csrf_token, sign_in


@pytest.fixture
def user_id(app):
    with app.app_context():
        user = create_user("pat@example.org", "Pat", "provider", PASSWORD)
        commit()
        return user.id


def _ask(client, path, email):
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "email": email})
    assert "If there is an account with that address, we have sent it a link" in response.get_data(
        as_text=True
    )


def _emailed_path(app) -> str:
    with app.app_context():
        body = (
            db.session.scalars(select(EmailOutboxMessage).order_by(EmailOutboxMessage.id.desc()))
            .first()
            .body
        )
    return re.search(r"https?://[^/]+(/\S+)", body).group(1)


def test_sign_in_by_emailed_link_works_once(app, client, user_id):
    _ask(client, "/staff/sign-in/email", "PAT@example.org")
    path = _emailed_path(app)
    assert client.get(path).status_code == 200  # opening it signs nobody in
    assert client.get("/staff/").status_code == 302
    client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert "Signed in as Pat" in client.get("/staff/").get_data(as_text=True)
    other = app.test_client()
    assert other.get(path).status_code == 400


def test_unknown_address_gets_the_same_answer_and_no_email(app, client, user_id):
    _ask(client, "/staff/sign-in/email", "nobody@example.org")
    with app.app_context():
        assert db.session.scalar(select(EmailOutboxMessage)) is None


def test_expired_and_tampered_links_are_refused(app, client, user_id):
    _ask(client, "/staff/sign-in/email", "pat@example.org")
    path = _emailed_path(app)
    assert client.get(path[:-2] + "xx").status_code == 400
    with app.app_context():
        link = db.session.scalar(select(EmailedLink))
        link.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        commit()
    response = client.get(path)
    assert response.status_code == 400 and "This link cannot be used" in response.get_data(
        as_text=True
    )


def test_a_sign_in_link_cannot_set_a_password(app, client, user_id):
    _ask(client, "/staff/sign-in/email", "pat@example.org")
    token = _emailed_path(app).rsplit("/", 1)[1]
    assert client.get(f"/staff/password/set/{token}").status_code == 400


def test_password_reset(app, client, user_id):
    elsewhere = app.test_client()
    sign_in(elsewhere, "pat@example.org")
    assert elsewhere.get("/staff/").status_code == 200
    _ask(client, "/staff/password/forgot", "pat@example.org")
    path = _emailed_path(app)
    token = csrf_token(client, path)
    html = client.post(
        path, data={"csrf_token": token, "password": "short", "confirm": "short"}
    ).get_data(as_text=True)
    assert "Your password must be at least 12 characters" in html
    html = client.post(
        path,
        data={
            "csrf_token": token,
            "password": "a brand new passphrase",
            "confirm": "different one here",
        },
    ).get_data(as_text=True)
    assert "The passwords do not match" in html
    response = client.post(
        path,
        data={
            "csrf_token": token,
            "password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert "Your password has been set." in client.get("/staff/").get_data(as_text=True)
    assert sign_in(app.test_client(), "pat@example.org").status_code == 200  # old password refused
    assert (
        sign_in(app.test_client(), "pat@example.org", "a brand new passphrase").status_code == 302
    )
    assert client.get(path).status_code == 400  # used
    # Setting a password signs the account out everywhere else.
    assert elsewhere.get("/staff/").status_code == 302


@pytest.mark.parametrize("purpose_path", ["/staff/sign-in/email", "/staff/password/forgot"])
def test_an_emailed_link_stops_working_when_the_account_is_deactivated(
    app, client, user_id, purpose_path
):
    _ask(client, purpose_path, "pat@example.org")
    path = _emailed_path(app)
    with app.app_context():
        db.session.get(StaffUser, user_id).active = False
        commit()
    response = client.get(path)
    assert response.status_code == 400
    assert "This link cannot be used" in response.get_data(as_text=True)
    client.post(path, data={"csrf_token": csrf_token(client, "/staff/sign-in")})
    assert client.get("/staff/").status_code == 302  # still signed out
