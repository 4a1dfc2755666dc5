"""The residents' forms a few questions a page, in real Chromium on a 320 px phone, with
JavaScript on and off: errors for the page on show, Back (ours and the browser's) and Change
keeping every answer kept on the server, no form resent, Enter continuing, axe-core clean
in every state, and every page short.

Before the forms were split (one page each, at 320 px), the self-referral form was 5,734 px
tall with 52 tab stops (37 in the page's main part), the buddy request 5,242 px with 41
(26); ``test_every_page_is_short_and_its_targets_big_enough`` holds the split pages to
under half of that.
"""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.models import Activity, Referral
from tests.browser.axe import FULLY_CHECKED, axe_violations
from tests.browser.steps import no_sideways_scrolling
from tests.referrals.helpers import BUDDY, SELF_REFERRAL

pytestmark = pytest.mark.browser

# What to type and tick on each page, by element id, so it works in any language.
FILL, TICK = "fill", "tick"
ANSWERS = {
    SELF_REFERRAL: {
        "about": [
            (FILL, "full_name", "Ann Example"),
            (FILL, "dob_day", "14"),
            (FILL, "dob_month", "2"),
            (FILL, "dob_year", "1958"),
            (FILL, "postcode", "E8 1AG"),
        ],
        "contact": [(FILL, "phone", "07700 900982"), (TICK, "preferred_contact-1", "")],
        "language": [],
        "help": [(TICK, "reasons-1", "")],
        "agreement": [(TICK, "consent_referral", "")],
    },
    BUDDY: {
        "activity": [],  # filled in with the activity asked about
        "help": [(TICK, "buddy_help-1", "")],
        "about": [(FILL, "full_name", "Bob Example")],
        "contact": [(FILL, "phone", "07700 900123"), (TICK, "preferred_contact-2", "")],
        "language": [],
        "agreement": [(TICK, "consent_referral", ""), (TICK, "consent_share_with_volunteer", "")],
    },
}
# A page's Continue (check answers' button is Send).
CONTINUE = "main form button.button:not([value=send])"
TAB_STOP_ID = """() => { const e = document.activeElement;
  if (!e || e === document.body) return null;
  e.dataset.tabStop = e.dataset.tabStop || String(Math.random());
  return [e.dataset.tabStop, !!e.closest('main')]; }"""


def _activity_id(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Activity.id)
            .where(Activity.status == "published", Activity.venue_id.is_not(None))
            .order_by(Activity.id)
        )


def _page_name(page) -> str:
    """The page's name, the last part of the address its form posts to (its own form, not
    the Delete my answers one beside it)."""
    action = page.locator("main form[novalidate]").get_attribute("action")
    return action.split("?")[0].rsplit("/", 1)[1]


def _answer(page, path: str) -> None:
    for action, element_id, value in ANSWERS[path][_page_name(page)]:
        if action == FILL:
            page.fill(f"#{element_id}", value)
        else:
            page.check(f"#{element_id}")


def _press(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def _step_line(page) -> str:
    return page.locator("main p.muted", has_text=re.compile(r"\d")).first.inner_text()


def tab_stops(page) -> tuple[int, int]:
    """How many places Tab stops at on the page, and how many of them are in <main>: a group
    of radios is one stop, as for a keyboard user."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    seen = []
    for _ in range(200):
        page.keyboard.press("Tab")
        stop = page.evaluate(TAB_STOP_ID)
        if stop is None or (seen and stop[0] == seen[0][0]):
            break
        seen.append(stop)
    return len(seen), sum(1 for _, in_main in seen if in_main)


def test_a_resident_walks_the_pages_goes_back_and_changes_an_answer(phone, live_server, app):
    page = phone
    page.goto(f"{live_server}{SELF_REFERRAL}?activity={_activity_id(app)}")
    no_sideways_scrolling(page)
    assert _step_line(page) == "Step 1 of 6"
    assert page.locator("h1").inner_text() == "About you"
    assert page.get_by_text("This is not an emergency service").is_visible()

    # Nothing answered: only this page's problems, in its order.
    _press(page, CONTINUE)
    expect(page).to_have_title(re.compile(r"^Error: About you"))
    summary = page.locator(".error-summary a")
    assert summary.all_inner_texts() == [
        "Enter your full name",
        "Enter your date of birth, or tick that you are 18 or over",
        "Enter your postcode",
    ]
    summary.first.click()  # lands on the box to fill in
    assert page.evaluate("document.activeElement.id") == "full_name"
    no_sideways_scrolling(page)
    _answer(page, SELF_REFERRAL)
    _press(page, CONTINUE)

    assert page.locator("h1").inner_text() == "How we can contact you"
    assert _step_line(page) == "Step 2 of 6"
    assert page.get_by_text("You are asking about:").is_visible()
    assert page.get_by_text("Is it safe to leave you a message? (optional)").is_visible()
    _answer(page, SELF_REFERRAL)
    # Enter in a box continues: it never means Back.
    with page.expect_navigation():
        page.press("#phone", "Enter")
    assert page.locator("h1").inner_text() == "Language and access"

    # The browser's own Back: the page before, a GET, answered, nothing to resend.
    page.go_back()
    assert page.locator("h1").inner_text() == "How we can contact you"
    assert page.input_value("#phone") == "07700 900982"
    page.go_forward()
    # A refresh is a GET too: the same page, nothing posted again.
    page.reload()
    assert page.locator("h1").inner_text() == "Language and access"
    # Our Back is a link: the answers continued past are kept on the server.
    page.fill("#access_needs", "Large print, please")
    _press(page, CONTINUE)
    _press(page, "main p a:has-text('Back')")
    assert page.locator("h1").inner_text() == "Language and access"
    assert page.input_value("#access_needs") == "Large print, please"
    _press(page, "main p a:has-text('Back')")
    assert page.locator("h1").inner_text() == "How we can contact you"
    assert page.input_value("#phone") == "07700 900982"
    assert page.is_checked("#preferred_contact-1")
    _press(page, CONTINUE)
    assert page.input_value("#access_needs") == "Large print, please"
    while page.locator("h1").inner_text() != "Check your answers before sending":
        no_sideways_scrolling(page)
        _answer(page, SELF_REFERRAL)
        _press(page, CONTINUE)
    no_sideways_scrolling(page)
    assert _step_line(page) == "Step 6 of 6"
    assert "14 February 1958" in page.content() and "Large print, please" in page.content()

    # Change goes to the question, and Continue comes back to check answers.
    _press(page, "a[href*='focus=postcode']")
    assert page.locator("h1").inner_text() == "About you"
    assert page.evaluate("document.activeElement.id") == "postcode"
    page.fill("#postcode", "b1 1bb")
    _press(page, CONTINUE)
    assert page.locator("h1").inner_text() == "Check your answers before sending"
    assert "B1 1BB" in page.content()
    _press(page, "button[value=send]")
    assert page.url.endswith("/get-help/sent")
    reference = page.locator(".reference").inner_text()
    with app.app_context():
        referral = db.session.scalar(select(Referral).where(Referral.reference == reference))
        assert referral.postcode == "B1 1BB" and referral.access_needs == "Large print, please"
        assert referral.phone == "07700 900982" and referral.reasons == ["loneliness"]


def test_the_buddy_request_page_by_page_in_arabic(phone, live_server, app):
    page = phone
    page.goto(f"{live_server}/ar{BUDDY}?activity={_activity_id(app)}")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    for number in range(1, 7):
        no_sideways_scrolling(page)
        assert page.locator("main p.muted bdi").all_inner_texts() == [str(number), "7"]
        heading = page.locator("h1").bounding_box()
        assert 320 - (heading["x"] + heading["width"]) < 24  # from the right
        _answer(page, BUDDY)
        _press(page, CONTINUE)
        assert not page.locator(".error-summary").count(), number
    assert page.locator("button[value=send]").is_visible()
    no_sideways_scrolling(page)
    _press(page, "button[value=send]")
    assert page.url.endswith("/ar/get-help/sent")


@pytest.mark.parametrize("language", FULLY_CHECKED)
def test_every_page_with_and_without_errors_has_no_axe_violations(
    checked_page, live_server, app, language
):
    page = checked_page
    prefix = "" if language == "en" else f"/{language}"
    found, checked = {}, 0

    def check(state: str) -> None:
        nonlocal checked
        checked += 1
        if violations := axe_violations(page):
            found[state] = violations

    for path in (SELF_REFERRAL, BUDDY):
        page.goto(f"{live_server}{prefix}{path}?activity={_activity_id(app)}")
        while page.locator(CONTINUE).count():
            name = _page_name(page)
            check(f"{path} {name}")
            _press(page, CONTINUE)  # as it is: the errors, where the page has required questions
            if page.locator(".error-summary").count():
                check(f"{path} {name} with errors")
                _answer(page, path)
                _press(page, CONTINUE)
        check(f"{path} check answers")
    page.click(".delete-answers a")  # it asks first: the question page is checked too
    check("delete your answers?")
    assert checked >= 21
    assert not found, found


@pytest.mark.parametrize("path", [SELF_REFERRAL, BUDDY])
def test_every_page_is_short_and_its_targets_big_enough(phone, live_server, app, path):
    page = phone
    page.goto(f"{live_server}{path}?activity={_activity_id(app)}")
    heights, stops = {}, {}
    while True:
        name = _page_name(page) if page.locator(CONTINUE).count() else "check"
        heights[name] = page.evaluate("document.documentElement.scrollHeight")
        stops[name] = tab_stops(page)
        small = page.evaluate(
            """() => [...document.querySelectorAll('main a, main button, main input, main select')]
                .filter(el => el.offsetParent !== null && getComputedStyle(el).display !== 'inline'
                        && !el.closest('.honeypot') && !el.classList.contains('visually-hidden'))
                .map(el => { const r = el.getBoundingClientRect(); return [el.outerHTML.slice(0, 80), r.width, r.height]; })
                .filter(([, w, h]) => w < 24 || h < 24)"""
        )
        assert small == [], (name, small)
        if name == "check":
            break
        _answer(page, path)
        _press(page, CONTINUE)
    # Before the split: 5,734 px and 37 tab stops in <main> (self-referral), 5,242 and 26.
    # After (JavaScript off): at most 2,539 px and 14 stops a page of questions; check
    # answers, one row an answer, about 4,200 px and 21 stops. Delete my answers is one
    # more from the second page on, after Continue (so it never delays reaching it).
    questions = {name: height for name, height in heights.items() if name != "check"}
    assert max(questions.values()) < 2700, heights
    assert max(in_main for name, (_, in_main) in stops.items() if name != "check") <= 15, stops
    assert heights["check"] < 4600 and stops["check"][1] <= 25, (heights, stops)
