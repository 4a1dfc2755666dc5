"""Hosts keeping a search index, and pruning the log behind all of them.

Each host reports how far through the log its index is (``applied_through``) each time it
applies changes. A log row may be deleted only when every live host has passed it; a host
silent for longer than ``host_timeout`` is no longer counted (it was retired, or it will
find on its return that it is behind the pruned point, and rebuild from the database).
"""

import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from directory_app.models import SearchHost, SearchLogPruned, SearchOutboxEntry


class IndexBehind(Exception):
    """The log was pruned past this index's cursor: only a rebuild can bring it up to date."""


def default_name(index_dir: str | Path) -> str:
    """This machine and index folder: two hosts (or two folders on one machine) differ."""
    return f"{socket.gethostname()}:{Path(index_dir).resolve()}"[:200]


def report(session: Session, name: str, applied_through: int, now: datetime) -> None:
    host = session.get(SearchHost, name)
    if host is None:
        session.add(SearchHost(name=name, applied_through=applied_through, seen_at=now))
    else:
        host.applied_through = applied_through
        host.seen_at = now


def pruned_through(session: Session) -> int:
    return session.scalar(select(func.max(SearchLogPruned.through_id))) or 0


def check_not_behind(session: Session, applied_through: int) -> None:
    if applied_through < pruned_through(session):
        raise IndexBehind(f"applied through {applied_through}, log pruned further")


def prune(session: Session, now: datetime, host_timeout: timedelta) -> int:
    """Delete log rows every live host has applied; forget hosts silent too long.

    Returns the number of rows deleted. With no live host nothing is deleted: the rows are
    all a future index would have to catch up from.
    """
    session.execute(delete(SearchHost).where(SearchHost.seen_at < now - host_timeout))
    through = session.scalar(select(func.min(SearchHost.applied_through)))
    if not through:
        return 0
    deleted = session.execute(
        delete(SearchOutboxEntry).where(SearchOutboxEntry.id <= through)
    ).rowcount
    marker = session.get(SearchLogPruned, 1)
    if marker is None:
        session.add(SearchLogPruned(id=1, through_id=through))
    elif marker.through_id < through:
        marker.through_id = through
    return deleted


def hosts(session: Session) -> list[SearchHost]:
    return list(session.scalars(select(SearchHost).order_by(SearchHost.name)))


def utc_now() -> datetime:
    return datetime.now(UTC)
