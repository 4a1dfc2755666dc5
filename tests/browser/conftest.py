"""Real Chromium (Debian's package) driven by Playwright, against the app on a real socket."""

import shutil

import pytest

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


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def phone(request, browser):
    """A 320×640 phone-sized page, with JavaScript on and off."""
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, java_script_enabled=request.param
    )
    page = context.new_page()
    yield page
    context.close()
