"""Fixtures the group tests share."""

import pytest


@pytest.fixture
def app(db_app):
    """Group accounts, venues, moderation and their queries run on SQLite and PostgreSQL."""
    return db_app
