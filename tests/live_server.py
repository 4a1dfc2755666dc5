"""The browser tests' server: Werkzeug's, closing every response it starts.

Werkzeug's server reads what is left of a request after answering it; when that read meets
a connection the browser reset (Chromium may, closing a context), it gives up before
closing the response, so a served file stays open until the garbage collector warns, in
whichever test runs then. Here the handler closes the response when the connection drops.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import WSGIRequestHandler, make_server

_RESPONSE = "tests.live_server.response"


def _remembering_responses(app):
    """The app, leaving each response in its request's environ for the handler."""

    def wsgi(environ, start_response):
        response = app(environ, start_response)
        environ[_RESPONSE] = response
        return response

    return wsgi


class _ClosingHandler(WSGIRequestHandler):
    def connection_dropped(self, error, environ=None):
        response = (environ or {}).get(_RESPONSE)
        if hasattr(response, "close"):
            response.close()  # closing twice is harmless: Werkzeug's iterators allow it


@contextmanager
def serving(app) -> Iterator[str]:
    """Serve ``app`` on a free loopback port; yields its address."""
    server = make_server(
        "127.0.0.1", 0, _remembering_responses(app), threaded=True, request_handler=_ClosingHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()
