"""axe-core on the residents' pages at 320 px: WCAG 2.2 AA and best practices, 0 violations.

Every page in English, Arabic and Bengali (``tests/browser/axe.py`` says why those); the
other shipped languages are checked on three pages in ``test_axe_languages.py``, a file of
its own so that the two halves run on two test processes (``--dist loadfile``).
"""

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.models import Activity
from tests.browser.axe import FULLY_CHECKED, axe_violations, pages_violations
from tests.referrals.helpers import BUDDY, SELF_REFERRAL

pytestmark = pytest.mark.browser

EVERY_PAGE = [
    "/", "/search?q=coffee", "/search?q=coffee&near=E8+1AG&access=step-free",
    "/search?q=zzzzqqq", "/search?near=B1+1BB", "/search?q=gardenign&page=99",
    "/activities/{activity}", "/organisations/{organisation}", "/venues/{venue}",
    "/categories/food", SELF_REFERRAL, BUDDY, "/about", "/accessibility", "/privacy",
    "/get-help", "/no-such-page",
]  # fmt: skip


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


def test_every_page_in_english_arabic_and_bengali_has_no_axe_violations(
    app, live_server, checked_page
):
    found = pages_violations(checked_page, live_server, FULLY_CHECKED, EVERY_PAGE, _ids(app))
    print(f"axe: {len(EVERY_PAGE) * len(FULLY_CHECKED)} pages checked, {len(found)} failed")
    assert not found, found


def test_the_check_finds_violations_when_a_page_has_them(checked_page):
    """The checks above pass only if nothing is found: this one shows they can find
    something (with ``resultTypes`` limited to violations, as they run)."""
    checked_page.set_content(
        '<html><body><main><img src="x.png"><button></button>'
        '<p style="color:#bbb;background:#fff">Pale text</p></main></body></html>'
    )
    found = {violation.split(":")[0] for violation in axe_violations(checked_page)}
    assert {"html-has-lang", "image-alt", "button-name", "color-contrast"} <= found, found
