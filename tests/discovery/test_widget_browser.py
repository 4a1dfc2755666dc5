"""The widget on a partner's page in real Chromium: the pasted link becomes a titled frame
that fits its content at 320 px, right to left in Arabic; without JavaScript it stays a
link; the widget and the builder have no axe violations."""

import html as html_text
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def served(app, live_server):
    """The app on a socket, with its public address that socket's."""
    app.config["PUBLIC_URL"] = live_server
    return live_server


def _snippet(app, query: str) -> str:
    page = app.test_client().get(f"/embed/build?{query}").get_data(as_text=True)
    return html_text.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S)[1])


@pytest.fixture
def partner():
    """Another site (another origin: its own port) serving whatever page it is given.

    On the loopback address too: Chromium keeps a page on a public address from loading
    scripts from a private one, as the directory's test server is."""
    pages = {}

    class Partner(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            body = pages.get("page", "").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Partner)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield pages, f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join(5)
    server.server_close()


def _partner_page(browser, partner, snippet: str, javascript: bool = True):
    """The partner's page with the snippet pasted into it."""
    pages, address = partner
    pages["page"] = (
        "<!doctype html><html lang='en'><meta charset='utf-8'><title>Surgery</title>"
        f"<h1>Our surgery</h1>{snippet}"
    )
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(address)
    return context, page


def test_the_link_becomes_a_frame_that_fits_its_widget(app, browser, served, partner):
    context, page = _partner_page(
        browser, partner, _snippet(app, "borough=Hackney&language=ar&count=3")
    )
    frame_element = page.wait_for_selector("iframe.directory-embed")
    assert frame_element.get_attribute("title")
    assert not page.locator("a[data-directory-embed]").count()
    frame = frame_element.content_frame()
    frame.wait_for_selector(".embed-item")
    assert frame.evaluate("document.documentElement.dir") == "rtl"
    assert frame.locator("a.embed-title[target=_blank]").count() == 3
    # The widget says how tall it is, and the frame takes that height: no inner scroll bar.
    page.wait_for_function(
        "() => document.querySelector('iframe.directory-embed').style.height !== '32rem'"
    )
    inner = frame.evaluate("document.documentElement.scrollHeight")
    outer = frame_element.evaluate("frame => frame.clientHeight")
    assert abs(inner - outer) <= 2, (inner, outer)
    assert frame.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_without_javascript_the_link_stays_and_opens_the_search(app, browser, served, partner):
    context, page = _partner_page(
        browser,
        partner,
        _snippet(app, "borough=Walsall&category=food&language=pl"),
        javascript=False,
    )
    link = page.locator("a[data-directory-embed]")
    assert link.count() == 1 and not page.locator("iframe").count()
    link.click()
    page.wait_for_load_state()
    assert page.url.startswith(served + "/pl/search?") and page.locator(".card").count()
    context.close()


def test_the_widget_and_its_builder_have_no_axe_violations(app, browser, served):
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    page = context.new_page()
    found = {}
    for path in ("/embed", "/ar/embed?borough=Hackney", "/embed/build",
                 "/ur/embed/build?category=food&language=ur&count=3"):  # fmt: skip
        page.goto(served + path)
        if violations := axe_violations(page):
            found[path] = violations
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    context.close()
    assert not found, found
