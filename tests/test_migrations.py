"""Migrations: files sort in chain order, and the chain runs from an empty database to the
models' schema, one revision at a time, on SQLite and PostgreSQL."""

import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from directory_app.core.extensions import db
from tests.apps import app_for

VERSIONS = Path(__file__).resolve().parents[1] / "migrations" / "versions"


def _chain(app) -> list:
    """Revisions from the first to the head, following down_revision links."""
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        return list(reversed(list(script.walk_revisions())))


def test_file_names_sort_in_chain_order(empty_app):
    chain = _chain(empty_app)
    by_file = sorted(VERSIONS.glob("*.py"))
    assert [Path(revision.path).name for revision in chain] == [path.name for path in by_file]
    # Date and time first (as Indico names them), so a new migration sorts last.
    assert all(re.match(r"\d{4}-\d{2}-\d{2}_\d{4}_", path.name) for path in by_file)


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_database(request, tmp_path):
    """An app on a database with no tables at all."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'blank.sqlite3'}"
    else:
        server = request.getfixturevalue("postgres")
        admin = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE directory_blank"))
        admin.dispose()
        url = server.url("directory_blank")
    yield from app_for(url, tmp_path)


def test_the_chain_runs_from_empty_to_the_models_schema_and_back(blank_database):
    app = blank_database
    with app.app_context():
        for revision in _chain(app):
            upgrade(revision=revision.revision)
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection)
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        downgrade(revision="base")
        with db.engine.connect() as connection:
            tables = set(db.inspect(connection).get_table_names()) - {"alembic_version"}
        assert tables == set()
