"""Backups of the database, and restores into an empty one.

SQLite is copied with its online backup API (one step, so the copy is one consistent moment
even while the app writes); PostgreSQL with ``pg_dump --format=custom`` (which reads one
snapshot). A backup holds special-category health data, so it is written readable by its
owner only, and nothing here prints a password or a row: only paths, kinds and sizes.

A restore goes only into a database with no tables, so it can never mix two databases or
overwrite the live one by a slip of the ``DATABASE_URL``. The search index is not in the
backup: it is rebuilt from the restored database (``flask search reindex``).
"""

import glob
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import Engine, make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size_bytes: int
    database_kind: str
    tables: int = 0


def human_size(size_bytes: int) -> str:
    """A size as people read it: "812 KB", "1.4 GB"."""
    size = float(size_bytes)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit in ("bytes", "KB") else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size_bytes} bytes"


def postgres_tool(name: str, bin_dir: str = "") -> str:
    """The path of ``pg_dump`` or ``pg_restore``: the configured folder, PATH, or the newest
    of Debian's /usr/lib/postgresql/*/bin (a client older than the server cannot dump it)."""
    candidates = [str(Path(bin_dir) / name)] if bin_dir else []
    candidates += [shutil.which(name) or ""]
    versions = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    candidates += sorted(versions, key=lambda path: int(Path(path).parts[-3]), reverse=True)
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise BackupError(
        f"{name} was not found on PATH or in /usr/lib/postgresql/*/bin: install the PostgreSQL "
        "client (the server's major version or newer), or set POSTGRES_BIN_DIR."
    )


def _conninfo_value(value: str) -> str:
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def postgres_connection(database_url: str) -> tuple[str, dict]:
    """A libpq connection string without the password, and the environment that carries it
    (``PGPASSWORD``), so the password is never on a command line for ``ps`` to show."""
    url = make_url(database_url)
    parts = {
        "dbname": url.database,
        "host": url.host,
        "port": url.port,
        "user": url.username,
    }
    parts.update({key: value for key, value in url.query.items() if key != "password"})
    conninfo = " ".join(
        f"{key}={_conninfo_value(value)}" for key, value in parts.items() if value not in (None, "")
    )
    env = {**os.environ}
    env.pop("PGPASSWORD", None)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return conninfo, env


def _private_path(target: Path) -> Path:
    """A temporary file beside ``target``, readable by its owner only."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)
    return partial


def _run(command: list[str], env: dict, what: str) -> None:
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        # The tools' messages name objects and connections, never rows or passwords.
        detail = (finished.stderr or "").strip().splitlines()[-3:]
        raise BackupError(f"{what} failed: " + " ".join(detail))


def create_backup(engine: Engine, target: str | Path, bin_dir: str = "", overwrite=False):
    """Write a backup of the engine's database to ``target``; return what was written."""
    target = Path(target)
    if target.exists() and not overwrite:
        raise BackupError(f"{target} already exists: choose a new name (or --overwrite).")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    partial = _private_path(target)
    try:
        if engine.dialect.name == "sqlite":
            tables = _sqlite_backup(engine.url.database, partial)
        elif engine.dialect.name == "postgresql":
            tables = _pg_dump(engine.url, partial, bin_dir)
        else:
            raise BackupError(f"Backups of {engine.dialect.name} databases are not supported.")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(target, target.stat().st_size, engine.dialect.name, tables)


def _sqlite_backup(source_path: str, partial: Path) -> int:
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        # pages=-1: the whole database in one step, so one moment even while others write.
        source.backup(copy, pages=-1)
        # One self-contained file, checked before it is called a backup.
        copy.execute("PRAGMA journal_mode=DELETE")
        if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError("The copy failed SQLite's check; the backup was not kept.")
        return _sqlite_table_count(copy)
    finally:
        copy.close()
        source.close()


def _sqlite_table_count(connection: sqlite3.Connection) -> int:
    query = "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    return connection.execute(query).fetchone()[0]


def _pg_dump(url, partial: Path, bin_dir: str) -> int:
    conninfo, env = postgres_connection(url.render_as_string(hide_password=False))
    pg_dump = postgres_tool("pg_dump", bin_dir)
    _run([pg_dump, "--format=custom", f"--file={partial}", f"--dbname={conninfo}"], env, "pg_dump")
    listing = subprocess.run(
        [postgres_tool("pg_restore", bin_dir), "--list", str(partial)],
        capture_output=True,
        text=True,
        check=False,
    )
    if listing.returncode != 0:
        raise BackupError("The dump could not be read back; the backup was not kept.")
    return sum(1 for line in listing.stdout.splitlines() if " TABLE DATA " in line)


def backup_kind(path: Path) -> str:
    """ "sqlite" or "postgresql", from the file's first bytes."""
    with open(path, "rb") as file:
        head = file.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is neither an SQLite backup nor a pg_dump custom archive.")


def existing_tables(engine: Engine) -> list[str]:
    """The tables already in the engine's database (a restore wants none)."""
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if not database or not Path(database).exists():
            return []
    return sorted(inspect(engine).get_table_names())


def restore_backup(engine: Engine, source: str | Path, bin_dir: str = "") -> BackupResult:
    """Restore ``source`` into the engine's database, which must have no tables."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    kind = backup_kind(source)
    if kind != engine.dialect.name:
        raise BackupError(f"{source} is a {kind} backup; DATABASE_URL is {engine.dialect.name}.")
    tables = existing_tables(engine)
    if tables:
        raise BackupError(
            f"The database is not empty (it has {len(tables)} tables, such as {tables[0]}): "
            "a restore goes only into an empty database. Create a new one, point "
            "DATABASE_URL at it, and run this again."
        )
    engine.dispose()  # no pooled connection may hold the empty database open
    if kind == "sqlite":
        restored = _sqlite_restore(source, engine.url.database)
    else:
        restored = _pg_restore(engine.url, source, bin_dir)
    engine.dispose()
    return BackupResult(source, source.stat().st_size, kind, restored)


def _sqlite_restore(source: Path, target_path: str) -> int:
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target = sqlite3.connect(target_path)
    try:
        backup.backup(target, pages=-1)
        target.execute("PRAGMA journal_mode=WAL")
        return _sqlite_table_count(target)
    finally:
        target.close()
        backup.close()


def _pg_restore(url, source: Path, bin_dir: str) -> int:
    conninfo, env = postgres_connection(url.render_as_string(hide_password=False))
    command = [
        postgres_tool("pg_restore", bin_dir),
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={conninfo}",
        str(source),
    ]
    _run(command, env, "pg_restore")
    with_data = subprocess.run(
        [postgres_tool("pg_restore", bin_dir), "--list", str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    return sum(1 for line in with_data.stdout.splitlines() if " TABLE DATA " in line)
