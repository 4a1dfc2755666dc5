"""Helpers for the schedules tests."""

from sqlalchemy import delete

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import SchoolTerm


def forget_school_terms(app) -> None:
    """The seeded app knows its boroughs' terms: these tests start where none are known."""
    with app.app_context():
        db.session.execute(delete(SchoolTerm))
        commit()
