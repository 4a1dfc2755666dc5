"""On a 320×640 phone the results come first: the first result is on the first screen, a
few tab stops in, with a postcode and filters on; the filters open, apply and come off
without JavaScript."""

import pytest

from tests.browser.steps import no_sideways_scrolling

pytestmark = pytest.mark.browser

SCREEN = 640
POSTCODE_AND_FILTER = "/search?q=coffee&near=E8+1AG&access=step-free"


def first_result_top(page) -> float:
    return page.evaluate(
        "() => document.querySelector('.results .card').getBoundingClientRect().top + scrollY"
    )


def tab_stops_before_first_result(page) -> int:
    """How many times Tab lands somewhere before it reaches the first result's link."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    for presses in range(1, 80):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.results .card')"):
            return presses - 1
    raise AssertionError("Tab never reached the first result")


def results_count(page) -> int:
    return int(page.locator(".results-count").inner_text().split()[0])


@pytest.mark.parametrize(
    "path",
    [
        POSTCODE_AND_FILTER,
        "/search?near=E8+1AG&free=1&day=sat",
        "/search?q=coffee",
        "/categories/social-befriending",
        "/ar" + POSTCODE_AND_FILTER,
    ],
)
def test_the_first_result_is_on_the_first_screen(phone, live_server, path):
    page = phone
    page.goto(live_server + path)
    no_sideways_scrolling(page)
    assert page.locator("details.filters").get_attribute("open") is None
    top = first_result_top(page)
    title = page.locator(".results .card-title a").first.bounding_box()
    assert top < SCREEN, f"the first result starts at {top}px"
    assert title["y"] + title["height"] <= SCREEN, "its title can be read without scrolling"
    assert tab_stops_before_first_result(page) <= 10


def test_filters_open_apply_and_come_off_without_javascript(phone, live_server):
    page = phone
    page.goto(live_server + "/search?near=RM9+5AG")
    near_count = results_count(page)
    page.locator("summary", has_text="Filters (1)").click()
    page.get_by_label("Step-free access").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**access=step-free**")
    no_sideways_scrolling(page)
    assert "near=RM9+5AG" in page.url
    assert page.locator("details.filters summary").inner_text() == "Filters (2)"
    assert page.locator("details.filters").get_attribute("open") is None
    step_free_count = results_count(page)
    assert 0 < step_free_count < near_count
    cards = page.locator(".results .card")
    for index in range(cards.count()):
        assert "Step-free access" in cards.nth(index).inner_text()
    assert first_result_top(page) < SCREEN

    # A new place, from inside the panel, keeps the other filter.
    page.locator("summary", has_text="Filters (2)").click()
    page.get_by_label("Near (postcode or area)").fill("RM10")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**near=RM10**")
    assert "access=step-free" in page.url
    page.locator("summary", has_text="Filters (2)").click()
    assert page.get_by_text("Within 3 miles of RM10").is_visible()

    # Taking a filter off is a link in the panel.
    page.get_by_role("link", name="Remove filter: Step-free access").click()
    # The old address matches "/search?" too: wait for the one without the filter.
    page.wait_for_url(lambda url: "/search?" in url and "access=" not in url)
    assert "access=" not in page.url and "near=RM10" in page.url
    assert page.locator("details.filters summary").inner_text() == "Filters (1)"


def test_the_filter_selects_fit_a_phone(phone, live_server):
    page = phone
    page.goto(live_server + "/categories/social-befriending?near=E8+1AG&for=long-term-condition")
    page.locator("details.filters summary").click()
    sort = page.locator("#sort option")
    assert sort.all_inner_texts() == ["Best match", "Distance", "Next session"]
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.filters select')].map(el => {
             const box = el.getBoundingClientRect();
             return [el.id, box.left, box.right, el.parentElement.getBoundingClientRect().right,
                     getComputedStyle(el).textOverflow];
           })"""
    )
    assert len(boxes) >= 5
    for name, left, right, room, overflow in boxes:
        assert left >= 0 and right <= room + 0.5 and right <= 320, (name, left, right, room)
        # A long choice ("People living with a health condition") ends in "…", clear of
        # the arrow, instead of running under it.
        assert overflow == "ellipsis", name
    no_sideways_scrolling(page)


# Two more things the same phone shows: a focused text box, and Urdu.


def test_a_focused_textarea_is_outlined_like_a_focused_input(phone, live_server):
    page = phone
    # The professionals' form is one page with boxes of both kinds (the residents' forms
    # now ask a few questions a page).
    page.goto(live_server + "/get-help/refer-someone")
    outline = "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow]; }"
    page.locator("input.input").first.focus()
    input_focus = page.locator("input.input").first.evaluate(outline)
    page.locator("textarea").first.focus()
    textarea_focus = page.locator("textarea").first.evaluate(outline)
    assert textarea_focus == input_focus
    assert textarea_focus[0] == "solid" and textarea_focus[1] == "3px"


def test_urdu_is_set_in_nastaliq_with_room_between_lines(phone, live_server):
    page = phone
    page.goto(live_server + "/ur/search?q=coffee")
    family, line_height, size = page.evaluate(
        """() => { const s = getComputedStyle(document.querySelector('main p, main label'));
                   return [s.fontFamily, parseFloat(s.lineHeight), parseFloat(s.fontSize)]; }"""
    )
    assert family.startswith('"Noto Nastaliq Urdu"'), family
    assert line_height >= 2 * size
    # An English listing on the Urdu page keeps the ordinary fonts.
    english = page.locator(".results [lang=en]").first
    if english.count():
        assert "Nastaliq" not in english.evaluate("el => getComputedStyle(el).fontFamily")
