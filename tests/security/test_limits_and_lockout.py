"""Rate limits hold across workers and restarts; lockout cannot be used to lock staff out."""

import re

import pytest
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db, limiter
from directory_app.core.transaction import commit
from directory_app.models import EmailOutboxMessage
from tests.apps import app_for, sqlite_copy
from tests.staff import PASSWORD, csrf_token

ATTACKER, COLLEAGUE = "203.0.113.9", "198.51.100.4"


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _try_password(client, password: str, email: str = "pat@example.org"):
    return client.post(
        "/staff/sign-in",
        data={"csrf_token": csrf_token(client), "email": email, "password": password},
    )


@pytest.fixture
def pat(app):
    with app.app_context():
        create_user("pat@example.org", "Pat", "link_worker", PASSWORD)
        commit()


def test_guessing_from_one_place_does_not_lock_the_person_out_elsewhere(app, pat):
    attacker = _client(app, ATTACKER)
    for _ in range(5):
        _try_password(attacker, "guess")
    locked = _try_password(attacker, PASSWORD).get_data(as_text=True)
    assert "Wait 1 minute and try again" in locked  # one minute: the singular
    assert "1 minutes" not in locked
    colleague = _client(app, COLLEAGUE)
    assert _try_password(colleague, PASSWORD).status_code == 302  # signed in


def test_unknown_addresses_are_locked_the_same_way(app):
    attacker = _client(app, ATTACKER)
    for _ in range(5):
        _try_password(attacker, "guess", email="nobody@example.org")
    html = _try_password(attacker, "guess", email="nobody@example.org").get_data(as_text=True)
    assert "Too many attempts to sign in" in html


def test_an_emailed_link_is_no_way_round_a_lockout(app, pat):
    attacker = _client(app, ATTACKER)
    for _ in range(5):
        _try_password(attacker, "guess")
    path = "/staff/sign-in/email"
    attacker.post(path, data={"csrf_token": csrf_token(attacker, path), "email": "pat@example.org"})
    with app.app_context():
        body = db.session.scalars(
            select(EmailOutboxMessage.body).order_by(EmailOutboxMessage.id.desc())
        ).first()
    link = re.search(r"https?://[^/]+(/\S+)", body).group(1)
    refused = attacker.post(link, data={"csrf_token": csrf_token(attacker, link)})
    assert "Too many attempts to sign in" in refused.get_data(as_text=True)
    assert attacker.get("/staff/").status_code == 302
    # The person, from their own machine, can still use it.
    colleague = _client(app, COLLEAGUE)
    assert colleague.post(link, data={"csrf_token": csrf_token(colleague, link)}).status_code == 302


def test_limits_hold_across_workers_and_restarts(tmp_path, sqlite_template):
    """Two apps on one database are two workers; a third, later, is a restart."""
    url = sqlite_copy(sqlite_template, tmp_path)
    statuses = []
    for worker in range(3):
        for limited in app_for(url, tmp_path / f"w{worker}", RATELIMIT_ENABLED=True):
            client = _client(limited, ATTACKER)
            token = csrf_token(client)
            for _ in range(4):
                statuses.append(
                    client.post(
                        "/staff/sign-in",
                        data={"csrf_token": token, "email": "x@example.org", "password": "no"},
                    ).status_code
                )
    # "10 per minute": ten got through in all, whichever worker they reached.
    assert statuses.count(200) == 10 and statuses.count(429) == 2
    assert statuses[-2:] == [429, 429]
    with limited.app_context():
        limiter.reset()
