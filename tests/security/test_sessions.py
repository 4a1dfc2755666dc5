"""Sessions end on the server: a copied cookie dies with sign-out, a new password or
deactivation; newer links void older ones; a single-use link signs in once, even four at once."""

import re
import threading
import urllib.error
import urllib.request

import pytest
from sqlalchemy import func, select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import AuditEvent, EmailOutboxMessage, StaffUser
from tests.staff import PASSWORD, csrf_token, sign_in


@pytest.fixture
def app(db_app):
    """Sessions and links on SQLite and PostgreSQL: their locking differs."""
    return db_app


@pytest.fixture
def pat(app):
    with app.app_context():
        user = create_user("pat@example.org", "Pat", "link_worker", PASSWORD)
        commit()
        return user.id


def _copy_of(app, client):
    """A second browser holding a copy of the first one's session cookie."""
    copy = app.test_client()
    cookie = client.get_cookie("session")
    copy.set_cookie("session", cookie.value)
    return copy


def test_a_copied_cookie_stops_working_when_its_owner_signs_out(app, pat):
    client = app.test_client()
    sign_in(client, "pat@example.org")
    stolen = _copy_of(app, client)
    assert stolen.get("/staff/referrals/").status_code == 200
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/staff/")})
    assert stolen.get("/staff/referrals/").status_code == 302


def test_deactivating_an_account_ends_its_sessions(app, pat):
    client = app.test_client()
    sign_in(client, "pat@example.org")
    with app.app_context():
        db.session.get(StaffUser, pat).active = False
        commit()
    assert client.get("/staff/referrals/").status_code == 302


def _emailed_path(app) -> str:
    with app.app_context():
        body = db.session.scalars(
            select(EmailOutboxMessage.body).order_by(EmailOutboxMessage.id.desc())
        ).first()
    return re.search(r"https?://[^/]+(/\S+)", body).group(1)


def _ask_for(client, path):
    client.post(path, data={"csrf_token": csrf_token(client, path), "email": "pat@example.org"})


def _set_password(client, path, password):
    return client.post(
        path,
        data={"csrf_token": csrf_token(client, path), "password": password, "confirm": password},
    )


def test_a_later_reset_link_voids_an_earlier_one(app, pat):
    client = app.test_client()
    _ask_for(client, "/staff/password/forgot")
    first = _emailed_path(app)
    _ask_for(client, "/staff/password/forgot")
    second = _emailed_path(app)
    assert client.get(first).status_code == 400
    assert client.get(second).status_code == 200


def test_a_new_password_voids_earlier_reset_links_and_other_sessions(app, pat):
    other = app.test_client()
    sign_in(other, "pat@example.org")
    client = app.test_client()
    _ask_for(client, "/staff/password/forgot")
    first = _emailed_path(app)
    _ask_for(client, "/staff/sign-in/email")
    sign_in_link = _emailed_path(app)
    assert _set_password(client, first, "a brand new passphrase").status_code == 302
    assert other.get("/staff/").status_code == 302  # signed out everywhere else
    assert app.test_client().get(sign_in_link).status_code == 400  # voided too


def test_four_simultaneous_uses_of_one_sign_in_link_sign_in_once(app, pat, live_server):
    client = app.test_client()
    _ask_for(client, "/staff/sign-in/email")
    path = _emailed_path(app)
    # Each request needs its own session and CSRF token, as four browsers would have.
    tokens = []
    for _ in range(4):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        html = opener.open(live_server + path).read().decode()
        tokens.append((opener, re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)))
    barrier = threading.Barrier(4)
    statuses = []

    def use(opener, token):
        barrier.wait()
        request = urllib.request.Request(
            live_server + path, data=f"csrf_token={token}".encode(), method="POST"
        )
        try:
            statuses.append(opener.open(request).status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=use, args=pair) for pair in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    with app.app_context():
        sign_ins = db.session.scalar(
            select(func.count()).where(AuditEvent.action == "sign_in.succeeded")
        )
    assert sign_ins == 1
    assert sorted(statuses).count(400) == 3
