"""Shared fixtures: app -> client, on SQLite and (where a server can start) PostgreSQL.

The demo data is migrated, seeded and indexed once per database kind per run; each test
gets its own copy (a copied SQLite file, or a PostgreSQL database cloned from a template),
so tests stay independent without paying for seeding every time.
"""

import itertools
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from directory_app import create_app
from directory_app.extensions import db
from directory_app.search.index_store import searchers
from directory_app.search.sync import rebuild
from directory_app.seeding.loader import load_seeds
from tests import postgres_server

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
_database_numbers = itertools.count(1)


def build_app(instance: Path, database_url: str, **extra):
    config = {
        "TESTING": True,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SEARCH_INDEX_DIR": str(instance / "index"),
        "INDEX_LOCK_TIMEOUT": 2.0,
        # Rate limits are tested on their own; elsewhere many requests come from one address.
        "RATELIMIT_ENABLED": False,
    }
    config.update(extra)
    return create_app(config)


def migrate_seed_and_index(app) -> None:
    with app.app_context():
        upgrade()
        load_seeds(app.config["SEEDS_DIR"], date.today())
        db.session.commit()
        rebuild(app.config["SEARCH_INDEX_DIR"], 2.0)
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated, seeded, indexed SQLite database and index, built once."""
    folder = tmp_path_factory.mktemp("sqlite-template")
    app = build_app(folder, f"sqlite:///{folder / 'directory.sqlite3'}")
    migrate_seed_and_index(app)
    return folder


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for this test run, started from the installed binaries."""
    if postgres_server.find_bin_dir() is None:
        if IN_CI:
            pytest.fail("PostgreSQL server binaries are missing in CI; .ci/run should install them")
        pytest.skip("No PostgreSQL server binaries (initdb) on this machine")
    server = postgres_server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres, tmp_path_factory):
    """A migrated, seeded, indexed PostgreSQL template database, built once."""
    folder = tmp_path_factory.mktemp("postgres-template")
    admin = create_engine(postgres.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE directory_template"))
    admin.dispose()
    app = build_app(folder, postgres.url("directory_template"))
    migrate_seed_and_index(app)
    return folder


def _sqlite_copy(template: Path, target: Path) -> str:
    shutil.copy(template / "directory.sqlite3", target / "directory.sqlite3")
    shutil.copytree(template / "index", target / "index")
    return f"sqlite:///{target / 'directory.sqlite3'}"


def _postgres_copy(server, template: Path, target: Path) -> str:
    name = f"directory_test_{next(_database_numbers)}"
    admin = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE directory_template"))
    admin.dispose()
    shutil.copytree(template / "index", target / "index")
    return server.url(name)


def _app_for(database_url: str, instance: Path, **extra):
    app = build_app(instance, database_url, **extra)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    searchers.close_all()


@pytest.fixture
def app(sqlite_template, tmp_path):
    """A seeded, indexed app on its own SQLite database."""
    yield from _app_for(_sqlite_copy(sqlite_template, tmp_path), tmp_path)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_app(request, tmp_path, sqlite_template):
    """The same seeded app on SQLite and on PostgreSQL, for database and search tests."""
    if request.param == "sqlite":
        url = _sqlite_copy(sqlite_template, tmp_path)
    else:
        server = request.getfixturevalue("postgres")
        template = request.getfixturevalue("postgres_template")
        url = _postgres_copy(server, template, tmp_path)
    yield from _app_for(url, tmp_path)


@pytest.fixture
def empty_app(tmp_path):
    """A migrated app with no data and no search index."""
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    migrating = build_app(tmp_path, url)
    with migrating.app_context():
        upgrade()
        db.engine.dispose()
    yield from _app_for(url, tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def staff(app):
    """An admin, a link worker and a provider (password ``tests.staff.PASSWORD``); their ids."""
    from directory_app.accounts.service import create_user
    from tests.staff import PASSWORD

    with app.app_context():
        ids = {
            role: create_user(f"{role}@example.org", f"{role.title()} Person", role, PASSWORD).id
            for role in ("admin", "link_worker", "provider")
        }
        db.session.commit()
    return ids
