"""robots.txt: crawlers may read the public pages, not the staff and private areas.

What to keep crawlers out of is read from the URL map, not listed by hand, so a staff area
added later is covered the day it exists: every route of a ``StaffArea`` blueprint, the
pages where someone types or reads their own details (``core.headers``, the same list that
marks them never to be cached), and a few files of no use in search results. Each becomes
the shortest address prefix that no public page shares, in every language's prefix too
(the staff sign-in link in a Polish page's footer is ``/pl/staff/…``).

Searches with a query string are kept out as well: each combination of filters and pages
is another address, without end, and every listing is in the sitemap anyway.
"""

import re
from collections.abc import Iterable

from flask import Flask
from werkzeug.routing import Rule

from directory_app.core.headers import PERSONAL_BLUEPRINTS, PERSONAL_ENDPOINTS
from directory_app.discovery.addresses import PageAddresses
from directory_app.web.access import StaffArea

# Files a crawler would fetch for every listing, over and over, for nothing it can show.
NOT_FOR_SEARCH_RESULTS = ("directory.activity_ics", "health.healthz", "health.readyz")
# Pages whose query strings make endless addresses: each filter, order and page number.
ENDLESS_WITH_A_QUERY = ("directory.search", "directory.category")
_PLACEHOLDER = re.compile(r"<[^>]+>")


def is_private(app: Flask, rule: Rule) -> bool:
    """Whether a route is one crawlers should stay out of."""
    blueprint_name = rule.endpoint.rpartition(".")[0]
    return (
        isinstance(app.blueprints.get(blueprint_name), StaffArea)
        or blueprint_name in PERSONAL_BLUEPRINTS
        or rule.endpoint in PERSONAL_ENDPOINTS
        or rule.endpoint in NOT_FOR_SEARCH_RESULTS
    )


def sample_path(rule: Rule) -> str:
    """A path the rule matches, each placeholder filled: ``/activities/1``."""
    return _PLACEHOLDER.sub("1", rule.rule)


def matches(pattern: str, path: str) -> bool:
    """Whether a robots.txt pattern covers a path: a prefix, where ``*`` is any run of
    characters and a final ``$`` ends the path (RFC 9309 and the major crawlers)."""
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    expression = ".*".join(re.escape(part) for part in body.split("*"))
    return re.match(expression + ("$" if anchored else ""), path) is not None


def _shortest_prefix(rule: Rule, public_paths: list[str]) -> str:
    """The shortest leading part of the rule's path (placeholders as ``*``) that covers no
    public page; the whole path, ended with ``$``, if every part does."""
    segments = _PLACEHOLDER.sub("*", rule.rule).split("/")
    for end in range(2, len(segments) + 1):
        candidate = "/".join(segments[:end])
        if not any(matches(candidate, path) for path in public_paths):
            return candidate
    return "/".join(segments) + "$"


def _without_covered(patterns: Iterable[str]) -> list[str]:
    """The patterns, less any another (shorter, plain) one already covers."""
    kept: list[str] = []
    for pattern in sorted(set(patterns), key=lambda each: (len(each), each)):
        if not any(matches(shorter, pattern) for shorter in kept if "$" not in shorter):
            kept.append(pattern)
    return sorted(kept)


def disallowed_patterns(app: Flask) -> list[str]:
    """The path patterns (without a language prefix) crawlers are asked to keep out of."""
    rules = list(app.url_map.iter_rules())
    public = [
        sample_path(rule) for rule in rules if not is_private(app, rule) and "GET" in rule.methods
    ]
    private = [_shortest_prefix(rule, public) for rule in rules if is_private(app, rule)]
    endless = [
        _PLACEHOLDER.sub("*", rule.rule) + "?"
        for rule in rules
        if rule.endpoint in ENDLESS_WITH_A_QUERY
    ]
    return _without_covered(private + endless)


def robots_txt(app: Flask, addresses: PageAddresses) -> str:
    """The text of robots.txt, with the sitemap index's full address."""
    root = addresses.root_path
    lines = ["User-agent: *"]
    for pattern in disallowed_patterns(app):
        lines.append(f"Disallow: {root}{pattern}")
        lines += [f"Disallow: {root}/{each.code}{pattern}" for each in addresses.languages]
    lines += ["", f"Sitemap: {addresses.full(addresses.path('discovery.sitemap_index'))}", ""]
    return "\n".join(lines)
