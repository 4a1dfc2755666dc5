"""Slowing down password guessing without letting anyone lock a member of staff out.

Failures are counted per address *and* client (the address someone tried, from where they
tried it), so guessing from one place locks out only that place: the real person signs in
from theirs. After five failures the pair is locked for a minute, then two, four, … up to
an hour. Unknown addresses are counted the same way, so the answers never tell which
addresses have accounts. The key is a keyed hash: the table holds no email address.
"""

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from directory_app.core.extensions import db
from directory_app.domain.dates import aware
from directory_app.models import SignInLock

FAILURES_BEFORE_LOCKOUT = 5
LONGEST_LOCKOUT = timedelta(hours=1)


def lock_key(email: str, client: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    message = f"{email.strip().lower()}|{client}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def locked_for(email: str, client: str, now: datetime) -> timedelta | None:
    """How long this address is still locked for this client, if it is."""
    locked_until = db.session.scalar(
        select(SignInLock.locked_until).where(SignInLock.key == lock_key(email, client))
    )
    if locked_until is None or aware(locked_until) <= now:
        return None
    return aware(locked_until) - now


def _lockout_for(failures: int) -> timedelta:
    """Back off exponentially once the allowance is used: 1, 2, 4 … minutes, at most an hour."""
    minutes = 2 ** (failures - FAILURES_BEFORE_LOCKOUT)
    return min(timedelta(minutes=minutes), LONGEST_LOCKOUT)


def record_failure(email: str, client: str, now: datetime) -> tuple[int, timedelta | None]:
    """Count a failure (safely when two arrive at once); the count and any new lock."""
    table = SignInLock.__table__
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    failures = db.session.execute(
        insert(table)
        .values(key=lock_key(email, client), failures=1)
        .on_conflict_do_update(
            index_elements=[table.c.key], set_={"failures": table.c.failures + 1}
        )
        .returning(table.c.failures)
    ).scalar_one()
    if failures < FAILURES_BEFORE_LOCKOUT:
        return failures, None
    lock = _lockout_for(failures)
    db.session.execute(
        table.update().where(table.c.key == lock_key(email, client)).values(locked_until=now + lock)
    )
    return failures, lock


def clear(email: str, client: str) -> None:
    """A successful sign-in starts the count again."""
    db.session.execute(delete(SignInLock).where(SignInLock.key == lock_key(email, client)))
