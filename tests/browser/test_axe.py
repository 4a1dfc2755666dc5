"""axe-core on the residents' pages at 320 px: WCAG 2.2 AA and best practices, 0 violations.

axe-core comes from the npm registry (``package.json``; ``make test`` runs ``npm ci``) and
is injected into each page after it loads (the page's Content-Security-Policy would refuse
an inline script, so the browser context bypasses it for the check only).

Every page and state in English and the two languages that stress layout most (Arabic,
right to left; Bengali's tall script); the home page, results with filters and the
self-referral form in every other shipped language (Urdu and Yiddish, also right to left,
among them), to stay within CI's time. ``AXE_EVERY_LANGUAGE=1`` checks every page in every
language.
"""

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.models import Activity
from tests.i18n.test_catalogs import SHIPPED
from tests.referrals.helpers import BUDDY, SELF_REFERRAL

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
EVERY_PAGE = [
    "/", "/search?q=coffee", "/search?q=coffee&near=E8+1AG&access=step-free",
    "/search?q=zzzzqqq", "/search?near=B1+1BB", "/search?q=gardenign&page=99",
    "/activities/{activity}", "/organisations/{organisation}", "/venues/{venue}",
    "/categories/food", SELF_REFERRAL, BUDDY, "/about", "/accessibility", "/privacy",
    "/get-help", "/no-such-page",
]  # fmt: skip
SOME_PAGES = ["/", "/search?q=coffee&near=E8+1AG&access=step-free", SELF_REFERRAL]
# AXE_EVERY_LANGUAGE=1 checks every page in every shipped language (about 360 pages, four
# minutes): run it before a release and after changing the layout or a translation.
FULLY_CHECKED = (
    ("en", *SHIPPED) if os.environ.get("AXE_EVERY_LANGUAGE") == "1" else ("en", "ar", "bn")
)
RUN_AXE = (
    "async rules => (await axe.run(document, {runOnly: {type: 'tag', values: rules}}))"
    ".violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"
)


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (make test does)"
    return AXE.read_text("utf-8")


@pytest.fixture
def checked_page(browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    yield context.new_page()
    context.close()


def _ids(app) -> dict:
    with app.app_context():
        activity = db.session.scalar(
            select(Activity)
            .where(Activity.status == "published", Activity.venue_id.is_not(None))
            .order_by(Activity.id)
        )
        return {
            "activity": activity.id,
            "organisation": activity.organisation_id,
            "venue": activity.venue_id,
        }


def _violations(page, axe_source) -> list[str]:
    page.add_script_tag(content=axe_source)
    return page.evaluate(RUN_AXE, RULES)


def test_every_page_in_every_language_has_no_axe_violations(
    app, live_server, checked_page, axe_source
):
    ids = _ids(app)
    found, checked = {}, 0
    for language in ("en", *SHIPPED):
        prefix = "" if language == "en" else f"/{language}"
        for path in EVERY_PAGE if language in FULLY_CHECKED else SOME_PAGES:
            url = live_server + prefix + path.format(**ids)
            checked_page.goto(url)
            checked += 1
            if violations := _violations(checked_page, axe_source):
                found[url] = violations
    assert checked >= len(EVERY_PAGE) * len(FULLY_CHECKED)
    print(f"axe: {checked} pages checked, {len(found)} with violations")
    assert not found, found
