"""How the app talks to its database, so faults are survivable and say nothing personal.

- Statement parameters are never put into error messages (``hide_parameters``): a failed
  insert of a referral would otherwise log the person's name, date of birth and story.
- PostgreSQL connections are checked before use and give up connecting after a few
  seconds, so a restarting server gives a "try again" page, not a hung worker.
- SQLite runs in WAL mode (readers never wait for the writer) with a busy timeout, and a
  transaction that is meant to write (a request other than GET or HEAD, a command's unit
  of work, a separate session) takes the write lock when it begins (``BEGIN IMMEDIATE``).
  Two writers then queue instead of one failing half way, which is how a double-clicked
  form ends on one confirmation.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import InterfaceError, OperationalError

from directory_app.core.extensions import db

# Whether transactions begun now are meant to write (set by ``writing``).
_writing: ContextVar[bool] = ContextVar("writing", default=False)


@contextmanager
def writing(meant_to_write: bool = True) -> Iterator[None]:
    """Transactions begun inside the block take SQLite's write lock at once (or do not)."""
    token = _writing.set(meant_to_write)
    try:
        yield
    finally:
        _writing.reset(token)


def engine_options(
    database_url: str, busy_timeout_seconds: float, pool: dict | None = None
) -> dict:
    """Engine options for ``SQLALCHEMY_ENGINE_OPTIONS``.

    On PostgreSQL each process keeps ``pool_size`` connections and may open
    ``max_overflow`` more; a request waits ``pool_timeout`` seconds for one, then gets the
    translated "try again" page rather than hanging past gunicorn's timeout, and a
    statement running longer than ``statement_timeout_ms`` is stopped for the same reason.
    Workers × (pool_size + max_overflow) for every host must stay under the server's
    ``max_connections``.
    """
    options = {"pool_pre_ping": True, "hide_parameters": True}
    if database_url.startswith("postgresql"):
        pool = pool or {}
        options["connect_args"] = {
            "connect_timeout": 5,
            "options": f"-c statement_timeout={int(pool.get('statement_timeout_ms', 15000))}",
        }
        options["pool_size"] = int(pool.get("pool_size", 5))
        options["max_overflow"] = int(pool.get("max_overflow", 5))
        options["pool_timeout"] = float(pool.get("pool_timeout", 10))
        # Connections older than this are replaced, so a proxy or firewall that drops idle
        # ones never hands a request a dead connection.
        options["pool_recycle"] = 1800
    elif database_url.startswith("sqlite"):
        options["connect_args"] = {"timeout": busy_timeout_seconds}
        # Each connection is replaced hourly, and refreshes the planner's statistics as it
        # closes (``_on_close``), so they follow the data as a service grows.
        options["pool_recycle"] = 3600
    return options


def configure(app: Flask) -> None:
    """Engine options for the configured database (before the extension is initialised)."""
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    options = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"],
        app.config["SQLITE_BUSY_TIMEOUT"],
        app.config.get("DATABASE_POOL"),
    )
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, **app.config["SQLALCHEMY_ENGINE_OPTIONS"]}


def install(app: Flask) -> None:
    """Set SQLite's connections up as described above, and end each request's session
    safely on any database."""
    # Registered after Flask-SQLAlchemy's own teardown, so it runs first (teardowns run
    # last-registered first). When the server went away mid-request (a PostgreSQL
    # restart), the closing ROLLBACK fails after every error handler has run: the
    # exception escaped to gunicorn, which dropped the worker and the resident's request.
    # A connection that cannot roll back is dead: invalidate it instead of raising.
    app.teardown_appcontext(_close_session)
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _on_connect):
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
        event.listen(engine, "close", _on_close)


def _close_session(_error=None) -> None:
    try:
        db.session.close()
    except (OperationalError, InterfaceError):
        db.session().invalidate()  # the scoped session does not proxy invalidate()


def _on_connect(dbapi_connection, _record) -> None:
    # Begin transactions ourselves (below), rather than pysqlite at the first write.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _on_close(dbapi_connection, _record) -> None:
    # SQLite plans without statistics until ANALYZE: at 100,000 requests the inbox read
    # every row through the status index instead of its own (benchmarks/inbox.py). "PRAGMA
    # optimize" before closing, as SQLite advises, analyses the tables this connection
    # queried whose indexes were never analysed or that grew 25-fold since; the limit
    # keeps that to a sample of each index, a few milliseconds.
    try:
        dbapi_connection.execute("PRAGMA analysis_limit=1000")
        dbapi_connection.execute("PRAGMA optimize")
    except sqlite3.Error:
        pass  # a busy or read-only database: the statistics wait for another close


def _on_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _writing.get() else "BEGIN")


def is_busy(error) -> bool:
    """Whether a database error is SQLite saying another writer holds the lock."""
    return "database is locked" in str(getattr(error, "orig", error))
