"""Reminders, problem reports, import and export run on SQLite and PostgreSQL."""

import pytest


@pytest.fixture
def app(db_app):
    return db_app
