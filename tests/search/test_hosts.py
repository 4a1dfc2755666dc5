"""Search across hosts: every host's index follows the one log from its own cursor.

Two "hosts" here are two apps on one database (SQLite and PostgreSQL), each with its own
index folder and applier, as two machines behind a load balancer would be.
"""

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit, unit_of_work
from directory_app.models import Activity, SearchHost, SearchOutboxEntry
from directory_app.search import hosts, worker
from directory_app.search.applier import apply_pending, pending_count
from directory_app.search.sync import rebuild
from tests.apps import build_app
from tests.search.helpers import search


@pytest.fixture
def second_host(db_app, tmp_path):
    """Host B: the same database, its own index built from it (as a new host starts)."""
    instance = tmp_path / "host-b"
    instance.mkdir()
    app = build_app(
        instance,
        db_app.config["SQLALCHEMY_DATABASE_URI"],
        SEARCH_HOST_NAME="host-b",
        SEARCH_INDEX_DIR=str(instance / "index"),
    )
    db_app.config["SEARCH_HOST_NAME"] = "host-a"
    with db_app.app_context():
        # The host that built the template database is not one of these two.
        db.session.execute(delete(SearchHost))
        commit()
        apply_pending(db_app.config["SEARCH_INDEX_DIR"], 2)  # host A reports where it is
    with app.app_context():
        rebuild(app.config["SEARCH_INDEX_DIR"], 2)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def running_worker():
    """Start a host's `flask search worker` loop in a thread; stopped at the end."""
    started = []

    def start(app):
        stop = threading.Event()
        thread = threading.Thread(target=worker.run, args=(app, stop, 0.1, 3600), daemon=True)
        thread.start()
        started.append((stop, thread))

    yield start
    for stop, thread in started:
        stop.set()
        thread.join(10)


def _ids(app):
    with app.app_context():
        return list(
            db.session.scalars(
                select(Activity.id).where(Activity.status == "published").order_by(Activity.id)
            )
        )


def _rename(app, activity_id, title):
    with app.app_context(), unit_of_work():
        db.session.get(Activity, activity_id).title = title


def _found(app, word) -> list[int]:
    return [a.id for a in search(app, text=word)[1]]


def _eventually(check, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def test_a_change_on_one_host_is_searchable_on_both(db_app, second_host, running_worker):
    running_worker(second_host)
    activity_id = _ids(db_app)[0]
    _rename(db_app, activity_id, "Mandolin circle")
    assert _found(db_app, "mandolin") == [activity_id]  # host A at once, after its commit
    started = time.monotonic()
    assert _eventually(lambda: _found(second_host, "mandolin") == [activity_id])
    assert time.monotonic() - started < 5


def test_a_host_that_was_down_catches_up(db_app, second_host, running_worker):
    ids = _ids(db_app)[:3]
    for activity_id, title in zip(ids, ["Lute", "Sitar", "Tabla"], strict=True):
        _rename(db_app, activity_id, f"{title} lessons")
    # Host B was down: nothing applied there, and the log still holds its rows.
    assert _found(second_host, "sitar") == []
    with second_host.app_context():
        assert pending_count(db.session, second_host.config["SEARCH_INDEX_DIR"]) == 3
    running_worker(second_host)
    assert _eventually(lambda: _found(second_host, "sitar") == [ids[1]])
    assert _found(second_host, "lute") == [ids[0]] and _found(second_host, "tabla") == [ids[2]]


def test_a_rebuild_loses_nothing_written_during_it(db_app, second_host):
    ids = _ids(db_app)
    done = threading.Event()
    written: list[tuple[int, str]] = []

    def keep_writing():
        number = 0
        while not done.is_set() or number < 5:
            activity_id = ids[number % len(ids)]
            title = f"Zzrebuild{number} club"
            _rename(db_app, activity_id, title)
            written.append((activity_id, title))
            number += 1
            # A breath between edits, as between any two people's: SQLite's lock is not
            # fair, and a writer committing back to back kept the rebuild from its write
            # lock past the 10 s busy timeout on a slow CI machine ("database is locked").
            done.wait(0.005)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        with second_host.app_context():
            rebuild(second_host.config["SEARCH_INDEX_DIR"], 2)
    finally:
        done.set()
        writer.join(60)
    with second_host.app_context():
        apply_pending(second_host.config["SEARCH_INDEX_DIR"], 2)
    latest = dict(written)  # the last title written to each activity
    for activity_id, title in latest.items():
        assert _found(second_host, title.split()[0].lower()) == [activity_id], title


def test_the_log_is_pruned_only_behind_every_live_host(db_app, second_host):
    activity_id = _ids(db_app)[0]
    _rename(db_app, activity_id, "Viola evening")  # host A applies; host B has not
    with db_app.app_context():
        total = db.session.scalar(select(func.count()).select_from(SearchOutboxEntry))
        b_through = db.session.get(SearchHost, "host-b").applied_through
        assert db.session.get(SearchHost, "host-a").applied_through > b_through
        hosts.prune(db.session, hosts.utc_now(), timedelta(hours=24))
        commit()
        left = db.session.scalar(select(func.count()).select_from(SearchOutboxEntry))
        assert 0 < left < total  # what both had is gone; nothing B still needs is
        assert db.session.scalar(select(func.min(SearchOutboxEntry.id))) == b_through + 1
    with second_host.app_context():
        apply_pending(second_host.config["SEARCH_INDEX_DIR"], 2)
    assert _found(second_host, "viola") == [activity_id]
    with db_app.app_context():
        hosts.prune(db.session, hosts.utc_now(), timedelta(hours=24))
        commit()
        assert db.session.scalar(select(func.count()).select_from(SearchOutboxEntry)) == 0


def test_a_host_away_past_the_prune_rebuilds_and_catches_up(db_app, second_host):
    activity_id = _ids(db_app)[0]
    _rename(db_app, activity_id, "Bassoon quartet")
    with db_app.app_context():
        # A day later host A is still applying, host B has been silent all along: B is
        # forgotten, and the log is pruned past it.
        later = hosts.utc_now() + timedelta(hours=25)
        db.session.get(SearchHost, "host-a").seen_at = later
        assert hosts.prune(db.session, later, timedelta(hours=24)) > 0
        commit()
    with second_host.app_context():
        with pytest.raises(hosts.IndexBehind):
            apply_pending(second_host.config["SEARCH_INDEX_DIR"], 2)
        worker.one_pass(second_host.config)  # the worker rebuilds it
    assert _found(second_host, "bassoon") == [activity_id]


def test_ids_never_come_back_after_a_prune(db_app):
    """A cursor says "everything up to N": an id reused after pruning would be skipped."""
    ids = _ids(db_app)
    with db_app.app_context():
        db.session.execute(delete(SearchHost))  # only this app's host counts
        commit()
    _rename(db_app, ids[0], "Harp hour")
    with db_app.app_context():
        highest = db.session.scalar(select(func.max(SearchOutboxEntry.id)))
        hosts.prune(db.session, hosts.utc_now(), timedelta(hours=24))
        commit()
        assert db.session.scalar(select(func.count()).select_from(SearchOutboxEntry)) == 0
    _rename(db_app, ids[1], "Lyre hour")
    with db_app.app_context():
        assert db.session.scalar(select(func.min(SearchOutboxEntry.id))) > highest
    assert _found(db_app, "lyre") == [ids[1]]


@pytest.fixture
def postgres_app(request, tmp_path):
    """PostgreSQL only: SQLite lets one writer at a time, so commits cannot cross there."""
    from tests.apps import app_for, postgres_copy

    server = request.getfixturevalue("postgres")
    template = request.getfixturevalue("postgres_template")
    yield from app_for(postgres_copy(server, template, tmp_path), tmp_path)


def test_a_change_committed_after_a_later_one_is_not_skipped(postgres_app):
    """Log ids are given at insert, commits land in any order: id 10 may commit after 11."""
    first, second = _ids(postgres_app)[:2]
    with postgres_app.app_context():
        slow = db.engine.connect()
        slow_transaction = slow.begin()
        slow.execute(
            Activity.__table__.update()
            .where(Activity.id == first)
            .values(title="Glockenspiel gathering")
        )
        slow.execute(SearchOutboxEntry.__table__.insert().values(activity_id=first))
    try:
        _rename(postgres_app, second, "Xylophone hour")  # a later id, committed and applied
        assert _found(postgres_app, "xylophone") == [second]
        slow_transaction.commit()
    finally:
        slow.close()
    with postgres_app.app_context():
        assert apply_pending(postgres_app.config["SEARCH_INDEX_DIR"], 2) == 1
    assert _found(postgres_app, "glockenspiel") == [first]


def test_a_rolled_back_id_is_given_up_after_the_gap_time():
    from directory_app.search.log_cursor import LogCursor

    cursor = LogCursor(high=10)
    cursor.passed([12, 13], now=1000.0)  # 11 is missing: a transaction still open, or gone
    assert cursor.high == 13 and cursor.applied_through == 10
    cursor.forget_old_gaps(600, now=1500.0)
    assert cursor.applied_through == 10
    cursor.forget_old_gaps(600, now=1601.0)
    assert cursor.gaps == {} and cursor.applied_through == 13
    cursor.passed([15], now=2000.0)
    cursor.passed([14], now=2001.0)  # the late one arrives: no gap is left
    assert cursor.gaps == {} and cursor.applied_through == 15
