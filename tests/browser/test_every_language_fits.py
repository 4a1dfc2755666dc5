"""Every shipped language fits a 320 px phone: longer words must not push pages sideways."""

import pytest

from directory_app.i18n.locale import shipped_locales
from directory_app.i18n.url_prefix import url_code

pytestmark = pytest.mark.browser

PAGES = ["/", "/search?q=walking", "/get-help/talk-to-a-link-worker", "/get-help/buddy"]


def test_every_language_fits_a_phone(app, browser, live_server):
    # JavaScript off: the pages must work without it, and one pass keeps this quick.
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    locales = shipped_locales(app)
    assert len(locales) == 21  # English and the twenty catalogues
    too_wide = []
    for locale in locales:
        for path in PAGES:
            page.goto(f"{live_server}/{url_code(locale)}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                too_wide.append((locale, path, width))
    context.close()
    assert not too_wide, too_wide
