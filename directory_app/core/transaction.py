"""The one place that commits: every request and every command is one unit of work.

As in Indico's request handler, a request's view (and a command's body) only adds and
flushes. When it returns, the unit of work commits once; if it raises, everything it did is
rolled back. Only after the commit has succeeded do the registered follow-ups run: the search
index takes the outbox's changes, and queued email is handed to the sender. A follow-up that
fails never undoes the commit: what it had to do stays in its outbox for the next run.

Work that must happen in a transaction of its own (sending one email, applying index changes
from a worker) uses ``separate_session``, which commits in this module as well.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, request
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from directory_app.core.database import is_busy, writing
from directory_app.core.extensions import db
from directory_app.core.logs import redacted_path

log = logging.getLogger(__name__)
READING_METHODS = ("GET", "HEAD", "OPTIONS")

# Follow-ups run after each successful commit, in the order they were registered; each is
# given the session.info of the transaction that committed (which says what it queued).
_after_commit: list[Callable[[dict], None]] = []


def after_commit(follow_up: Callable[[dict], None]) -> Callable[[dict], None]:
    """Register a follow-up to run after every successful commit (idempotent)."""
    if follow_up not in _after_commit:
        _after_commit.append(follow_up)
    return follow_up


def commit() -> None:
    """Commit the current transaction, then run the follow-ups.

    Called by ``unit_of_work`` for requests and commands; tests and scripts that build data
    by hand call it too, so the index and the outbox follow as they would in production.
    """
    session = db.session()
    session.commit()
    info = _take_queued(session)
    for follow_up in _after_commit:
        try:
            follow_up(info)
        except Exception:  # the data is committed; each follow-up keeps its own outbox
            log.exception("A follow-up after commit failed; its work stays queued.")


def roll_back() -> None:
    """Undo the current transaction and forget what it queued."""
    session = db.session()
    session.rollback()
    _take_queued(session)


def _take_queued(session: Session) -> dict:
    """What the transaction queued, forgotten by the session so the next one starts clean."""
    taken = {key: session.info.pop(key) for key in list(session.info) if key.startswith("queued:")}
    return taken


def mark_queued(kind: str, session: Session | None = None) -> None:
    """Note in a transaction (the request's, unless given) that it queued work of this kind
    ("mail", "search"), so the follow-up after its commit knows there is work to do."""
    (session or db.session()).info[f"queued:{kind}"] = True


def queued(info: dict, kind: str) -> bool:
    """Whether the transaction whose info this is queued work of this kind."""
    return bool(info.get(f"queued:{kind}"))


@contextmanager
def unit_of_work(writes: bool = True) -> Iterator[None]:
    """Commit what the block did when it ends, or roll it all back when it raises.

    ``writes`` says whether it is meant to change data: on SQLite such a unit takes the
    write lock when it begins, so two of them queue rather than collide.
    """
    try:
        with writing(writes):
            yield
    except BaseException:
        try:
            roll_back()
        except Exception:  # a dead connection cannot roll back; the original error matters
            log.warning("Rolling back failed; the connection is discarded.")
        raise
    commit()


@contextmanager
def separate_session() -> Iterator[Session]:
    """A session of its own, committed when the block ends (rolled back if it raises).

    For work that must not share the request's transaction: marking one email sent, or
    recording that index changes were applied.
    """
    with writing(), Session(bind=db.engine) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        session.commit()


class TransactionalFlask(Flask):
    """Flask, with each request's view run as one unit of work.

    The commit happens before the response leaves, so a failed commit (a locked database,
    a unique key taken by a double click) reaches the error handlers like any other error.
    """

    def dispatch_request(self):
        reading = request.method in READING_METHODS
        try:
            with unit_of_work(writes=not reading):
                return self.make_response(super().dispatch_request())
        except OperationalError as error:
            # A page that reads, then records that it was viewed (the audit log), began as a
            # reader; if another writer committed meanwhile, SQLite refuses the upgrade at
            # once. Reading is safe to repeat: once more, holding the write lock from the
            # start, which waits its turn instead.
            if not reading or not is_busy(error):
                raise
        with unit_of_work(writes=True):
            return self.make_response(super().dispatch_request())

    def log_exception(self, exc_info) -> None:
        """Log an unhandled error with the path (tokens left out), never the query or the
        form; the traceback's database messages are hidden by ``logs``."""
        self.logger.error(
            "Exception on %s [%s]", redacted_path(request.path), request.method, exc_info=exc_info
        )
