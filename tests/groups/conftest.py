"""Fixtures the group tests share."""

import pytest

from directory_app.accounts.service import create_user
from directory_app.core.transaction import commit
from tests.staff import PASSWORD, sign_in


@pytest.fixture
def app(db_app):
    """Group accounts, venues, moderation and their queries run on SQLite and PostgreSQL."""
    return db_app


@pytest.fixture
def admin(app):
    """A test client signed in as an administrator (on English pages)."""
    with app.app_context():
        create_user("admin@example.org", "Ada", "admin", PASSWORD)
        commit()
    client = app.test_client()
    sign_in(client, "admin@example.org")
    return client
