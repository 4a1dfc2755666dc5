"""Applying the search log to this host's index: one applier at a time, from its cursor.

Every host reads the same ordered log (``search_outbox``) from its own cursor
(``log_cursor``), so a change reaches every host's index, however many there are. On one
host, one applier runs at a time: a lock file beside the index (``APPLIER.lock``) is taken
for the whole read-apply-advance step, waiting up to ``lock_timeout`` seconds. Whoever
holds it loops until the log is drained, so a process that could not get the lock can leave
its change to the holder (and to ``flask search worker``, which passes every second).
"""

import fcntl
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app, has_app_context
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from whoosh import index

from directory_app.core import transaction
from directory_app.models import Activity, SearchOutboxEntry
from directory_app.search import hosts, log_cursor
from directory_app.search.documents import DOCUMENT_LOADING, activity_document, is_searchable
from directory_app.search.index_store import IndexBusy, IndexMissing, current_generation, writer_for

BATCH_SIZE = 2000
LOCK_FILE = "APPLIER.lock"
# Longer than any transaction that writes listings runs (imports included): a log id still
# missing after this long belonged to a transaction that rolled back.
DEFAULT_GAP_SECONDS = 600.0


@contextmanager
def applier_lock(index_dir: str | Path, lock_timeout: float):
    """Hold this host's applier lock, or raise IndexBusy after ``lock_timeout`` seconds."""
    root = Path(index_dir)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK_FILE, "a+") as handle:
        deadline = time.monotonic() + lock_timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(f"{root / LOCK_FILE} is held") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_activities(writer, session: Session, activity_ids) -> None:
    """Update or delete the index documents of these activities, from the database."""
    activities = {
        activity.id: activity
        for activity in session.scalars(
            select(Activity).where(Activity.id.in_(activity_ids)).options(*DOCUMENT_LOADING)
        )
    }
    for activity_id in activity_ids:
        activity = activities.get(activity_id)
        if is_searchable(activity):
            writer.update_document(**activity_document(activity))
        else:
            writer.delete_by_term("id", str(activity_id))


def _setting(name: str, default):
    return current_app.config.get(name, default) if has_app_context() else default


def _not_yet_applied(cursor: log_cursor.LogCursor):
    condition = SearchOutboxEntry.id > cursor.high
    if cursor.gaps:
        condition = or_(condition, SearchOutboxEntry.id.in_(sorted(cursor.gaps)[:1000]))
    return condition


def apply_pending(index_dir: str, lock_timeout: float, host: str | None = None) -> int:
    """Apply every log row this host's index has not seen; return how many were applied.

    Uses its own database session, so it can run from the after-commit hook. Raises
    IndexMissing (no index yet), IndexBusy (another applier on this host held the lock
    throughout) or hosts.IndexBehind (the log was pruned past this index: rebuild it).
    """
    host = host or _setting("SEARCH_HOST_NAME", "") or hosts.default_name(index_dir)
    gap_seconds = float(_setting("SEARCH_LOG_GAP_SECONDS", DEFAULT_GAP_SECONDS))
    applied = 0
    with applier_lock(index_dir, lock_timeout):
        generation = current_generation(index_dir)
        if generation is None:
            raise IndexMissing(str(index_dir))
        generation_dir = Path(index_dir) / generation
        ix = index.open_dir(str(generation_dir))
        cursor = log_cursor.read(generation_dir)
        while True:
            with transaction.separate_session() as session:
                hosts.check_not_behind(session, cursor.applied_through)
                entries = session.execute(
                    select(SearchOutboxEntry.id, SearchOutboxEntry.activity_id)
                    .where(_not_yet_applied(cursor))
                    .order_by(SearchOutboxEntry.id)
                    .limit(BATCH_SIZE)
                ).all()
                if entries:
                    writer = writer_for(ix, lock_timeout)
                    try:
                        write_activities(writer, session, sorted({e.activity_id for e in entries}))
                    except Exception:
                        writer.cancel()
                        raise
                    writer.commit()
                cursor.passed([e.id for e in entries])
                cursor.forget_old_gaps(gap_seconds)
                log_cursor.write(generation_dir, cursor)
                hosts.report(session, host, cursor.applied_through, datetime.now(UTC))
                applied += len(entries)
            if len(entries) < BATCH_SIZE:
                return applied


def oldest_pending(session: Session, index_dir: str) -> datetime | None:
    """When the oldest change not yet in this host's index was made (None: up to date)."""
    generation = current_generation(index_dir)
    if generation is None:
        raise IndexMissing(str(index_dir))
    cursor = log_cursor.read(Path(index_dir) / generation)
    oldest = session.scalar(
        select(func.min(SearchOutboxEntry.created_at)).where(_not_yet_applied(cursor))
    )
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)  # SQLite returns naive UTC
    return oldest


def pending_count(session: Session, index_dir: str) -> int:
    """How many log rows this host's index has still to apply."""
    generation = current_generation(index_dir)
    if generation is None:
        raise IndexMissing(str(index_dir))
    cursor = log_cursor.read(Path(index_dir) / generation)
    return session.scalar(
        select(func.count()).select_from(SearchOutboxEntry).where(_not_yet_applied(cursor))
    )
