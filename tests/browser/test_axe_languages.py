"""axe-core at 320 px in every other shipped language (Urdu and Yiddish, right to left,
among them): the home page, results with filters and the self-referral form, to stay
within CI's time (``AXE_EVERY_LANGUAGE=1`` checks every page in them all)."""

import pytest

from tests.browser.axe import FULLY_CHECKED, pages_violations
from tests.i18n.test_catalogs import SHIPPED
from tests.referrals.helpers import SELF_REFERRAL

pytestmark = pytest.mark.browser

SOME_PAGES = ["/", "/search?q=coffee&near=E8+1AG&access=step-free", SELF_REFERRAL]
OTHER_LANGUAGES = sorted(set(SHIPPED) - set(FULLY_CHECKED))


def test_three_pages_in_every_other_language_have_no_axe_violations(live_server, checked_page):
    assert len(OTHER_LANGUAGES) >= 17 or len(FULLY_CHECKED) > 3
    found = pages_violations(checked_page, live_server, OTHER_LANGUAGES, SOME_PAGES)
    print(f"axe: {len(SOME_PAGES) * len(OTHER_LANGUAGES)} pages checked, {len(found)} failed")
    assert not found, found
