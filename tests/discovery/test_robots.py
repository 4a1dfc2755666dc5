"""robots.txt keeps crawlers out of every staff and private page, found by walking the URL
map, in every language's prefix, and lets them read the public pages."""

import re

from flask import Blueprint

from directory_app.core.headers import PERSONAL_BLUEPRINTS, PERSONAL_ENDPOINTS
from directory_app.discovery.robots import matches
from directory_app.web.access import StaffArea
from tests.discovery.helpers import PUBLIC

LANGUAGE_PREFIXES = ("", "/en", "/pl", "/ar")


def _robots(client) -> tuple[list[str], list[str]]:
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = [line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow:")]
    sitemaps = [line.removeprefix("Sitemap: ") for line in lines if line.startswith("Sitemap:")]
    return disallowed, sitemaps


def _blocked(patterns: list[str], path: str) -> bool:
    """Whether any Disallow line covers the path (there are no Allow lines to outrank one)."""
    return any(matches(pattern, path) for pattern in patterns)


def _path(rule) -> str:
    return re.sub(r"<[^>]+>", "1", rule.rule)


def _private_rules(app):
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.rpartition(".")[0]
        if (
            isinstance(app.blueprints.get(blueprint), StaffArea)
            or blueprint in PERSONAL_BLUEPRINTS
            or rule.endpoint in PERSONAL_ENDPOINTS
        ):
            yield rule


def test_every_staff_and_private_route_is_disallowed_in_every_language(app, client):
    disallowed, _sitemaps = _robots(client)
    rules = list(_private_rules(app))
    assert len(rules) > 40
    staff_areas = {rule.endpoint.rpartition(".")[0] for rule in rules} & {
        name for name, blueprint in app.blueprints.items() if isinstance(blueprint, StaffArea)
    }
    assert len(staff_areas) >= 8
    open_paths = [
        prefix + _path(rule)
        for rule in rules
        for prefix in LANGUAGE_PREFIXES
        if not _blocked(disallowed, prefix + _path(rule))
    ]
    assert open_paths == []


def test_a_new_staff_area_is_disallowed_the_day_it_exists(app):
    area = StaffArea("ledgers", __name__, roles=("admin",), url_prefix="/ledgers")
    area.add_url_rule("/<int:report_id>", "report", lambda report_id: "")
    app.register_blueprint(area)
    # A public route beside it stays open.
    public = Blueprint("report_news", __name__)
    public.add_url_rule("/ledgers-news", "news", lambda: "")
    app.register_blueprint(public)
    disallowed, _sitemaps = _robots(app.test_client())
    assert _blocked(disallowed, "/ledgers/1") and _blocked(disallowed, "/pl/ledgers/1")
    assert not _blocked(disallowed, "/ledgers-news")


def test_public_pages_are_open_and_endless_searches_are_not(app, client):
    disallowed, _sitemaps = _robots(client)
    for prefix in LANGUAGE_PREFIXES:
        for path in ("/", "/search", "/categories/food", "/activities/1", "/organisations/1",
                     "/venues/1", "/about", "/get-help", "/embed/build", "/static/css/site.css",
                     "/sitemap.xml"):  # fmt: skip
            assert not _blocked(disallowed, prefix + path), prefix + path
        assert _blocked(disallowed, prefix + "/search?q=art&page=2")
        assert _blocked(disallowed, prefix + "/categories/food?day=mon")
        assert _blocked(disallowed, prefix + "/activities/1/calendar.ics")


def test_the_sitemap_is_named_by_its_full_address(app, client):
    app.config["PUBLIC_URL"] = PUBLIC
    disallowed, sitemaps = _robots(client)
    assert sitemaps == [PUBLIC + "/sitemap.xml"]
    # Under a path, every rule is under it too.
    assert all(pattern.startswith("/find/") for pattern in disallowed)


def test_robots_patterns_match_as_crawlers_match_them():
    assert matches("/staff", "/staff/sign-in") and not matches("/staff", "/about")
    assert matches("/activities/*/calendar.ics", "/activities/12/calendar.ics")
    assert matches("/search?", "/search?q=1") and not matches("/search?", "/search")
    assert matches("/x$", "/x") and not matches("/x$", "/x/y")
