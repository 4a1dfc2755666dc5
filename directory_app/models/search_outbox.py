"""The search log: index changes recorded in the same transaction as the data change.

A row is written whenever an activity (or its venue or organisation) changes, in the same
database transaction, so a rolled-back change never reaches any index. The log is read in
id order by every host that keeps a search index, each from its own cursor (kept inside its
index, ``search.log_cursor``), so one host applying a change does not hide it from another.
Rows are pruned only once every live host has passed them (``search.hosts``).
"""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from directory_app.core.extensions import db
from directory_app.models.timestamps import utcnow


class SearchOutboxEntry(db.Model):
    __tablename__ = "search_outbox"
    # Ids only ever grow, on SQLite too (whose plain rowids reuse the highest after a
    # prune): a host's cursor says "everything up to id N", so an id must never come back.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    # Not a foreign key: a deleted activity's entry must outlive it so the index drops it.
    activity_id: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SearchHost(db.Model):
    """A host keeping a search index: how far through the log it is, and when it last said."""

    __tablename__ = "search_host"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    # Every log row up to and including this id is in the host's index.
    applied_through: Mapped[int] = mapped_column(BigInteger, default=0)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SearchLogPruned(db.Model):
    """The highest log id ever pruned (one row): a host whose cursor is below it has missed
    changes for good and must rebuild its index from the database."""

    __tablename__ = "search_log_pruned"

    id: Mapped[int] = mapped_column(primary_key=True)
    through_id: Mapped[int] = mapped_column(BigInteger, default=0)
