"""axe-core in a page: the rules the browser tests hold pages to, and the check itself.

axe-core comes from the npm registry (``package.json``; ``make test`` runs ``npm ci``) and
is injected into each page after it loads (the page's Content-Security-Policy would refuse
an inline script, so the browser context bypasses it for the check only).
"""

import functools
import os
from pathlib import Path

from tests.i18n.test_catalogs import SHIPPED

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Only violations are read: ``resultTypes`` spares axe a unique selector for every element
# that passed or did not apply (its API guide's "performance" section), which was most of
# each page's check.
RUN_AXE = (
    "async rules => (await axe.run(document, {runOnly: {type: 'tag', values: rules},"
    " resultTypes: ['violations']}))"
    ".violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"
)
# Every page and state in English and the two languages that stress layout most (Arabic,
# right to left; Bengali's tall script). AXE_EVERY_LANGUAGE=1 checks every page in every
# shipped language (about 360 pages, four minutes): run it before a release and after
# changing the layout or a translation.
FULLY_CHECKED = (
    ("en", *sorted(SHIPPED)) if os.environ.get("AXE_EVERY_LANGUAGE") == "1" else ("en", "ar", "bn")
)


@functools.cache
def axe_source() -> str:
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (make test does)"
    return AXE.read_text("utf-8")


def axe_violations(page) -> list[str]:
    """The page's violations of RULES, as "rule: the elements' selectors"."""
    page.add_script_tag(content=axe_source())
    return page.evaluate(RUN_AXE, RULES)


def pages_violations(checked_page, live_server: str, languages, paths, ids=None) -> dict:
    """Each page's violations, by URL, for every path in every language."""
    found = {}
    for language in languages:
        prefix = "" if language == "en" else f"/{language}"
        for path in paths:
            url = live_server + prefix + path.format(**(ids or {}))
            checked_page.goto(url)
            if violations := axe_violations(checked_page):
                found[url] = violations
    return found
