"""The moving parts of ``load_region.py``: two hosts (gunicorn and a search worker each),
one mail worker, a local SMTP server that can be made to hang, and the client traffic
(residents searching and referring themselves, link workers in the inbox).

All of it on loopback; logs go to files in the run's folder so a 500 can be traced.
"""

import contextlib
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(port: int, path: str, timeout: float = 10) -> tuple[int, dict]:
    """GET a JSON page; (0, {}) when nothing answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        try:
            return response.status, json.loads(body)
        except ValueError:
            return response.status, {}
    except OSError:
        return 0, {}
    finally:
        connection.close()


class _Inbox:
    """An aiosmtpd handler keeping the Message-ID of everything it receives."""

    def __init__(self, received: list[str]):
        self.received = received

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.received.append(str(message_from_bytes(envelope.content).get("Message-ID", "")))
        return "250 OK"


class SwitchableSmtp:
    """A mail server on loopback, reached through a front that can stop answering.

    While ``hang()`` is in force the front accepts each connection and never says a word
    (no greeting), as a stuck relay does; ``answer()`` ends that and drops the held ones.
    """

    def __init__(self):
        self.received: list[str] = []
        self._upstream = Controller(_Inbox(self.received), hostname="127.0.0.1", port=free_port())
        self._upstream.start()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._hanging = threading.Event()
        self._held: list[socket.socket] = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def hang(self) -> None:
        self._hanging.set()

    def answer(self) -> None:
        self._hanging.clear()
        held, self._held = self._held, []
        for connection in held:
            connection.close()

    def close(self) -> None:
        self._closed = True
        self.answer()
        self._listener.close()
        self._upstream.stop()

    def _accept(self) -> None:
        while not self._closed:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            if self._hanging.is_set():
                self._held.append(connection)
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self._upstream.port), 5)
            except OSError:
                connection.close()
                continue
            upstream.settimeout(None)
            for source, target in ((connection, upstream), (upstream, connection)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)


def _spawn(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)


class Host:
    """One host: its gunicorn (the project's gunicorn.conf.py) and its search worker, with
    its own index folder and host name, on the shared database."""

    def __init__(self, name: str, folder: Path, env: dict, workers: int):
        self.name = name
        self.port = free_port()
        self.logs = folder / "logs"
        self.logs.mkdir(exist_ok=True)
        self.env = {
            **env,
            "SEARCH_INDEX_DIR": str(folder / f"index-{name}"),
            "SEARCH_HOST_NAME": f"bench-host-{name}",
            "PORT": str(self.port),
            "WEB_CONCURRENCY": str(workers),
        }
        self.web: subprocess.Popen | None = None
        self.search_worker: subprocess.Popen | None = None

    def start(self) -> None:
        self.web = _spawn(
            [str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py", "--access-logfile",
             "/dev/null", "--no-control-socket", "wsgi:app"],
            self.env, self.logs / f"web-{self.name}.log",
        )  # fmt: skip
        self.start_search_worker()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if get_json(self.port, "/healthz", 2)[0] == 200:
                return
            time.sleep(0.3)
        raise RuntimeError(f"host {self.name}: gunicorn did not start (see {self.logs})")

    def start_search_worker(self) -> None:
        self.search_worker = _spawn(
            [str(VENV_BIN / "flask"), "--app", "wsgi", "search", "worker"],
            self.env, self.logs / f"search-worker-{self.name}.log",
        )  # fmt: skip

    def kill_search_worker(self) -> None:
        """SIGKILL: no chance to finish a batch, release a lock or say goodbye."""
        self.search_worker.send_signal(signal.SIGKILL)
        self.search_worker.wait(10)

    def lag(self) -> float | None:
        """This host's /readyz search lag in seconds, or None when it is not ready."""
        status, body = get_json(self.port, "/readyz")
        if status != 200:
            return None
        return body.get("checks", {}).get("search_lag", {}).get("seconds")

    def stop(self) -> None:
        for process in (self.search_worker, self.web):
            if process is not None and process.poll() is None:
                process.terminate()
        for process in (self.search_worker, self.web):
            if process is not None:
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()


def start_mail_worker(env: dict, folder: Path) -> subprocess.Popen:
    """The one process that talks to the mail server (every second)."""
    return _spawn(
        [str(VENV_BIN / "flask"), "--app", "wsgi", "mail", "worker", "--every", "1"],
        env, folder / "logs" / "mail-worker.log",
    )  # fmt: skip


def stop(process: subprocess.Popen) -> None:
    """Stop a process this benchmark started."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


def tracebacks(folder: Path) -> dict[str, int]:
    """Tracebacks in each log file of the run (where a 500 or a crash would show)."""
    found = {}
    for log in sorted((folder / "logs").glob("*.log")):
        count = log.read_bytes().count(b"Traceback (most recent call last)")
        if count:
            found[log.name] = count
    return found


def worker_deaths(folder: Path) -> dict[str, int]:
    """gunicorn workers that died (not asked to stop), per host log."""
    found = {}
    for log in sorted((folder / "logs").glob("web-*.log")):
        count = len(
            re.findall(rb"Worker \(pid:\d+\) (?:exited with code|was sent)", log.read_bytes())
        )
        if count:
            found[log.name] = count
    return found


def environment(database_url: str, smtp_port: int, public_url: str) -> dict:
    """What every process of the run shares: the database, the secret, the mail server."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "benchmark",
        "PUBLIC_URL": public_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        # Small, so a hung server holds the mail worker only briefly per message.
        "MAIL_TIMEOUT": "2",
    }


# The clients: residents searching and referring themselves, link workers in the inbox.

STAFF_PASSWORD = "a long enough benchmark passphrase"  # noqa: S105 (a throwaway account)
SEARCHES, ACTIVITY_PAGES, STAFF_PAGES, REFERRALS = 0.69, 0.25, 0.05, 0.01
TRIES = 6  # a 503 is sent again (as its page invites) up to this many times, 2 s apart


def _answers():
    from tests.referrals.helpers import valid_self_referral

    return valid_self_referral


class Browser:
    """One person's browser: cookies kept, every request a new connection (as gunicorn's
    sync workers close them), from the person's own loopback address."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.cookies: dict[str, str] = {}
        self.address = "127.0.0.1"

    def new_address(self) -> None:
        """Another resident: an address of their own in 127.0.0.0/8."""
        self.address = (
            f"127.{self.rng.randint(1, 254)}.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}"
        )

    def request(self, port: int, method: str, path: str, form: dict | None = None):
        """(status, location, body); status 0 when nothing answered."""
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=60, source_address=(self.address, 0)
        )
        headers = {"Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
            return response.status, response.headers.get("Location", ""), content
        except OSError:
            return 0, "", b""
        finally:
            connection.close()


def finds(port: int, marker: str, activity_id: int) -> bool:
    """Whether a search for ``marker`` on this host lists the activity."""
    status, _, body = Browser(random.Random()).request(port, "GET", f"/search?q={marker}")
    return status == 200 and f'href="/activities/{activity_id}"'.encode() in body


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html) or re.search(
        rf'type="hidden" name="{name}" value="([^"]*)"', html
    )
    return match.group(1) if match else ""


class Resident:
    """One client thread: mostly searches and activity pages, sometimes a self-referral,
    and (as a link worker) the inbox."""

    def __init__(self, ports, size, mix, seed, staff_email, out):
        self.rng = random.Random(seed)
        self.ports, self.size, self.mix, self.seed = ports, size, mix, seed
        self.staff_email, self.out = staff_email, out
        self.staff = Browser(self.rng)
        self.signed_in = False
        self.case_ids: list[int] = []
        self.made = 0

    def timed(self, browser: Browser, kind: str, method: str, path: str, form=None):
        port = self.rng.choice(self.ports)
        started = time.perf_counter()
        status, location, body = browser.request(port, method, path, form)
        self.out["timings"].append((kind, status, (time.perf_counter() - started) * 1000))
        if status == 503:
            lang = re.search(rb'<html lang="([^"]+)"', body)
            prefix = re.match(r"/([a-z]{2,3})/", path)
            self.out["unavailable_pages"].append({
                "expected": prefix.group(1) if prefix else "en",
                "lang": (lang.group(1).decode().split("-")[0] if lang else ""),
                "try_again": b'class="button"' in body,
            })  # fmt: skip
        return status, location, body

    def step(self) -> None:
        roll = self.rng.random()
        if roll < REFERRALS:
            self.refer()
        elif roll < REFERRALS + STAFF_PAGES:
            self.staff_page()
        elif roll < REFERRALS + STAFF_PAGES + ACTIVITY_PAGES:
            path = f"/activities/{self.rng.randint(1, self.size)}"
            self.timed(Browser(self.rng), "activity", "GET", path)
        else:
            self.timed(Browser(self.rng), "search", "GET", self.rng.choice(self.mix))

    def _until_answered(self, browser, kind, method, path, form=None):
        for attempt in range(TRIES):
            answer = self.timed(browser, kind, method, path, form)
            if answer[0] != 503:
                return answer, attempt
            time.sleep(2)
        return answer, TRIES

    def refer(self) -> None:
        from tests.referrals.helpers import SELF_REFERRAL

        self.made += 1
        number, letters = self.made, ""
        while number:
            number, digit = divmod(number, 26)
            letters += "abcdefghijklmnopqrstuvwxyz"[digit]
        name = f"Bench {self.seed} {letters}"
        record = {"name": name, "outcome": "", "send_503": 0}
        self.out["referrals"].append(record)
        person = Browser(self.rng)
        person.new_address()
        (status, _, body), _ = self._until_answered(person, "referral form", "GET", SELF_REFERRAL)
        if status != 200:
            record["outcome"] = f"form {status}"
            return
        html = body.decode()
        data = _answers()(full_name=name, preferred_name=None) | {
            "csrf_token": _hidden(html, "csrf_token"),
            "submission_token": _hidden(html, "submission_token"),
            "activity_id": "",
        }
        (status, _, body), _ = self._until_answered(
            person, "referral check", "POST", SELF_REFERRAL, data | {"step": "check"}
        )
        if status != 200 or b"Check your answers" not in body:
            record["outcome"] = f"check {status}"
            return
        (status, location, _), record["send_503"] = self._until_answered(
            person, "referral send", "POST", SELF_REFERRAL, data | {"step": "send"}
        )
        if status != 302 or not location.endswith("/get-help/sent"):
            record["outcome"] = f"send {status}"
            return
        (status, _, body), _ = self._until_answered(
            person, "referral sent", "GET", "/get-help/sent"
        )
        record["outcome"] = "sent" if status == 200 else f"sent page {status}"

    def sign_in(self) -> bool:
        self.staff = Browser(self.rng)
        self.staff.new_address()
        status, _, body = self.timed(self.staff, "staff sign-in", "GET", "/staff/sign-in")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body)
        if status != 200 or token is None:
            return False
        form = {"csrf_token": token.group(1).decode(), "email": self.staff_email,
                "password": STAFF_PASSWORD}  # fmt: skip
        status, _, _ = self.timed(self.staff, "staff sign-in", "POST", "/staff/sign-in", form)
        return status == 302

    def staff_page(self) -> None:
        if not self.signed_in:
            self.signed_in = self.sign_in()
            if not self.signed_in:
                return
        if self.case_ids and self.rng.random() < 0.5:
            path, kind = f"/staff/referrals/{self.rng.choice(self.case_ids)}", "staff case"
        else:
            path, kind = "/staff/referrals/", "staff inbox"
        status, location, body = self.timed(self.staff, kind, "GET", path)
        if status == 302 and "sign-in" in location:
            self.signed_in = False
        elif kind == "staff inbox" and status == 200:
            found = {int(i) for i in re.findall(rb'href="/staff/referrals/(\d+)"', body)}
            self.case_ids = sorted(found)[-50:] or self.case_ids


def client(ports, size, mix, seconds, threads, seed, staff_email, results) -> None:
    """One client process: ``threads`` residents until the time is up; results queued."""
    deadline = time.monotonic() + seconds
    out = {"timings": [], "referrals": [], "unavailable_pages": []}

    def live(number: int) -> None:
        resident = Resident(ports, size, mix, f"{seed}t{number}", staff_email, out)
        while time.monotonic() < deadline:
            resident.step()

    workers = [threading.Thread(target=live, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    results.put(out)


def steady_referrals(ports, size, seconds, every, seed, staff_email, out) -> None:
    """A resident referring themselves every ``every`` seconds, beside the mix's 1 in 100,
    so every fault meets some referrals however short the phase."""
    resident = Resident(ports, size, [], seed, staff_email, out)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline - 1:
        started = time.monotonic()
        resident.refer()
        time.sleep(max(0.0, every - (time.monotonic() - started)))
