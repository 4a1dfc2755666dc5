"""Rate limits under gunicorn with two workers: how many posts each limited form lets through.

    .venv/bin/python benchmarks/rate_limits.py [--workers 2] [--extra 10]

Builds the demo in a scratch folder, serves it with gunicorn (loopback only), then posts
each limited form its limit plus ``--extra`` times from one client, as fast as it can, with
a valid CSRF token, and prints how many got through. With per-process counters two workers
let about twice the limit through; the limits must hold at the limit. This is a benchmark,
not a test: it prints figures and fails nothing.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

# (form, path, limit as declared, fields); each post is a fresh attempt with a valid token.
FORMS = [
    ("Staff sign-in", "/staff/sign-in", 10, {"email": "x@example.org", "password": "nope"}),
    ("Sign-in link", "/staff/sign-in/email", 5, {"email": "x@example.org"}),
    ("Password reset", "/staff/password/forgot", 5, {"email": "x@example.org"}),
    ("Self-referral", "/get-help/talk-to-a-link-worker", 30, {"step": "check"}),
    ("Buddy request", "/get-help/buddy", 30, {"step": "check"}),
    ("Add your group", "/groups/join", 10, {"contact_name": ""}),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _prepare(folder: Path) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'directory.sqlite3'}",
        "SEARCH_INDEX_DIR": str(folder / "index"),
        "MAIL_FILE_DIR": str(folder / "mail"),
        "SECRET_KEY": "benchmark",
    }
    flask = [str(VENV_BIN / "flask"), "--app", "wsgi"]
    for command in (["db", "upgrade"], ["seed"], ["search", "reindex"]):
        subprocess.run(flask + command, cwd=ROOT, env=env, check=True, capture_output=True)
    return env


def _wait(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _post_many(base: str, path: str, fields: dict, count: int) -> dict[int, int]:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + path).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
    statuses: dict[int, int] = {}
    for _ in range(count):
        try:
            status = opener.open(urllib.request.Request(base + path, data=body)).status
        except urllib.error.HTTPError as error:
            status = error.code
        statuses[status] = statuses.get(status, 0) + 1
    return statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--extra", type=int, default=10)
    parser.add_argument(
        "--storage",
        default="database://",
        help="RATELIMIT_STORAGE_URI; memory:// shows the old way",
    )
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="rate-limits-"))
    port = _free_port()
    try:
        env = _prepare(folder) | {
            "PORT": str(port),
            "WEB_CONCURRENCY": str(arguments.workers),
            "RATELIMIT_STORAGE_URI": arguments.storage,
        }
        server = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py", "--access-logfile",
             "/dev/null", "wsgi:app"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            _wait(port)
            base = f"http://127.0.0.1:{port}"
            print(f"gunicorn, {arguments.workers} workers, counters in {arguments.storage}")
            print(f"{'form':<16} {'limit':>6} {'posted':>7} {'allowed':>8} {'429':>5}")
            for name, path, limit, fields in FORMS:
                posted = limit + arguments.extra
                statuses = _post_many(base, path, fields, posted)
                refused = statuses.get(429, 0)
                print(f"{name:<16} {limit:>6} {posted:>7} {posted - refused:>8} {refused:>5}")
        finally:
            server.terminate()
            server.wait(30)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
