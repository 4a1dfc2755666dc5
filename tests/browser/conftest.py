"""Phone-sized pages in real Chromium (the ``browser`` fixture is in ``tests/conftest.py``,
so a test anywhere shares the one Playwright a test process may run)."""

import pytest


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def phone(request, browser):
    """A 320×640 phone-sized page, with JavaScript on and off."""
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, java_script_enabled=request.param
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def checked_page(browser):
    """A 320 px page whose context lets axe-core's script past the Content-Security-Policy."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    yield context.new_page()
    context.close()
