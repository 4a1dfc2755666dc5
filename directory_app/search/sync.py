"""Keep the search index in step with the database, through the search outbox.

1. ``record_changes`` (an ``after_flush`` hook) writes a ``search_outbox`` row for every
   activity whose searchable data changed, in the same transaction as the change.
2. ``apply_after_commit`` (a follow-up of ``core.transaction.commit``) applies pending rows to
   the index once the transaction has committed, and marks them applied.
3. If the index is busy (another process is writing), or the write fails, or the process
   dies, the rows stay pending; the next commit, ``flask search sync`` or a rebuild applies
   them. A rolled-back transaction takes its rows with it, so the index never runs ahead of
   the database.
"""

import logging
import os
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import event, insert, select, update
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
    SearchOutboxEntry,
    SessionCancellation,
    Venue,
    VenueAccessFeature,
)
from directory_app.search.documents import DOCUMENT_LOADING, activity_document, is_searchable
from directory_app.search.index_store import (
    IndexBusy,
    IndexMissing,
    create_generation,
    make_live,
    open_current,
    writer_for,
)

log = logging.getLogger(__name__)

BATCH_SIZE = 2000
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
    connection = session.connection()
    if venue_ids:
        activity_ids.update(
            connection.scalars(select(Activity.id).where(Activity.venue_id.in_(venue_ids)))
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
        log.info("Search index busy; changes stay in the outbox for the next sync.")
    except IndexMissing:
        log.warning("No search index yet; run `flask search reindex`. Changes stay in the outbox.")


def install_hooks() -> None:
    """Listen for flushes on Flask-SQLAlchemy's session class; called once from the factory."""
    session_class = db.session.session_factory.class_
    if not event.contains(session_class, "after_flush", record_changes):
        event.listen(session_class, "after_flush", record_changes)


def _write_activities(writer, session: Session, activity_ids) -> None:
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


def apply_pending(index_dir: str, lock_timeout: float) -> int:
    """Apply every pending outbox row to the live index; return how many rows were applied.

    Uses its own database session so it can run from the after-commit hook. Loops until no
    rows are pending, so changes committed by another process while this one held the
    index lock are not left behind.
    """
    applied = 0
    ix = open_current(index_dir)
    while True:
        with transaction.separate_session() as session:
            entries = session.scalars(
                select(SearchOutboxEntry)
                .where(SearchOutboxEntry.applied_at.is_(None))
                .order_by(SearchOutboxEntry.id)
                .limit(BATCH_SIZE)
            ).all()
            if not entries:
                return applied
            writer = writer_for(ix, lock_timeout)
            try:
                _write_activities(writer, session, sorted({e.activity_id for e in entries}))
            except Exception:
                writer.cancel()
                raise
            writer.commit()
            session.execute(
                update(SearchOutboxEntry)
                .where(SearchOutboxEntry.id.in_([e.id for e in entries]))
                .values(applied_at=datetime.now(UTC))
            )
            applied += len(entries)


def rebuild(index_dir: str, lock_timeout: float, progress=None) -> int:
    """Build a fresh index from the database beside the live one, then swap it in.

    Search keeps answering from the old index throughout. Changes committed while the
    rebuild ran are re-applied to the new index after the swap (their outbox rows are
    found by time), so none is lost to the race. Returns the number of documents indexed.
    """
    started_at = datetime.now(UTC)
    generation, ix = create_generation(index_dir)
    # One writing process per core, each making its own segment (no final merge), in
    # separate files rather than one compound file: a searcher then reads postings from
    # the files as needed instead of holding a private copy of the whole index.
    writer = ix.writer(
        procs=REBUILD_PROCESSES, multisegment=REBUILD_PROCESSES > 1, limitmb=256, compound=False
    )
    indexed = 0
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
        make_live(index_dir, generation)
        recent = session.scalars(
            select(SearchOutboxEntry.activity_id).where(SearchOutboxEntry.created_at >= started_at)
        ).all()
        if recent:
            late_writer = writer_for(open_current(index_dir), lock_timeout)
            _write_activities(late_writer, session, sorted(set(recent)))
            late_writer.commit()
        # Everything recorded before the rebuild started is in the new index.
        session.execute(
            update(SearchOutboxEntry)
            .where(
                SearchOutboxEntry.applied_at.is_(None), SearchOutboxEntry.created_at < started_at
            )
            .values(applied_at=datetime.now(UTC))
        )
    return indexed
