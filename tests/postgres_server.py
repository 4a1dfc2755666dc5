"""Start a throwaway PostgreSQL server from the installed binaries, for the test run.

Looks for Debian's /usr/lib/postgresql/<version>/bin (or initdb on PATH). initdb refuses to
run as root, so as root the server runs as the ``postgres`` system user.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class PostgresServer:
    port: int
    data_dir: Path
    bin_dir: Path
    run_as: str | None

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def halt(self) -> None:
        """Stop the server as a crash would (its data stays, for ``resume``)."""
        _run(
            self,
            [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "stop"],
        )

    def resume(self) -> None:
        """Start the halted server again, on the same port."""
        _pg_ctl_start(self)

    def stop(self) -> None:
        self.halt()
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def find_bin_dir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(server_or_user, command: list[str]) -> None:
    user = server_or_user.run_as if isinstance(server_or_user, PostgresServer) else server_or_user
    if user:
        command = ["runuser", "-u", user, "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


# Each test's database is a copy of a template. On this VM's disk (ext4 mounted with
# "discard") a copy took 240-370 ms, most of it the file system; in memory, 16-36 ms. With
# about 1,650 tests on PostgreSQL in CI that was some 4 minutes of a 20-minute run. The
# server is throwaway (fsync is off), so memory loses nothing; it needs room for its WAL.
IN_MEMORY = Path("/dev/shm")
IN_MEMORY_ROOM = 2 * 1024**3


def _data_parent() -> str | None:
    """Where the server's files go: memory when there is room, else the usual temp dir."""
    try:
        if shutil.disk_usage(IN_MEMORY).free >= IN_MEMORY_ROOM and os.access(IN_MEMORY, os.W_OK):
            return str(IN_MEMORY)
    except OSError:
        pass
    return None


def start() -> PostgresServer:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError("No PostgreSQL server binaries (initdb) found")
    run_as = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="directory-pg-", dir=_data_parent()))
    data_dir = root / "data"
    if run_as:
        user = pwd.getpwnam(run_as)
        os.chown(root, user.pw_uid, user.pw_gid)
    root.chmod(0o700)
    _run(
        run_as,
        [
            str(bin_dir / "initdb"),
            "-D",
            str(data_dir),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
        ],
    )
    server = PostgresServer(_free_port(), data_dir, bin_dir, run_as)
    _pg_ctl_start(server)
    return server


def _pg_ctl_start(server: PostgresServer) -> None:
    root = server.data_dir.parent
    options = f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=256MB"
    _run(
        server,
        [
            str(server.bin_dir / "pg_ctl"),
            "-D",
            str(server.data_dir),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "start",
        ],
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("PostgreSQL did not start")
