"""PostgreSQL connections are bounded: a pool per process, a wait that ends, and a statement
timeout under gunicorn's, so a slow moment gives the "try again" page rather than a hang."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from directory_app.core.database import engine_options
from directory_app.core.extensions import db
from tests.apps import app_for, postgres_copy


def test_postgresql_gets_a_bounded_pool_and_sqlite_its_busy_wait():
    pool = {"pool_size": 3, "max_overflow": 2, "pool_timeout": 4, "statement_timeout_ms": 900}
    options = engine_options("postgresql+psycopg://x@127.0.0.1/db", 10, pool)
    assert (options["pool_size"], options["max_overflow"], options["pool_timeout"]) == (3, 2, 4)
    assert options["connect_args"]["options"] == "-c statement_timeout=900"
    assert engine_options("sqlite:///x.sqlite3", 7)["connect_args"] == {"timeout": 7}


@pytest.fixture
def slow_limit_app(postgres, postgres_template, tmp_path):
    pool = {"pool_size": 2, "max_overflow": 0, "pool_timeout": 1, "statement_timeout_ms": 300}
    url = postgres_copy(postgres, postgres_template, tmp_path)
    yield from app_for(url, tmp_path, DATABASE_POOL=pool)


def test_a_statement_over_the_limit_is_stopped_on_postgresql(slow_limit_app):
    with slow_limit_app.app_context():
        assert db.session.execute(text("SHOW statement_timeout")).scalar() == "300ms"
        assert db.engine.pool.size() == 2
        with pytest.raises(OperationalError, match="statement timeout"):
            db.session.execute(text("SELECT pg_sleep(2)"))
        db.session.rollback()
        # The connection is fine afterwards: only that statement was stopped.
        assert db.session.execute(text("SELECT 1")).scalar() == 1
