"""Shared fixtures: app -> client, on SQLite and (where a server can start) PostgreSQL.

The demo data is migrated, seeded and indexed once per database kind per run; each test
gets its own copy (a copied SQLite file, or a PostgreSQL database cloned from a template),
so tests stay independent without paying for seeding every time.
"""

import shutil

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from tests import postgres_server
from tests.apps import (
    IN_CI,
    TEST_DATABASE,
    app_for,
    build_app,
    migrate_seed_and_index,
    postgres_copy,
    sqlite_copy,
)
from tests.live_server import serving


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


@pytest.fixture
def app(request, tmp_path):
    """A seeded, indexed app on its own database: SQLite, or PostgreSQL when
    ``TEST_DATABASE=postgresql`` (CI sets it, so the whole suite runs on the production
    database there while ``db_app`` tests still run on both)."""
    if TEST_DATABASE == "postgresql":
        server = request.getfixturevalue("postgres")
        url = postgres_copy(server, request.getfixturevalue("postgres_template"), tmp_path)
    else:
        url = sqlite_copy(request.getfixturevalue("sqlite_template"), tmp_path)
    yield from app_for(url, tmp_path)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_app(request, tmp_path, sqlite_template):
    """The same seeded app on SQLite and on PostgreSQL, for database and search tests."""
    if request.param == "sqlite":
        url = sqlite_copy(sqlite_template, tmp_path)
    else:
        server = request.getfixturevalue("postgres")
        template = request.getfixturevalue("postgres_template")
        url = postgres_copy(server, template, tmp_path)
    yield from app_for(url, tmp_path)


@pytest.fixture
def empty_app(tmp_path):
    """A migrated app with no data and no search index."""
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    migrating = build_app(tmp_path, url)
    with migrating.app_context():
        upgrade()
        db.engine.dispose()
    yield from app_for(url, tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def admin(app):
    """A test client signed in as an administrator (on English pages)."""
    from directory_app.accounts.service import create_user
    from tests.staff import PASSWORD, sign_in

    with app.app_context():
        create_user("admin@example.org", "Ada", "admin", PASSWORD)
        commit()
    client = app.test_client()
    sign_in(client, "admin@example.org")
    return client


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
        commit()
    return ids


@pytest.fixture
def live_server(app):
    """Serve the test app on a free loopback port for the duration of a test."""
    with serving(app) as address:
        yield address


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if IN_CI:
            pytest.fail("Chromium is missing in CI; .ci/run should install Debian's chromium")
        pytest.skip("Debian's chromium package is not installed")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
