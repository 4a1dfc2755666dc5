"""The index follows the database: after commit, not after rollback, never losing a change."""

import multiprocessing
import threading

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit, unit_of_work
from directory_app.models import Activity, Venue, VenueAccessFeature
from directory_app.search.applier import pending_count
from directory_app.search.index_store import current_generation, open_current, searchers, writer_for
from directory_app.search.sync import apply_pending, rebuild
from tests.search.helpers import search


def _pending(app) -> int:
    with app.app_context():
        return pending_count(db.session, app.config["SEARCH_INDEX_DIR"])


def _first_activity_id(app, **where) -> int:
    with app.app_context():
        query = select(Activity.id).where(Activity.status == "published")
        for name, value in where.items():
            query = query.where(getattr(Activity, name) == value)
        return db.session.scalar(query.order_by(Activity.id).limit(1))


def _rename(app, activity_id: int, title: str) -> None:
    # As the app writes: one unit of work (on SQLite it takes the write lock when it begins).
    with app.app_context(), unit_of_work():
        db.session.get(Activity, activity_id).title = title


def test_change_is_searchable_after_commit(db_app):
    activity_id = _first_activity_id(db_app)
    _rename(db_app, activity_id, "Ukulele orchestra for beginners")
    _, found = search(db_app, text="ukulele")
    assert [a.id for a in found] == [activity_id]
    assert _pending(db_app) == 0


def test_rolled_back_change_never_reaches_the_index(db_app):
    activity_id = _first_activity_id(db_app)
    with db_app.app_context():
        db.session.get(Activity, activity_id).title = "Theremin circle"
        db.session.flush()
        assert pending_count(db.session, db_app.config["SEARCH_INDEX_DIR"]) == 1
        db.session.rollback()
    results, _ = search(db_app, text="theremin")
    assert results.total == 0
    assert _pending(db_app) == 0


def test_unpublishing_removes_from_search(db_app):
    activity_id = _first_activity_id(db_app)
    with db_app.app_context():
        title = db.session.get(Activity, activity_id).title
        db.session.get(Activity, activity_id).status = "paused"
        commit()
    _, found = search(db_app, text=title)
    assert activity_id not in [a.id for a in found]


def test_venue_change_reindexes_its_activities(db_app):
    with db_app.app_context():
        venue = db.session.scalar(select(Venue).where(Venue.key == "palfrey-park-pavilion"))
        assert "hearing-loop" not in venue.feature_codes
        activity_ids = {a.id for a in venue.activities if a.status == "published"}
        venue.access_features.append(VenueAccessFeature(feature="hearing-loop"))
        commit()
    _, found = search(db_app, access=["hearing-loop"])
    assert activity_ids and activity_ids <= {a.id for a in found}


def test_busy_index_keeps_the_change_in_the_outbox_until_sync(db_app):
    activity_id = _first_activity_id(db_app)
    index_dir = db_app.config["SEARCH_INDEX_DIR"]
    db_app.config["INDEX_LOCK_TIMEOUT"] = 0.2
    blocker = writer_for(open_current(index_dir), 1)  # another process writing
    try:
        _rename(db_app, activity_id, "Harmonica club")  # commits, no LockError surfaces
        assert _pending(db_app) > 0
        assert search(db_app, text="harmonica")[0].total == 0
    finally:
        blocker.cancel()
    with db_app.app_context():
        assert apply_pending(index_dir, 1) > 0
    assert [a.id for a in search(db_app, text="harmonica")[1]] == [activity_id]
    assert _pending(db_app) == 0


def test_changes_left_by_a_dead_process_are_applied_by_the_next_commit(db_app):
    first, second = (_first_activity_id(db_app, cost_type=c) for c in ("free", "fixed"))
    with db_app.app_context():
        # Simulate a process that committed but died before touching the index: the
        # database commit alone, without the boundary's follow-ups.
        db.session.get(Activity, first).title = "Bagpipe circle"
        db.session.commit()
    assert _pending(db_app) == 1
    _rename(db_app, second, "Kazoo ensemble")
    assert [a.id for a in search(db_app, text="bagpipe")[1]] == [first]
    assert [a.id for a in search(db_app, text="kazoo")[1]] == [second]


def _rename_in_thread(app, activity_id, title, errors):
    try:
        _rename(app, activity_id, title)
    except Exception as error:  # pragma: no cover - reported by the test
        errors.append(error)


def test_two_writers_at_once_lose_nothing(db_app):
    ids = [_first_activity_id(db_app, cost_type=c) for c in ("free", "fixed", "pay-what-you-can")]
    titles = ["Accordion jam", "Banjo basics", "Cello circle"]
    errors: list[Exception] = []
    threads = [
        threading.Thread(target=_rename_in_thread, args=(db_app, i, t, errors))
        for i, t in zip(ids, titles, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with db_app.app_context():
        apply_pending(db_app.config["SEARCH_INDEX_DIR"], 2)  # what cron's `flask search sync` does
    for activity_id, title in zip(ids, titles, strict=True):
        assert [a.id for a in search(db_app, text=title.split()[0])[1]] == [activity_id]
    assert _pending(db_app) == 0


def _rename_in_process(database_url, index_dir, instance, activity_id, title):
    from tests.apps import build_app

    app = build_app(instance, database_url, SEARCH_INDEX_DIR=index_dir, INDEX_LOCK_TIMEOUT=5.0)
    _rename(app, activity_id, title)


def test_two_processes_writing_at_once_lose_nothing(db_app, tmp_path):
    ids = [_first_activity_id(db_app, cost_type=c) for c in ("free", "fixed")]
    titles = ["Didgeridoo workshop", "Ocarina evening"]
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(
            target=_rename_in_process,
            args=(
                db_app.config["SQLALCHEMY_DATABASE_URI"],
                db_app.config["SEARCH_INDEX_DIR"],
                tmp_path,
                i,
                t,
            ),
        )
        for i, t in zip(ids, titles, strict=True)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    with db_app.app_context():
        apply_pending(db_app.config["SEARCH_INDEX_DIR"], 2)
    for activity_id, title in zip(ids, titles, strict=True):
        assert [a.id for a in search(db_app, text=title.split()[0])[1]] == [activity_id]


def test_reindex_keeps_search_online_and_swaps_generations(db_app):
    index_dir = db_app.config["SEARCH_INDEX_DIR"]
    before = current_generation(index_dir)
    old_searcher = searchers.searcher(index_dir)
    old_total = old_searcher.doc_count()
    with db_app.app_context():
        assert rebuild(index_dir, 2) == old_total
    # A searcher opened before the rebuild still answers; the next search uses the new index.
    assert old_searcher.doc_count() == old_total
    assert current_generation(index_dir) != before
    assert search(db_app)[0].total == old_total


def test_updating_a_listing_twice_leaves_one_document(db_app):
    activity_id = _first_activity_id(db_app)
    search(db_app, text="anything")  # a long-lived searcher, as a worker has
    _rename(db_app, activity_id, "Zither club")
    search(db_app, text="zither")
    _rename(db_app, activity_id, "Zither club for beginners")
    results, found = search(db_app, text="zither")
    assert [a.id for a in found] == [activity_id]
    assert search(db_app)[0].total == 150
