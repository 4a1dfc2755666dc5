"""The relevance set: queries residents type, in every shipped language, and what a right
answer looks like on the demo data.

Each language's file in ``relevance/`` lists queries with what the first three results
must show. A query is *served* when one of its first three results fits every listing test
it names (``need``, ``audience``, ``title``, ``free``), when an ``organisation``'s or a
``street``'s listings come first, when a place's results (``borough``) are all in the
borough, when a typo is ``corrected`` to the word (and a real name is ``not_corrected``), and when a place outside the area says
so (``outside_area``). Queries run through the results page, as a resident's would.

Used by ``test_relevance_set.py`` (with a floor) and ``benchmarks/relevance.py``.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_plus

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.models import Activity
from directory_app.search.needs import all_needs

FOLDER = Path(__file__).parent / "relevance"
TOP = 3
_CARD_LINK = re.compile(r'<h3 class="card-title"><a href="(?:/[a-z-]+)?/activities/(\d+)"')


@dataclass(frozen=True)
class Case:
    language: str
    query: str
    expect: dict


@dataclass(frozen=True)
class Listing:
    title: str
    categories: frozenset
    audiences: frozenset
    organisation: str
    street: str
    borough: str
    free: bool
    text: str


def cases() -> list[Case]:
    found = []
    for path in sorted(FOLDER.glob("*.json")):
        for entry in json.loads(path.read_text("utf-8")):
            expect = {key: value for key, value in entry.items() if key != "query"}
            found.append(Case(path.stem, entry["query"], expect))
    return found


def listings(app) -> dict[int, Listing]:
    with app.app_context():
        return {
            a.id: Listing(
                a.title,
                frozenset(a.category_codes),
                frozenset(a.audience_codes),
                a.organisation.name,
                a.venue.address_line if a.venue else "",
                a.venue.borough if a.venue else "",
                a.is_free,
                f"{a.title} {a.summary}".lower(),
            )
            for a in db.session.scalars(select(Activity).where(Activity.status == "published"))
        }


def _meets_need(listing: Listing, code: str) -> bool:
    need = all_needs()[code]
    if need.categories or need.audiences:
        return bool(listing.categories & set(need.categories)) or bool(
            listing.audiences & set(need.audiences)
        )
    return any(word in listing.text for word in need.search)


def _fits(listing: Listing, expect: dict) -> bool:
    return (
        ("need" not in expect or _meets_need(listing, expect["need"]))
        and ("audience" not in expect or expect["audience"] in listing.audiences)
        and ("title" not in expect or expect["title"] in listing.title.lower())
        and ("free" not in expect or listing.free)
        and ("borough" not in expect or listing.borough == expect["borough"])
    )


def page_for(case: Case) -> str:
    prefix = "" if case.language == "en" else f"/{case.language}"
    return f"{prefix}/search?q={quote_plus(case.query)}"


def judge(case: Case, html: str, known: dict[int, Listing]) -> bool:
    """Whether the results page for the case serves it."""
    ids = list(dict.fromkeys(int(found) for found in _CARD_LINK.findall(html)))
    top = [known[i] for i in ids[:TOP] if i in known]
    expect = case.expect
    if expect.get("outside_area"):
        return not ids and 'class="panel" role="status"' in html
    if "corrected" in expect and f"<bdi>{expect['corrected']}</bdi></strong>" not in html:
        return False
    if expect.get("not_corrected"):
        # No listing is there, and no made-up word ("mers stress") stands in for it.
        return "Showing results for" not in html
    if "organisation" in expect:
        theirs = sum(
            1 for listing in known.values() if listing.organisation == expect["organisation"]
        )
        wanted = min(TOP, theirs)
        return len(top) >= wanted and all(
            listing.organisation == expect["organisation"] for listing in top[:wanted]
        )
    if "street" in expect:
        return bool(top) and top[0].street == expect["street"]
    if "borough" in expect and not all(listing.borough == expect["borough"] for listing in top):
        return False
    return any(_fits(listing, expect) for listing in top)


def run(app) -> dict[str, tuple[int, int, list[str]]]:
    """{language: (served, queries, the queries not served)}."""
    known = listings(app)
    client = app.test_client()
    figures: dict[str, tuple[int, int, list[str]]] = {}
    for case in cases():
        html = client.get(page_for(case)).get_data(as_text=True)
        served, total, missed = figures.get(case.language, (0, 0, []))
        ok = judge(case, html, known)
        figures[case.language] = (served + ok, total + 1, missed + ([] if ok else [case.query]))
    return figures
