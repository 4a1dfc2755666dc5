"""SQLite keeps its planner's statistics up to date itself: a connection closing runs
"PRAGMA optimize", so the inbox's index is chosen once a service has grown."""

import sqlite3

from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.models import Referral
from tests.apps import app_for, sqlite_copy
from tests.referrals.helpers import SELF_REFERRAL, submit, valid_self_referral


def _statistics(database: str) -> set[str]:
    with sqlite3.connect(database) as connection:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
        if "sqlite_stat1" not in tables:
            return set()
        return {table for (table,) in connection.execute("SELECT tbl FROM sqlite_stat1")}


def test_a_closing_connection_analyses_the_tables_it_queried(sqlite_template, tmp_path):
    database = str(tmp_path / "directory.sqlite3")
    url = sqlite_copy(sqlite_template, tmp_path)
    assert "referral" not in _statistics(database)
    for app in app_for(url, tmp_path):
        submit(app.test_client(), SELF_REFERRAL, valid_self_referral())
        with app.app_context():
            db.session.scalar(
                select(func.count()).where(
                    Referral.merged_into_id.is_(None), Referral.status == "new"
                )
            )
            db.session.remove()
            db.engine.dispose()  # closes the pooled connections, as recycling does hourly
    assert "referral" in _statistics(database)
