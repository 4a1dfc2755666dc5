"""Start a throwaway Redis server from Debian's ``redis-server``, for tests of what hosts share.

It listens on a free loopback port only, keeps nothing on disk (``--save ""``,
``--appendonly no``) and runs in its own temporary folder, removed when it stops.
"""

import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen
    folder: Path

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """Stop the server (as a host would lose it: at once, mid-run); safe to call twice."""
        if self.running():
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        shutil.rmtree(self.folder, ignore_errors=True)


def find_redis_server() -> str | None:
    return shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start() -> RedisServer:
    """A running server, answering on its port, or an error saying why not."""
    program = find_redis_server()
    if program is None:
        raise FileNotFoundError("redis-server is not installed")
    folder = Path(tempfile.mkdtemp(prefix="directory-redis-"))
    port = _free_port()
    command = [
        program,
        "--port", str(port),
        "--bind", "127.0.0.1",
        "--save", "",
        "--appendonly", "no",
        "--dir", str(folder),
        "--logfile", str(folder / "log"),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = RedisServer(port, process, folder)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if _answers_ping(port):
            return server
        if not server.running():
            log = folder / "log"
            error = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            server.stop()
            raise RuntimeError(f"redis-server exited at start: {error}")
        time.sleep(0.05)
    server.stop()
    raise RuntimeError("redis-server did not answer within 20 seconds")
