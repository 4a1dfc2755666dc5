"""Real Chromium (Debian's package) driven by Playwright, against the app on a real socket."""

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from tests.apps import IN_CI

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if IN_CI:
            pytest.fail("Chromium is missing in CI; .ci/run should install Debian's chromium")
        pytest.skip("Debian's chromium package is not installed")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """Serve the test app on a free loopback port for the duration of a test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    server.server_close()


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def phone(request, browser):
    """A 320×640 phone-sized page, with JavaScript on and off."""
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, java_script_enabled=request.param
    )
    page = context.new_page()
    yield page
    context.close()
