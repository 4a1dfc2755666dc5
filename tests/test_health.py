"""Health checks a load balancer reads: up, and ready to serve."""

from datetime import UTC, datetime, timedelta

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import SearchOutboxEntry


def test_healthz_answers_without_the_database(empty_app):
    response = empty_app.test_client().get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_checks_database_index_and_mail(app):
    response = app.test_client().get("/readyz")
    assert response.status_code == 200, response.json
    checks = response.json["checks"]
    assert checks["database"]["ok"] and checks["search"]["documents"] == 150
    assert checks["mail"] == {"ok": True, "waiting": 0, "failed": 0}
    assert checks["search_lag"] == {"ok": True, "seconds": 0}


def test_readyz_reports_how_far_the_index_is_behind(app):
    with app.app_context():
        db.session.add(
            SearchOutboxEntry(activity_id=1, created_at=datetime.now(UTC) - timedelta(minutes=2))
        )
        commit()
    lag = app.test_client().get("/readyz").json["checks"]["search_lag"]
    assert lag["ok"] and lag["seconds"] >= 119


def test_readyz_is_503_when_the_index_is_missing(empty_app):
    response = empty_app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["search"] == {"ok": False, "error": "IndexMissing"}
