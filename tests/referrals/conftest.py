"""Referral data is the most sensitive we hold: run these tests on SQLite and PostgreSQL."""

import pytest


@pytest.fixture
def app(db_app):
    return db_app
