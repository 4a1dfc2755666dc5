"""Arabic and other right-to-left pages lay out from the right, with nothing off the screen."""

import pytest

pytestmark = pytest.mark.browser


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize(
    "path",
    ["/ar/", "/ar/search?q=coffee", "/ar/get-help/talk-to-a-link-worker", "/ur/search?q=coffee"],
)
def test_arabic_pages_fit_a_phone_and_read_from_the_right(phone, live_server, path):
    page = phone
    page.goto(live_server + path)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == path.split("/")[1]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{path} is {width}px wide at a 320px viewport"
    # Headings start at the right-hand edge of the page.
    heading = _box(page, "h1")
    assert 320 - (heading["x"] + heading["width"]) < 24


def test_search_box_and_buttons_are_mirrored(phone, live_server):
    page = phone
    page.goto(live_server + "/ar/search?q=walking")
    label = _box(page, "label[for=q]")
    box = _box(page, "#q")
    # The label and box line up on the right, and the box's text starts on the right.
    assert abs((label["x"] + label["width"]) - (box["x"] + box["width"])) < 2
    assert page.evaluate("getComputedStyle(document.querySelector('#q')).direction") == "rtl"
    # "Next" points left in Arabic: its arrow is mirrored.
    arrow = page.locator("a[rel=next] .arrow")
    if arrow.count():
        assert "matrix(-1" in arrow.evaluate("el => getComputedStyle(el).transform")
    # The postcode field keeps postcodes left to right inside the right-to-left page.
    assert page.evaluate("getComputedStyle(document.querySelector('#near')).direction") == "ltr"


def test_language_switcher_goes_to_the_same_page_in_english(phone, live_server):
    page = phone
    page.goto(live_server + "/ar/search?q=walking")
    page.locator(".language-switcher summary").click()
    page.locator(".language-list a[hreflang=en-GB]").click()
    page.wait_for_url("**/en/search?q=walking")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.locator("h1").inner_text()
