"""``/healthz`` (the process answers) and ``/readyz`` (it can serve: the database, the search
index and the mail queue are reachable), for a load balancer or an orchestrator.

Neither says anything personal: counts and ages only. ``/readyz`` answers 503 when a part
is unreachable, so a balancer stops sending residents to a worker that would fail them.
"""

from datetime import UTC, datetime

from flask import Blueprint, current_app, jsonify
from sqlalchemy import func, select, text

from directory_app.core.extensions import db
from directory_app.core.mail import EmailOutboxMessage
from directory_app.search.applier import oldest_pending
from directory_app.search.index_store import searchers

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():
    return _no_store(jsonify(status="ok"))


@blueprint.get("/readyz")
def readyz():
    # The database first: after it fails, the queries below would only fail again.
    checks = {"database": _check(_database), "search": _check(_search)}
    if checks["database"]["ok"]:
        checks["mail"] = _check(_mail_queue)
        checks["search_lag"] = _check(_index_lag)
    ready = all(check["ok"] for check in checks.values())
    response = jsonify(status="ok" if ready else "unavailable", checks=checks)
    response.status_code = 200 if ready else 503
    return _no_store(response)


def _check(probe) -> dict:
    try:
        return {"ok": True, **probe()}
    except Exception as error:  # noqa: BLE001 (any failure means "not ready")
        # The kind of error only: its text may hold a connection string.
        current_app.logger.warning("Readiness check %s failed: %s", probe.__name__, type(error))
        return {"ok": False, "error": type(error).__name__}


def _database() -> dict:
    db.session.execute(text("SELECT 1"))
    return {}


def _search() -> dict:
    searcher = searchers.searcher(current_app.config["SEARCH_INDEX_DIR"])
    return {"documents": searcher.doc_count()}


def _mail_queue() -> dict:
    waiting = db.session.scalar(
        select(func.count())
        .select_from(EmailOutboxMessage)
        .where(EmailOutboxMessage.sent_at.is_(None), EmailOutboxMessage.failed_at.is_(None))
    )
    failed = db.session.scalar(
        select(func.count())
        .select_from(EmailOutboxMessage)
        .where(EmailOutboxMessage.failed_at.is_not(None))
    )
    return {"waiting": waiting, "failed": failed}


def _index_lag() -> dict:
    """How long the oldest change not yet in this host's index has waited, in seconds."""
    oldest = oldest_pending(db.session, current_app.config["SEARCH_INDEX_DIR"])
    if oldest is None:
        return {"seconds": 0}
    return {"seconds": round((datetime.now(UTC) - oldest).total_seconds(), 1)}


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response
