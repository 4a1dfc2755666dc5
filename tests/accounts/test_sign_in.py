"""Staff sign-in: passwords, lockout, sessions, roles and the audit trail."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from directory_app import create_app
from directory_app.accounts.service import (
    AccountError,
    authenticate,
    create_user,
    hash_password,
    sign_out_everywhere,
)
from directory_app.core.extensions import db, limiter
from directory_app.core.transaction import commit
from directory_app.models import AuditEvent, SignInLock, StaffUser
from directory_app.web.access import SIGNED_IN_AT
from tests.apps import app_for
from tests.staff import PASSWORD, csrf_token, sign_in


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_sign_in_and_out(client, app, staff):
    response = sign_in(client, "Link_Worker@Example.org ")
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    html = client.get("/staff/").get_data(as_text=True)
    assert "Signed in as Link_Worker Person" in html and "Link worker" in html
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = client.post("/staff/sign-out", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302
    assert actions(app)[-2:] == ["sign_in.succeeded", "sign_out"]


def test_wrong_password_and_unknown_email_get_the_same_message(client, staff):
    for email, password in (
        ("admin@example.org", "wrong password here"),
        ("nobody@example.org", PASSWORD),
    ):
        html = sign_in(client, email, password).get_data(as_text=True)
        assert "The email address or password is not right" in html
        assert "<title>Error:" in html and 'href="#email"' in html


def test_empty_fields_are_explained(client, staff):
    html = client.post("/staff/sign-in", data={"csrf_token": csrf_token(client)}).get_data(
        as_text=True
    )
    assert "Enter your email address" in html and "Enter your password" in html


def test_sign_in_without_csrf_token_is_refused(client, staff):
    response = client.post(
        "/staff/sign-in", data={"email": "admin@example.org", "password": PASSWORD}
    )
    assert response.status_code == 400


def test_lockout_after_repeated_failures_then_back_off(app, staff):
    with app.app_context():
        for _ in range(4):
            assert authenticate("admin@example.org", "wrong password").locked_for is None
        fifth = authenticate("admin@example.org", "wrong password")
        assert fifth.locked_for == timedelta(minutes=1)
        # Even the right password is refused while locked.
        locked = authenticate("admin@example.org", PASSWORD)
        assert locked.user is None and locked.locked_for is not None
        later = datetime.now(UTC) + timedelta(minutes=2)
        sixth = authenticate("admin@example.org", "wrong password", now=later)
        assert sixth.locked_for == timedelta(minutes=2)
        much_later = later + timedelta(minutes=3)
        assert authenticate("admin@example.org", PASSWORD, now=much_later).user is not None
        # Success starts the count again: the lock row for this address and client is gone.
        assert db.session.scalar(select(func.count()).select_from(SignInLock)) == 0
        commit()


def test_locked_account_message(client, app, staff):
    for _ in range(5):
        sign_in(client, "admin@example.org", "wrong password")
    html = sign_in(client, "admin@example.org").get_data(as_text=True)
    assert "Too many attempts to sign in" in html
    assert "sign_in.locked" in actions(app)


@pytest.mark.parametrize("path", ["/staff/", "/staff/audit"])
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in?next=")


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("link_worker", 403), ("provider", 403)]
)
def test_only_admins_read_the_audit_log(client, staff, role, status):
    sign_in(client, f"{role}@example.org")
    response = client.get("/staff/audit")
    assert response.status_code == status
    if status == 200:
        assert "sign_in.succeeded" in response.get_data(as_text=True)


def test_next_url_must_stay_on_this_site(client, staff):
    assert (
        sign_in(client, "admin@example.org", next_url="/staff/audit").headers["Location"]
        == "/staff/audit"
    )
    client.get("/")  # a fresh form
    for hostile in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        with client.session_transaction() as session:
            session.clear()
        assert (
            sign_in(client, "admin@example.org", next_url=hostile).headers["Location"] == "/staff/"
        )


def test_sessions_end_after_the_longest_allowed(client, app, staff):
    sign_in(client, "admin@example.org")
    assert client.get("/staff/").status_code == 200
    with client.session_transaction() as session:
        session[SIGNED_IN_AT] -= (app.config["STAFF_SESSION_MAX_HOURS"] + 1) * 3600
    assert client.get("/staff/").status_code == 302


def test_idle_timeout_is_configured_and_cookie_is_protected(client, app, staff):
    response = sign_in(client, "admin@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(minutes=30)


def test_signing_out_everywhere_ends_other_sessions(client, app, staff):
    sign_in(client, "admin@example.org")
    with app.app_context():
        sign_out_everywhere(db.session.get(StaffUser, staff["admin"]))
        commit()
    assert client.get("/staff/").status_code == 302


def test_passwords_are_hashed_with_a_current_algorithm(app, staff):
    with app.app_context():
        user = db.session.get(StaffUser, staff["admin"])
        assert PASSWORD not in user.password_hash
        assert user.password_hash.startswith("pbkdf2:sha256:1000$")  # the tests' own, cheap


def test_an_app_hashes_passwords_with_scrypt_whatever_the_environment_says(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSWORD_HASH_METHOD", "plain")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}",
            "INSTANCE_PATH": str(tmp_path),
            "TESTING": True,
        }
    )
    assert app.config["PASSWORD_HASH_METHOD"] == "scrypt"
    with app.app_context():
        assert hash_password("a long enough password").startswith("scrypt:32768:8:1$")


def test_account_rules(app, staff):
    with app.app_context():
        for email, role, password in (
            ("admin@example.org", "admin", PASSWORD),
            ("new@example.org", "superuser", PASSWORD),
            ("new@example.org", "admin", "short"),
            ("not-an-email", "admin", PASSWORD),
        ):
            with pytest.raises(AccountError):
                create_user(email, "Someone", role, password)


def test_users_create_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "lw@example.org",
            "--name",
            "Lee",
            "--role",
            "link_worker",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created link_worker account" in result.output
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "lw@example.org",
            "--name",
            "Lee",
            "--role",
            "link_worker",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code != 0 and "already an account" in result.output


def test_sign_in_is_rate_limited(tmp_path, sqlite_template):
    from tests.apps import sqlite_copy

    url = sqlite_copy(sqlite_template, tmp_path)
    for limited_app in app_for(url, tmp_path, RATELIMIT_ENABLED=True):
        with limited_app.app_context():
            limiter.reset()
        client = limited_app.test_client()
        token = csrf_token(client)
        statuses = [
            client.post(
                "/staff/sign-in",
                data={"csrf_token": token, "email": "x@example.org", "password": "nope"},
            ).status_code
            for _ in range(11)
        ]
        assert statuses[:10] == [200] * 10
        assert statuses[10] == 429
        assert "Too many attempts" in client.post(
            "/staff/sign-in", data={"csrf_token": token}
        ).get_data(as_text=True)
