"""Hostile values and the route helpers both fuzzing files use (fuzzing GET routes and
forms are two files so that CI's two test processes run them side by side)."""

import os
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.apps import TEST_DATABASE

# What hostile input looks like: NUL and control characters, line breaks, right-to-left
# marks, digits that are not ASCII ("²", "٣"), huge numbers, markup, other scripts.
NASTY_VALUES = (
        "\x00", "\r\n", "\t", "²", "٣", "9" * 25, "-1", "0", "1e999", "nan", "%00", "%0d%0a",
        "<script>alert(1)</script>", "javascript:alert(1)", "'; DROP TABLE referral; --",
        "\u202e", "\ufeff", "ñ", "ąę", "الوحدة", "একাকী", "ਕਰਜ਼ਾ", " ", "", "E8 1AG", "RM10",
        "//evil.example", "../../etc/passwd", "{0}", "%(num)s", "2026-02-30", "99:99",
)  # fmt: skip
NASTY = st.sampled_from(NASTY_VALUES)
# The sweeps send every value above on PostgreSQL, the production database. On SQLite they
# send the values whose fate depends on the database (NUL, numbers past 64 bits, dates that
# do not exist, non-ASCII digits and scripts, empty); markup and paths meet the same code
# on both, and sending them twice doubled the sweeps' minutes in CI.
DATABASE_SENSITIVE = (
    "\x00", "²", "٣", "9" * 25, "-1", "0", "1e999", "nan", "%00", "ąę", "الوحدة", " ", "",
    "2026-02-30", "99:99",
)  # fmt: skip
VALUE = st.one_of(
    NASTY,
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.lists(NASTY, min_size=2, max_size=4).map("".join),
)
PARAMETERS = (
    "q", "near", "page", "age", "within", "category", "access", "day", "time", "for", "lang",
    "sort", "activity", "status", "kind", "assigned", "area", "reason", "overdue", "free",
    "online", "organisation", "language", "next", "token", "back", "return",
)  # fmt: skip
# The random search runs on the suite's database (PostgreSQL in CI, the production one),
# ten examples a route; the sweeps run on both. Running both searches on both databases
# was two minutes of CI for the same code paths again.
ON_THE_SUITES_DATABASE = pytest.mark.parametrize("app", [TEST_DATABASE], indirect=True)
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "10")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def sweep_values(app) -> tuple[str, ...]:
    on_sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    return DATABASE_SENSITIVE if on_sqlite else NASTY_VALUES


def check(response, what) -> None:
    assert response.status_code < 500, (what, response.status_code)
    body = response.get_data().decode("utf-8", "replace")  # the favicon is binary
    assert "Traceback" not in body and "sqlalchemy" not in body.lower(), what


def routes(app, method: str) -> list:
    return sorted(
        (rule for rule in app.url_map.iter_rules() if method in rule.methods),
        key=lambda rule: rule.rule,
    )


def fill(rule, values) -> str:
    """The rule's path with each placeholder replaced by a value, escaped as a browser would."""
    return re.sub(
        r"<(?:[a-z]+:)?([a-z_]+)>", lambda _m: quote(next(values) or "x", safe=""), rule.rule
    )


def who_may_open(app, rule) -> str:
    """The role that gets past the route's guard, so the fuzzing reaches the view."""
    area = app.blueprints.get(rule.endpoint.rpartition(".")[0])
    roles = getattr(area, "roles", None)
    if not roles:
        return "visitor"
    return "admin" if "admin" in roles else roles[0]


def route_ids(method: str):
    from directory_app import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return [rule.endpoint for rule in routes(app, method) if rule.endpoint != "static"]


def csrf_token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    return match.group(1) if match else ""
