"""Importing a feed by its address: a small feed served from a thread on 127.0.0.1."""

import contextlib
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.models import Activity
from directory_app.oruk import importer_feed
from tests.oruk.test_import import count, run, uk_service

ABOUT = {"version": "HSDS-UK-3.0", "profile": "https://example.org/profile"}


def _services(number: int) -> list[dict]:
    services = []
    for position in range(number):
        service = uk_service(id=str(uuid.uuid4()), name=f"Yoga {position + 1}")
        link = service["service_at_locations"][0]
        service["service_at_locations"] = [
            dict(link, id=str(uuid.uuid4()), location=dict(link["location"], id=str(uuid.uuid4())))
        ]
        services.append(service)
    return services


class Feed:
    """What the server answers: the feed, paged; or whatever a test puts in ``answers``."""

    def __init__(self, services):
        self.services = {service["id"]: service for service in services}
        self.answers = {}  # path -> (status, body bytes, extra headers)
        self.requests = []
        self.list_is_full = True

    def answer(self, path: str, query: dict):
        if path in self.answers:
            return self.answers[path]
        if path in ("/api/oruk", "/api/oruk/"):
            return 200, json.dumps(ABOUT).encode(), {}
        if path == "/api/oruk/services":
            page, per_page = int(query["page"][0]), int(query["per_page"][0])
            everything = list(self.services.values())
            chosen = everything[(page - 1) * per_page : page * per_page]
            if not self.list_is_full:
                chosen = [{"id": s["id"], "name": s["name"], "status": s["status"]} for s in chosen]
            pages = -(-len(everything) // per_page)
            body = {"total_items": len(everything), "total_pages": pages, "page_number": page,
                    "size": len(chosen), "first_page": page == 1, "last_page": page >= pages,
                    "empty": not chosen, "contents": chosen}  # fmt: skip
            return 200, json.dumps(body).encode(), {}
        identifier = path.removeprefix("/api/oruk/services/")
        if identifier in self.services:
            return 200, json.dumps(self.services[identifier]).encode(), {}
        return 404, b'{"error": "not found"}', {}


@pytest.fixture
def feed():
    """A feed served on a free loopback port: (its base address, the Feed to shape)."""
    state = Feed(_services(5))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            parts = urlsplit(self.path)
            state.requests.append(self.path)
            status, body, headers = state.answer(parts.path, parse_qs(parts.query))
            if status == "slow":
                time.sleep(body)
                status, body = 200, b"{}"
            self.send_response(status)
            for name, value in {"Content-Type": "application/json", **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            # The importer hangs up on purpose (too big, too slow): that is what is tested.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/api/oruk", state
    server.shutdown()
    thread.join(5)
    server.server_close()


def test_a_feed_is_read_page_by_page(empty_app, feed):
    base, state = feed
    result = run(empty_app, base, "--per-page", "2", "--dry-run")
    assert result.exit_code == 0 and "5 new" in result.output, result.output
    assert "Read page 3 of 3" in result.output
    assert [request.split("?")[0] for request in state.requests].count("/api/oruk/services") == 3
    assert count(empty_app, Activity) == 0

    result = run(empty_app, base + "/", "--per-page", "2", "--trusted")
    assert result.exit_code == 0 and "5 new" in result.output, result.output
    with empty_app.app_context():
        titles = sorted(db.session.scalars(select(Activity.title)))
    assert titles == [f"Yoga {number}" for number in range(1, 6)]
    again = run(empty_app, base, "--per-page", "50")
    assert again.exit_code == 0 and "5 unchanged" in again.output, again.output


def test_a_list_that_is_not_full_has_each_service_fetched(empty_app, feed):
    base, state = feed
    state.list_is_full = False
    result = run(empty_app, base + "?api_key=secret", "--per-page", "10", "--trusted")
    assert result.exit_code == 0 and "5 new" in result.output, result.output
    fetched = [request for request in state.requests if "/services/" in request]
    assert len(fetched) == 5
    # The address's own query (a key some feeds ask for) goes with every request.
    assert all("api_key=secret" in request for request in state.requests)
    with empty_app.app_context():
        assert all(activity.venue is not None for activity in db.session.scalars(select(Activity)))


@pytest.mark.parametrize(
    "path, answer, expected",
    [
        ("/api/oruk/", (200, b'{"version": "3.0.0"}', {}), "is not an Open Referral UK 3.0 feed"),
        ("/api/oruk/", (200, b'{"version": "HSDS-US-3.0"}', {}), "its version is HSDS-US-3.0"),
        ("/api/oruk/", (200, b"[]", {}), "is not an Open Referral UK 3.0 feed"),
        ("/api/oruk/", (200, b"<html>Hello</html>", {}), "is not JSON"),
        ("/api/oruk/", (404, b"", {}), "answered 404"),
        ("/api/oruk/services", (500, b"Internal error", {}), "answered 500"),
        ("/api/oruk/services", (200, b'{"contents": 5}', {}), "contents should be a list"),
        ("/api/oruk/services", (200, b'{"total_pages": 2000, "contents": [{"id": "x"}]}', {}), "more than 1000 pages"),
        ("/api/oruk/services", (302, b"", {"Location": "file:///etc/passwd"}), "'file:///etc/passwd' is not allowed"),
        ("/api/oruk/services", (302, b"", {"Location": "ftp://example.org/x"}), "not http or https"),
    ],
)  # fmt: skip
def test_a_feed_that_goes_wrong_gives_a_clear_error(empty_app, feed, path, answer, expected):
    base, state = feed
    state.answers[path] = answer
    result = run(empty_app, base)
    assert result.exit_code != 0 and expected in result.output, result.output
    assert "Traceback" not in result.output
    assert count(empty_app, Activity) == 0


def test_a_response_too_large_is_refused(empty_app, feed, monkeypatch):
    base, _state = feed
    monkeypatch.setattr(importer_feed, "MAX_BYTES", 1000)
    result = run(empty_app, base, "--per-page", "5")
    assert result.exit_code != 0 and "is larger than" in result.output, result.output


def test_a_server_that_does_not_answer_in_time_is_given_up(empty_app, feed, monkeypatch):
    base, state = feed
    monkeypatch.setattr(importer_feed, "TIMEOUT_SECONDS", 0.3)
    state.answers["/api/oruk/"] = ("slow", 2, {})
    result = run(empty_app, base)
    assert result.exit_code != 0 and "cannot be read" in result.output, result.output


def test_an_address_nobody_answers_is_a_clear_error(empty_app):
    with ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler) as closed:
        port = closed.server_port  # closed when the block ends: nothing listens there
    result = run(empty_app, f"http://127.0.0.1:{port}/api/oruk")
    assert result.exit_code != 0 and "cannot be reached" in result.output, result.output
