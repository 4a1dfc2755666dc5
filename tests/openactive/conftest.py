"""Fixtures for the OpenActive feeds: the demo app settled, and the app on a real socket
with ``PUBLIC_URL`` pointing at it (every ``next`` is absolute, from ``PUBLIC_URL``)."""

import threading

import pytest
from werkzeug.serving import make_server

from tests.openactive.feeds import wait_until_settled


@pytest.fixture
def feeds_app(app):
    """The seeded demo app, once the feeds show all of its data."""
    wait_until_settled(app)
    return app


@pytest.fixture
def feeds_server(feeds_app):
    """The demo app served on a free loopback port, as its own ``PUBLIC_URL``."""
    server = make_server("127.0.0.1", 0, feeds_app, threaded=True)
    address = f"http://127.0.0.1:{server.server_port}"
    feeds_app.config["PUBLIC_URL"] = address
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield address
    server.shutdown()
    thread.join(5)
    server.server_close()
