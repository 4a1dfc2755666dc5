"""Keep every host's search index in step with the database, through the search log.

1. ``record_changes`` (an ``after_flush`` hook) writes a ``search_outbox`` row for every
   activity whose searchable data changed, in the same transaction as the change.
2. ``apply_after_commit`` (a follow-up of ``core.transaction.commit``) applies this host's
   pending rows (``applier.apply_pending``, from the index's own cursor) once the
   transaction has committed, so a change is searchable here at once.
3. Other hosts, and this one when its applier was busy, the write failed or the process
   died, pick the rows up from their own cursors: the next commit there, or
   ``flask search worker`` (every second), or ``flask search sync`` from cron. A
   rolled-back transaction takes its rows with it, so no index runs ahead of the database.
4. ``rebuild`` builds a fresh index beside the live one, starting from a cursor taken when
   it began, and catches up from the log after the swap: nothing written during it is lost.
"""

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import event, func, insert, select, update
from sqlalchemy.orm import Session

from directory_app.core import transaction
from directory_app.core.extensions import db
from directory_app.models import (
    Activity,
    ActivityAudience,
    ActivityCategory,
    ActivityLanguage,
    ActivitySchedule,
    ActivityTranslation,
    Organisation,
    OrganisationTranslation,
    SchoolTerm,
    SearchOutboxEntry,
    SessionCancellation,
    Venue,
    VenueAccessFeature,
)
from directory_app.search import log_cursor
from directory_app.search.applier import apply_pending
from directory_app.search.documents import DOCUMENT_LOADING, activity_document
from directory_app.search.hosts import IndexBehind, pruned_through
from directory_app.search.index_store import IndexBusy, IndexMissing, create_generation, make_live

log = logging.getLogger(__name__)

REBUILD_PROCESSES = min(2, os.cpu_count() or 1)
ACTIVITY_CHILDREN = (
    ActivityCategory,
    ActivityAudience,
    ActivityLanguage,
    ActivitySchedule,
    ActivityTranslation,
    # A cancelled session changes the card's next session and the feeds' schedules.
    SessionCancellation,
)


def _affected_activity_ids(session: Session) -> set[int]:
    """Activity ids whose index documents may be changed by this flush."""
    activity_ids: set[int] = set()
    venue_ids: set[int] = set()
    organisation_ids: set[int] = set()
    term_boroughs: set[str] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if obj in session.dirty and not session.is_modified(obj):
            continue
        if isinstance(obj, Activity):
            if obj.id is not None:
                activity_ids.add(obj.id)
        elif isinstance(obj, ACTIVITY_CHILDREN):
            if obj.activity_id is not None:
                activity_ids.add(obj.activity_id)
        elif isinstance(obj, Venue):
            venue_ids.add(obj.id)
        elif isinstance(obj, VenueAccessFeature):
            venue_ids.add(obj.venue_id)
        elif isinstance(obj, Organisation):
            organisation_ids.add(obj.id)
        elif isinstance(obj, OrganisationTranslation):
            organisation_ids.add(obj.organisation_id)
        elif isinstance(obj, SchoolTerm):
            term_boroughs.add(obj.borough)
    connection = session.connection()
    if venue_ids:
        activity_ids.update(
            connection.scalars(select(Activity.id).where(Activity.venue_id.in_(venue_ids)))
        )
        # A session held at another venue shows that venue's address too.
        activity_ids.update(
            connection.scalars(
                select(ActivitySchedule.activity_id).where(ActivitySchedule.venue_id.in_(venue_ids))
            )
        )
    if term_boroughs:
        # New term dates move the next session of the borough's term-time activities.
        activity_ids.update(
            connection.scalars(
                select(ActivitySchedule.activity_id)
                .join(Activity, Activity.id == ActivitySchedule.activity_id)
                .join(Venue, Venue.id == Activity.venue_id)
                .where(ActivitySchedule.term_time_only, Venue.borough.in_(term_boroughs))
            )
        )
    if organisation_ids:
        activity_ids.update(
            connection.scalars(
                select(Activity.id).where(Activity.organisation_id.in_(organisation_ids))
            )
        )
    activity_ids.discard(None)
    return activity_ids


def record_changes(session: Session, _flush_context) -> None:
    """After each flush, add outbox rows for the activities it touched (same transaction)."""
    activity_ids = _affected_activity_ids(session)
    if not activity_ids:
        return
    now = datetime.now(UTC)
    # Core insert: adding ORM objects is not allowed while a flush is finishing.
    connection = session.connection()
    connection.execute(
        insert(SearchOutboxEntry),
        [{"activity_id": activity_id, "created_at": now} for activity_id in sorted(activity_ids)],
    )
    connection.execute(
        update(Activity)
        .where(Activity.id.in_(activity_ids))
        .values(content_version=Activity.content_version + 1)
        .execution_options(synchronize_session=False)
    )
    transaction.mark_queued("search", session)


@transaction.after_commit
def apply_after_commit(queued: dict) -> None:
    """Once a transaction with outbox rows has committed, bring the index up to date."""
    if not transaction.queued(queued, "search"):
        return
    try:
        apply_pending(
            current_app.config["SEARCH_INDEX_DIR"], current_app.config["INDEX_LOCK_TIMEOUT"]
        )
    except IndexBusy:
        log.info("Search applier busy; it (or the worker) applies these changes.")
    except IndexMissing:
        log.warning("No search index yet; run `flask search reindex`. Changes stay in the outbox.")
    except IndexBehind:
        log.error("This host's search index is behind the pruned log; rebuild it.")


def install_hooks() -> None:
    """Listen for flushes on Flask-SQLAlchemy's session class; called once from the factory."""
    session_class = db.session.session_factory.class_
    if not event.contains(session_class, "after_flush", record_changes):
        event.listen(session_class, "after_flush", record_changes)


def _starting_cursor(session: Session) -> log_cursor.LogCursor:
    """The log position a rebuild starts from: everything up to the highest id now, except
    ids missing in the last stretch, whose transactions may still commit (gaps)."""
    high = session.scalar(select(func.max(SearchOutboxEntry.id))) or 0
    low = max(pruned_through(session), high - 1000)
    present = set(session.scalars(select(SearchOutboxEntry.id).where(SearchOutboxEntry.id > low)))
    cursor = log_cursor.LogCursor(high=low)
    cursor.passed(sorted(present))  # the ids between them that are missing become gaps
    return cursor


def rebuild(index_dir: str, lock_timeout: float, progress=None) -> int:
    """Build a fresh index from the database beside the live one, then swap it in.

    Search keeps answering from the old index throughout. The new index's cursor is the
    log's position before the first listing was read, so every change committed while
    the rebuild ran is applied from the log after the swap. Returns the documents indexed.
    """
    generation, ix = create_generation(index_dir)
    # One writing process per core, each making its own segment (no final merge), in
    # separate files rather than one compound file: a searcher then reads postings from
    # the files as needed instead of holding a private copy of the whole index.
    writer = ix.writer(
        procs=REBUILD_PROCESSES, multisegment=REBUILD_PROCESSES > 1, limitmb=256, compound=False
    )
    indexed = 0
    with transaction.separate_session() as session:
        cursor = _starting_cursor(session)
    with transaction.separate_session() as session:
        ids = session.scalars(
            select(Activity.id).where(Activity.status == "published").order_by(Activity.id)
        ).all()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            listings = select(Activity).where(Activity.id.in_(chunk)).options(*DOCUMENT_LOADING)
            for activity in session.scalars(listings):
                writer.add_document(**activity_document(activity))
                indexed += 1
            session.expunge_all()
            if progress:
                progress(len(chunk))
    writer.commit()
    log_cursor.write(Path(index_dir) / generation, cursor)
    make_live(index_dir, generation)
    try:
        apply_pending(index_dir, lock_timeout)
    except IndexBusy:
        log.info("Search applier busy after the rebuild; it catches the new index up.")
    return indexed
