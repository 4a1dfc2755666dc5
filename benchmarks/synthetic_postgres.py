"""The synthetic directory of ``synthetic.py``, built on a PostgreSQL server of the run's own.

``start_server(keep)`` starts a throwaway server with the tests' helper
(``tests/postgres_server.py``), or, given a folder, one whose data directory lives (and is
reused) there. ``build(server, folder, size, hosts)`` migrates a ``directory_<size>``
database on it, fills it with ``synthetic.build_directory`` (the same listings, with the
same core bulk inserts) and builds one search index per host; a folder that holds a
finished build of that size is reused. Nothing here is imported by the app.
"""

import json
import os
import pwd
import random
import shutil
import time
from pathlib import Path

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, inspect, text  # noqa: E402
from synthetic import ROOT, build_directory  # also puts the project on sys.path

from directory_app import create_app  # noqa: E402
from directory_app.core.extensions import db  # noqa: E402
from directory_app.search.sync import rebuild  # noqa: E402
from tests import postgres_server  # noqa: E402


def start_server(keep: Path | None) -> postgres_server.PostgresServer:
    """A running server: a fresh throwaway one, or the one whose data is kept in ``keep``."""
    if keep is None:
        return postgres_server.start()
    bin_dir = postgres_server.find_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError("No PostgreSQL server binaries (initdb) found")
    run_as = "postgres" if os.geteuid() == 0 else None
    root = keep / "pg"
    data_dir = root / "data"
    if not (data_dir / "PG_VERSION").exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        if run_as:  # initdb refuses root; the server's folder must be its user's alone
            user = pwd.getpwnam(run_as)
            os.chown(root, user.pw_uid, user.pw_gid)
        root.chmod(0o700)
        postgres_server._run(
            run_as,
            [str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "postgres", "-A", "trust",
             "-E", "UTF8", "--no-locale"],
        )  # fmt: skip
    (root / "postmaster.pid").unlink(missing_ok=True)
    server = postgres_server.PostgresServer(postgres_server._free_port(), data_dir, bin_dir, run_as)
    postgres_server._pg_ctl_start(server)
    return server


def stop_server(server: postgres_server.PostgresServer, keep: Path | None) -> None:
    """Stop the server; a throwaway one's files go with it, a kept one's stay."""
    if keep is None:
        server.stop()
    else:
        pg_ctl(server, "stop", "-m", "fast")


def pg_ctl(server: postgres_server.PostgresServer, *arguments: str) -> None:
    """Run pg_ctl on the server's data directory (as its user)."""
    postgres_server._run(
        server, [str(server.bin_dir / "pg_ctl"), "-D", str(server.data_dir), "-w", *arguments]
    )


def restart(server: postgres_server.PostgresServer, down_seconds: float) -> float:
    """Stop the server as an operator would (fast: sessions are ended), wait, start it again
    on the same port. Returns the seconds it was not answering."""
    started = time.monotonic()
    pg_ctl(server, "stop", "-m", "fast")
    time.sleep(down_seconds)
    server.resume()
    return time.monotonic() - started


def app_on(url: str, folder: Path, index: str = "index-a", **config):
    """The app on the benchmark's PostgreSQL database and one host's index folder."""
    return create_app(
        {
            "INSTANCE_PATH": str(folder),
            "SECRET_KEY": "benchmark",
            "SQLALCHEMY_DATABASE_URI": url,
            "SEARCH_INDEX_DIR": str(folder / index),
            "MAIL_FILE_DIR": str(folder / "mail"),
            **config,
        }
    )


def _create_database(server, name: str) -> None:
    engine = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()


def _advance_sequences() -> None:
    """The bulk inserts gave ids themselves; move each table's sequence past them so rows
    the app adds later (a group's new listing) get fresh ids."""
    connection = db.session.connection()
    for table in inspect(connection).get_table_names():
        columns = {column["name"] for column in inspect(connection).get_columns(table)}
        if "id" not in columns:
            continue
        sequence = connection.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table})
        if sequence:
            connection.execute(
                # The table names are the schema's own, read from the database.
                text(f"SELECT setval(:s, COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"),  # noqa: S608
                {"s": sequence},
            )
    db.session.commit()


def build(server, folder: Path, size: int, hosts: tuple[str, ...]) -> dict:
    """Make the database and one index per host unless ``folder`` has them for ``size``.

    Returns the database URL and, for a new build, the seconds each part took.
    """
    folder.mkdir(parents=True, exist_ok=True)
    name = f"directory_{size}"  # one database per size, so a kept server holds several
    url = server.url(name)
    marker = folder / "built.json"
    indexes = [folder / f"index-{host}" for host in hosts]
    built = marker.exists() and json.loads(marker.read_text()).get("size") == size
    if built and all((index / "CURRENT").exists() for index in indexes):
        app = app_on(url, folder)
        with app.app_context():
            upgrade()  # a folder kept from an older run may lack newer columns
            db.engine.dispose()
        return {"url": url, "reused": True}
    marker.unlink(missing_ok=True)
    for index in indexes:
        shutil.rmtree(index, ignore_errors=True)
    _create_database(server, name)
    app = app_on(url, folder, index=indexes[0].name)
    started = time.perf_counter()
    build_directory(app, size, random.Random(size))  # migrates, then bulk-inserts
    with app.app_context():
        _advance_sequences()
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    with app.app_context():
        documents = rebuild(str(indexes[0]), 5.0)
        db.engine.dispose()
    indexed = time.perf_counter() - started
    # The other hosts start from a copy, cursor and all: as a new host restored from a
    # colleague's index would, it catches up from the log position the copy records.
    for index in indexes[1:]:
        shutil.copytree(indexes[0], index)
    marker.write_text(json.dumps({"size": size}))
    return {"url": url, "reused": False, "load": loaded, "index": indexed, "documents": documents}


__all__ = ["ROOT", "app_on", "build", "restart", "start_server", "stop_server"]
