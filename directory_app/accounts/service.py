"""Creating staff accounts and checking sign-ins, with lockout after repeated failures."""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from directory_app.core import audit
from directory_app.core.extensions import db
from directory_app.domain.dates import aware
from directory_app.models import StaffUser
from directory_app.models.staff import ROLES

FAILURES_BEFORE_LOCKOUT = 5
LONGEST_LOCKOUT = timedelta(hours=1)
MIN_PASSWORD_LENGTH = 12
# Checked against when the email is unknown, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


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
        password_hash=generate_password_hash(password),
        session_token=new_session_token(),
    )
    db.session.add(user)
    db.session.flush()
    audit.record("account.created", user, actor=None, role=role)
    return user


def _lockout_for(failures: int) -> timedelta:
    """Back off exponentially once the allowance is used: 1, 2, 4 … minutes, at most an hour."""
    minutes = 2 ** (failures - FAILURES_BEFORE_LOCKOUT)
    return min(timedelta(minutes=minutes), LONGEST_LOCKOUT)


def authenticate(email: str, password: str, now: datetime | None = None) -> SignInOutcome:
    """Check a sign-in; count failures, lock the account after too many, audit both."""
    now = now or datetime.now(UTC)
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == normalise_email(email)))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        audit.record("sign_in.failed", actor=None, reason="unknown email")
        return SignInOutcome(None)
    locked_until = aware(user.locked_until) if user.locked_until is not None else None
    if locked_until is not None and locked_until > now:
        audit.record("sign_in.locked", user, actor=None)
        return SignInOutcome(None, locked_for=locked_until - now)
    if not user.active or not check_password_hash(user.password_hash, password):
        user.failed_sign_ins += 1
        locked_for = None
        if user.failed_sign_ins >= FAILURES_BEFORE_LOCKOUT:
            locked_for = _lockout_for(user.failed_sign_ins)
            user.locked_until = now + locked_for
        audit.record("sign_in.failed", user, actor=None, failures=user.failed_sign_ins)
        return SignInOutcome(None, locked_for=locked_for)
    user.failed_sign_ins = 0
    user.locked_until = None
    user.last_signed_in_at = now
    audit.record("sign_in.succeeded", user, actor=user)
    return SignInOutcome(user)


def sign_out_everywhere(user: StaffUser) -> None:
    """Invalidate every session of this user (their session token changes)."""
    user.session_token = new_session_token()


def change_password(user: StaffUser, password: str) -> None:
    """Set a new password and sign the user out of every other session."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Passwords must be at least {MIN_PASSWORD_LENGTH} characters")
    user.password_hash = generate_password_hash(password)
    user.failed_sign_ins = 0
    user.locked_until = None
    sign_out_everywhere(user)
    audit.record("password.changed", user, actor=user)
