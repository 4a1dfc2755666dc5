"""Rate-limit counters kept in the database, so limits hold across workers and restarts.

Flask-Limiter's default storage is each process's memory: with two workers every stated
limit let twice as many through, and a restart forgot them all. ``database://`` (the
default ``RATELIMIT_STORAGE_URI``) keeps fixed-window counters in a table of the app's own
database; ``redis://…`` is the choice when many hosts serve.

Counting uses its own short transaction, so a count stands even when the request it
counted fails and rolls back.
"""

import random
import time

from limits.storage import Storage
from sqlalchemy import Float, Integer, String, case, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from directory_app.core.extensions import db

PRUNE_CHANCE = 0.01


class RateLimitCounter(db.Model):
    """One limit's count for one client in the current window."""

    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    # Seconds since the epoch when this window ends.
    expires_at: Mapped[float] = mapped_column(Float, index=True)


class DatabaseStorage(Storage):
    """A ``limits`` storage on the app's database (fixed windows only, which we use)."""

    STORAGE_SCHEME = ["database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        table = RateLimitCounter.__table__
        with db.engine.begin() as connection:
            insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
            expired = table.c.expires_at <= now
            statement = (
                insert(table)
                .values(key=key, count=amount, expires_at=now + expiry)
                .on_conflict_do_update(
                    index_elements=[table.c.key],
                    set_={
                        "count": case((expired, amount), else_=table.c.count + amount),
                        "expires_at": case((expired, now + expiry), else_=table.c.expires_at),
                    },
                )
                .returning(table.c.count)
            )
            count = connection.execute(statement).scalar_one()
            if random.random() < PRUNE_CHANCE:  # windows long over, left by clients gone
                connection.execute(
                    delete(RateLimitCounter).where(RateLimitCounter.expires_at < now - 3600)
                )
            return count

    def get(self, key: str) -> int:
        with db.engine.connect() as connection:
            count = connection.scalar(
                select(RateLimitCounter.count).where(
                    RateLimitCounter.key == key, RateLimitCounter.expires_at > time.time()
                )
            )
        return count or 0

    def get_expiry(self, key: str) -> float:
        with db.engine.connect() as connection:
            expires_at = connection.scalar(
                select(RateLimitCounter.expires_at).where(RateLimitCounter.key == key)
            )
        return expires_at if expires_at and expires_at > time.time() else time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.scalar(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(RateLimitCounter)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key))
