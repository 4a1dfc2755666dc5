"""The restore drill: back the seeded database up while a writer keeps committing, restore
it into an empty database, rebuild the index from it, and check nothing was lost or mixed.

Runs on SQLite (the backup API) and PostgreSQL (pg_dump and pg_restore)."""

import itertools
import shutil
import stat
import threading

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, inspect, select, table, text

from directory_app.core.audit import AuditEvent
from directory_app.core.commands import backup_group
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Referral
from directory_app.search.index_store import searchers
from tests.apps import app_for, build_app, sqlite_copy
from tests.referrals.helpers import SELF_REFERRAL, start, valid_self_referral

_restored_numbers = itertools.count(1)
ANSWERS = valid_self_referral(
    full_name="Zofia Wójcik-Ng",
    email="zofia.wn@example.com",
    phone="07700 900518",
    postcode="E8 1AG",
    gp_practice="Mare Street Surgery",
    help_wanted="Since my diagnosis I feel very alone; ból, ناراحتی, 😔",
    dob_day="3",
    dob_month="7",
    dob_year="1951",
)


def _cli(app):
    """The app's command line, with ``flask backup`` on it (the factory registers it)."""
    if "backup" not in app.cli.commands:
        app.cli.add_command(backup_group)
    return app.test_cli_runner()


def _counts(app) -> dict[str, int]:
    with app.app_context():
        names = inspect(db.engine).get_table_names()
        with db.engine.connect() as connection:
            return {
                name: connection.scalar(select(func.count()).select_from(table(name)))
                for name in names
            }


def _referral_row(app, reference: str) -> dict:
    with app.app_context():
        row = db.session.execute(select(Referral.__table__).where(Referral.reference == reference))
        return dict(row.mappings().one())


def _keep_writing(app, stop: threading.Event, written: list) -> None:
    """Commit one numbered audit entry after another until told to stop."""
    with app.app_context():
        for number in itertools.count(1):
            if stop.is_set():
                break
            db.session.add(AuditEvent(action="drill.write", subject_id=number, detail={}))
            commit()
            written.append(number)
        db.session.remove()


def _empty_database(db_app, postgres_or_none, tmp_path) -> str:
    if db_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored' / 'directory.sqlite3'}"
    name = f"directory_restored_{next(_restored_numbers)}"
    admin = create_engine(postgres_or_none.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return postgres_or_none.url(name)


@pytest.fixture
def server(db_app, request):
    if db_app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return request.getfixturevalue("postgres")
    return None


def test_the_restore_drill(db_app, server, tmp_path):
    client = db_app.test_client()
    form = start(client, SELF_REFERRAL) | ANSWERS | {"step": "send"}
    assert client.post(SELF_REFERRAL, data=form).status_code in (200, 302, 303)
    with db_app.app_context():
        reference = db.session.scalar(select(Referral.reference).order_by(Referral.id.desc()))
    assert reference and _referral_row(db_app, reference)["full_name"] == ANSWERS["full_name"]
    original = _referral_row(db_app, reference)
    before = _counts(db_app)

    stop, written = threading.Event(), []
    writer = threading.Thread(target=_keep_writing, args=(db_app, stop, written))
    writer.start()
    try:
        while len(written) < 5:
            threading.Event().wait(0.01)
        backup = tmp_path / "drill.backup"
        result = _cli(db_app).invoke(args=["backup", "create", str(backup)])
        during = len(written)
        while len(written) < during + 5:  # the writer kept going after the backup too
            threading.Event().wait(0.01)
    finally:
        stop.set()
        writer.join(30)
    assert result.exit_code == 0, result.output
    assert str(backup) in result.output and "tables" in result.output
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # it holds health data
    assert "zofia" not in result.output.lower()

    (tmp_path / "restored").mkdir()
    restored = build_app(
        tmp_path / "restored",
        _empty_database(db_app, server, tmp_path),
        SEARCH_INDEX_DIR=str(tmp_path / "restored" / "index"),
    )
    try:
        result = _cli(restored).invoke(args=["backup", "restore", str(backup), "--reindex"])
        assert result.exit_code == 0, result.output
        assert "Restored" in result.output and "Indexed" in result.output

        after = _counts(restored)
        assert set(after) == set(before)
        for name, count in before.items():
            if name == "search_host":  # the reindex registered the restored host's index
                assert after[name] == count + 1
            elif name != "audit_event":
                assert after[name] == count, name  # nothing else changed meanwhile
        with restored.app_context():
            drill = db.session.scalars(
                select(AuditEvent.subject_id).where(AuditEvent.action == "drill.write")
            ).all()
        # One moment: every entry committed before it, none after, no gaps.
        assert sorted(drill) == list(range(1, len(drill) + 1))
        assert 5 <= len(drill) <= during
        assert after["audit_event"] == before["audit_event"] + len(drill)

        assert _referral_row(restored, reference) == original
        restored_client = restored.test_client()
        with restored.app_context():
            searcher = searchers.searcher(restored.config["SEARCH_INDEX_DIR"])
            assert searcher.doc_count() > 0
        html = restored_client.get("/search?q=walking").get_data(as_text=True)
        assert html.count('href="/activities/') >= 1  # the restored listings are found

        # What `flask db current` and `flask db heads` print, asked of alembic directly.
        with restored.app_context():
            script = ScriptDirectory.from_config(
                restored.extensions["migrate"].migrate.get_config()
            )
            with db.engine.connect() as connection:
                current = MigrationContext.configure(connection).get_current_heads()
        assert set(current) == set(script.get_heads())

        again = _cli(restored).invoke(args=["backup", "restore", str(backup)])
        assert again.exit_code != 0
        assert "not empty" in again.output
    finally:
        with restored.app_context():
            db.session.remove()
            db.engine.dispose()
        searchers.close_all()


def test_a_backup_is_never_written_over_or_restored_into_another_kind(app, tmp_path):
    runner = _cli(app)
    backup = tmp_path / "one.backup"
    assert runner.invoke(args=["backup", "create", str(backup)]).exit_code == 0
    again = runner.invoke(args=["backup", "create", str(backup)])
    assert again.exit_code != 0 and "already exists" in again.output
    stray = tmp_path / "notes.txt"
    stray.write_text("not a backup")
    refused = runner.invoke(args=["backup", "restore", str(stray)])
    assert refused.exit_code != 0 and "neither" in refused.output


def test_postgres_commands_carry_no_password(monkeypatch):
    from directory_app.core.backups import postgres_connection

    conninfo, env = postgres_connection(
        "postgresql+psycopg://directory:s3cr%27et@db.internal:5433/directory?sslmode=require"
    )
    assert "s3cr" not in conninfo
    assert env["PGPASSWORD"] == "s3cr'et"
    assert "host='db.internal'" in conninfo and "sslmode='require'" in conninfo


def test_a_deleted_index_is_rebuilt_with_the_same_documents(db_app):
    index_dir = db_app.config["SEARCH_INDEX_DIR"]
    with db_app.app_context():
        before = searchers.searcher(index_dir).doc_count()
    searchers.close_all()
    shutil.rmtree(index_dir)
    result = db_app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    with db_app.app_context():
        assert searchers.searcher(index_dir).doc_count() == before > 0


@pytest.fixture
def sqlite_app(sqlite_template, tmp_path):
    """The seeded app on SQLite whatever TEST_DATABASE says."""
    folder = tmp_path / "seeded"
    folder.mkdir()
    yield from app_for(sqlite_copy(sqlite_template, folder), folder)


@pytest.fixture
def empty_sqlite_app(tmp_path):
    url = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    migrating = build_app(tmp_path, url)
    with migrating.app_context():
        upgrade()
        db.engine.dispose()
    yield from app_for(url, tmp_path)


def test_a_migrated_database_counts_as_not_empty(sqlite_app, empty_sqlite_app, tmp_path):
    app = sqlite_app  # a SQLite backup, for the SQLite database below
    backup = tmp_path / "seeded.backup"
    assert _cli(app).invoke(args=["backup", "create", str(backup)]).exit_code == 0
    refused = _cli(empty_sqlite_app).invoke(args=["backup", "restore", str(backup)])
    assert refused.exit_code != 0 and "empty database" in refused.output
