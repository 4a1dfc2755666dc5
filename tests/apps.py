"""Building test apps: a configured app, a seeded copy of a template database, and an
app's life from creation to clean-up. Fixtures in ``conftest.py`` and tests that need an
app configured their own way (a rate limit on, a mail server) use these."""

import functools
import itertools
import os
import shutil
from datetime import date
from pathlib import Path

from flask_migrate import upgrade
from jinja2 import BytecodeCache
from sqlalchemy import create_engine, make_url, text
from werkzeug.routing import Rule

from directory_app import create_app
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.search.index_store import searchers
from directory_app.search.sync import rebuild
from directory_app.seeding.loader import load_seeds

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# The database of the `app` fixture: "sqlite" (the default) or "postgresql".
TEST_DATABASE = os.environ.get("TEST_DATABASE", "sqlite").lower()
if TEST_DATABASE not in ("sqlite", "postgresql"):
    raise RuntimeError(f"TEST_DATABASE must be sqlite or postgresql, not {TEST_DATABASE!r}")
_database_numbers = itertools.count(1)
COPY_PREFIX = "directory_test_"


class _CompiledTemplates(BytecodeCache):
    """Compiled templates shared by every test app in this process. Each test builds its own
    app, and each app's Jinja environment compiled every page it rendered afresh: 0.1 to
    0.25 s of a test's first request. Entries are keyed by the template's source checksum, so
    an edited template compiles again."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_compiled_templates = _CompiledTemplates()


def _share_url_builders() -> None:
    """Build each URL rule's ``url_for`` functions once per process, not once per test app.

    Werkzeug writes and compiles two Python functions for every rule as an app registers
    it (``Rule._compile_builder``): 161 rules made ``create_app`` 0.12 s, nearly all of it
    this, in each of the suite's two thousand apps. The function depends only on the rule's
    text, its parsed parts and its defaults (the rule itself comes in as an argument), so
    apps with the same rules can share it. Tests only: a real process builds one app."""
    compile_builder = getattr(Rule, "_compile_builder", None)
    if compile_builder is None or getattr(compile_builder, "shared", False):
        return  # another Werkzeug: apps compile their own, as they do outside tests
    built = {}

    def shared_builder(rule, append_unknown=True):
        defaults = repr(sorted((rule.defaults or {}).items()))
        key = (rule.rule, rule.subdomain, rule.host, tuple(rule._trace), defaults, append_unknown)
        if key not in built:
            built[key] = compile_builder(rule, append_unknown)
        return built[key]

    shared_builder.shared = True
    Rule._compile_builder = shared_builder


_share_url_builders()


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
        # scrypt took 0.11 s a password, and tests make and sign in hundreds of accounts;
        # tests/accounts checks that apps are built with scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }
    config.update(extra)
    app = create_app(config)
    app.jinja_env.bytecode_cache = _compiled_templates
    return app


def migrate_seed_and_index(app) -> None:
    with app.app_context():
        upgrade()
        load_seeds(app.config["SEEDS_DIR"], date.today())
        commit()
        rebuild(app.config["SEARCH_INDEX_DIR"], 2.0)
        db.engine.dispose()


def sqlite_copy(template: Path, target: Path) -> str:
    shutil.copy(template / "directory.sqlite3", target / "directory.sqlite3")
    shutil.copytree(template / "index", target / "index")
    return f"sqlite:///{target / 'directory.sqlite3'}"


def postgres_copy(server, template: Path, target: Path) -> str:
    name = f"{COPY_PREFIX}{next(_database_numbers)}"
    with _admin_engine(server.admin_url).connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE directory_template"))
    shutil.copytree(template / "index", target / "index")
    return server.url(name)


def drop_postgres_copy(database_url: str) -> None:
    """Drop a test's copy of the template: 1,700 tests' copies of 11 MB filled the disk
    and took minutes to delete at the end of a run."""
    url = make_url(database_url)
    admin_url = url.set(database="postgres").render_as_string(hide_password=False)
    with _admin_engine(admin_url).connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))


@functools.cache
def _admin_engine(admin_url: str):
    """One pooled connection to the server's ``postgres`` database for creating and dropping
    the tests' copies: a new engine and connection for each was 25 ms of every test. Checked
    before use, as a test may have stopped and restarted the server meanwhile."""
    return create_engine(admin_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


def app_for(database_url: str, instance: Path, **extra):
    app = build_app(instance, database_url, **extra)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    searchers.close_all()
    if database_url.startswith("postgresql") and make_url(database_url).database.startswith(
        COPY_PREFIX
    ):
        drop_postgres_copy(database_url)
