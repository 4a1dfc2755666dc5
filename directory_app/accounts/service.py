"""Creating staff accounts and checking sign-ins, with lockout after repeated failures."""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from directory_app.accounts import lockout
from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.domain.dates import utcnow
from directory_app.models import EmailedLink, StaffUser
from directory_app.models.staff import ROLES

MIN_PASSWORD_LENGTH = 12


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def _dummy_hash(method: str) -> str:
    """Checked against when the email is unknown, so a wrong email takes as long as a wrong
    password: made with the method real passwords are."""
    return generate_password_hash(secrets.token_hex(16), method=method)


class AccountError(ValueError):
    """A reason an account cannot be created, for the command line."""


@dataclass
class SignInOutcome:
    user: StaffUser | None
    locked_for: timedelta | None = None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def new_session_token() -> str:
    return secrets.token_hex(32)


def create_user(email: str, name: str, role: str, password: str) -> StaffUser:
    """Add a staff account (flushes; the caller commits)."""
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}")
    if "@" not in email:
        raise AccountError("Enter a valid email address")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Passwords must be at least {MIN_PASSWORD_LENGTH} characters")
    if db.session.scalar(select(StaffUser).where(StaffUser.email == email)):
        raise AccountError("There is already an account with that email address")
    user = StaffUser(
        email=email,
        name=name.strip(),
        role=role,
        password_hash=hash_password(password),
        session_token=new_session_token(),
    )
    db.session.add(user)
    db.session.flush()
    audit.record("account.created", user, actor=None, role=role)
    return user


def authenticate(
    email: str, password: str, client: str = "", now: datetime | None = None
) -> SignInOutcome:
    """Check a sign-in from ``client`` (the remote address); count failures for that address
    and client, lock the pair after too many (``lockout``), and audit each outcome."""
    now = now or datetime.now(UTC)
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == normalise_email(email)))
    waiting = lockout.locked_for(email, client, now)
    if waiting is not None:
        audit.record("sign_in.locked", user, actor=None)
        return SignInOutcome(None, locked_for=waiting)
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
    if user is None or not user.active or not check_password_hash(user.password_hash, password):
        failures, locked_for = lockout.record_failure(email, client, now)
        reason = {"reason": "unknown email"} if user is None else {"failures": failures}
        audit.record("sign_in.failed", user, actor=None, **reason)
        return SignInOutcome(None, locked_for=locked_for)
    lockout.clear(email, client)
    user.last_signed_in_at = now
    audit.record("sign_in.succeeded", user, actor=user)
    return SignInOutcome(user)


def void_links(user: StaffUser, purpose: str | None = None) -> None:
    """Make the user's unused links (of one purpose, or all) unusable: a newer link, or a
    new password, replaces them."""
    query = update(EmailedLink).where(EmailedLink.user_id == user.id, EmailedLink.used_at.is_(None))
    if purpose is not None:
        query = query.where(EmailedLink.purpose == purpose)
    db.session.execute(query.values(used_at=utcnow()).execution_options(synchronize_session=False))


def sign_out_everywhere(user: StaffUser) -> None:
    """Invalidate every session of this user (their session token changes)."""
    user.session_token = new_session_token()


def change_password(user: StaffUser, password: str) -> None:
    """Set a new password and sign the user out of every other session."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Passwords must be at least {MIN_PASSWORD_LENGTH} characters")
    user.password_hash = hash_password(password)
    sign_out_everywhere(user)
    void_links(user)  # an older reset link must not undo this password
    audit.record("password.changed", user, actor=user)
