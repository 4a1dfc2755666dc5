"""A resident on a 320 px phone searches, filters by step-free access and opens an activity."""

import pytest

from tests.browser.steps import no_sideways_scrolling

pytestmark = pytest.mark.browser


def test_search_filter_step_free_and_open_an_activity(phone, live_server):
    page = phone
    page.goto(live_server + "/")
    no_sideways_scrolling(page)
    page.get_by_label("What are you looking for?").fill("coffee")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search?*")
    no_sideways_scrolling(page)
    all_count = int(page.locator(".results-count").inner_text().split()[0])
    assert all_count > 5

    page.locator("summary", has_text="Filter results").click()
    page.get_by_label("Step-free access").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**access=step-free**")
    no_sideways_scrolling(page)
    step_free_count = int(page.locator(".results-count").inner_text().split()[0])
    assert 0 < step_free_count < all_count
    cards = page.locator(".card")
    for index in range(cards.count()):
        assert "Step-free access" in cards.nth(index).inner_text()

    first = cards.first.locator(".card-title a")
    title = first.inner_text()
    first.click()
    page.wait_for_url("**/activities/*")
    no_sideways_scrolling(page)
    assert page.locator("h1").inner_text() == title
    assert "Step-free access" in page.locator(".access-list").inner_text()
    assert page.get_by_role("link", name="Ask a link worker to help me go").is_visible()


@pytest.mark.parametrize(
    "path", ["/search?q=group", "/get-help/talk-to-a-link-worker", "/get-help/buddy"]
)
def test_tap_targets_are_big_enough(phone, live_server, path):
    page = phone
    page.goto(live_server + path)
    no_sideways_scrolling(page)
    small = page.evaluate(
        """() => [...document.querySelectorAll('main a, main button, main input, main select, main summary')]
            .filter(el => el.offsetParent !== null && getComputedStyle(el).display !== 'inline' && !el.closest('.honeypot'))
            .map(el => { const r = el.getBoundingClientRect(); return [el.outerHTML.slice(0, 80), r.width, r.height]; })
            .filter(([, w, h]) => w < 24 || h < 24)"""
    )
    assert small == []
