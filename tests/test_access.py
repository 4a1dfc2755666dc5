"""Every staff route is guarded, found by walking the URL map rather than listing routes.

A staff page belongs to a ``StaffArea`` blueprint, whose guard runs before any of its views:
signed out, every one of its routes (any method) sends you to sign in; signed in without
one of the area's roles, every one is refused.
"""

import re

import pytest

from directory_app.web.access import StaffArea
from tests.staff import sign_in

# The only routes under /staff that anyone may open: signing in, and the emailed links.
PUBLIC_STAFF_ENDPOINTS = {
    "accounts.sign_in",
    "accounts.request_sign_in_link",
    "accounts.forgot_password",
    "accounts.use_sign_in_link",
    "accounts.set_password",
}
ROLES = ("admin", "link_worker", "provider")


def _routes(app):
    """(rule, method, area) for every route and method, with placeholders filled."""
    for rule in app.url_map.iter_rules():
        blueprint = app.blueprints.get(rule.endpoint.rpartition(".")[0])
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: "1" if "id" in m[1] else "x", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, path, method, blueprint if isinstance(blueprint, StaffArea) else None


def test_every_route_under_staff_is_in_a_staff_area_or_is_signing_in(app):
    unguarded = [
        rule.endpoint
        for rule, _path, _method, area in _routes(app)
        if area is None
        and (rule.rule.startswith("/staff") or rule.endpoint.startswith(("inbox.", "audit.")))
        and rule.endpoint not in PUBLIC_STAFF_ENDPOINTS
    ]
    assert unguarded == []


def _without_csrf(app) -> None:
    """CSRF checks run before any blueprint's guard and would answer 400 to a POST without
    a token: these tests are about the guard."""
    app.config["WTF_CSRF_ENABLED"] = False


def test_every_staff_area_route_sends_someone_signed_out_to_sign_in(app):
    _without_csrf(app)
    client = app.test_client()
    checked = 0
    for _rule, path, method, area in _routes(app):
        if area is None:
            continue
        response = client.open(path, method=method)
        assert response.status_code == 302, (method, path, response.status_code)
        assert "/staff/sign-in" in response.headers["Location"], (method, path)
        checked += 1
    assert checked >= 30


@pytest.mark.parametrize("role", ROLES)
def test_every_staff_area_route_refuses_a_role_it_does_not_admit(app, staff, role):
    client = app.test_client()
    sign_in(client, f"{role}@example.org")
    _without_csrf(app)
    refused = 0
    for _rule, path, method, area in _routes(app):
        if area is None or role in area.roles:
            continue
        response = client.open(path, method=method)
        assert response.status_code == 403, (role, method, path, response.status_code)
        assert response.headers["Cache-Control"] == "no-store"
        refused += 1
    assert refused > 0


def test_each_area_admits_the_roles_it_names(app):
    areas = {name: bp.roles for name, bp in app.blueprints.items() if isinstance(bp, StaffArea)}
    assert areas == {
        "staff": ROLES,
        "audit": ("admin",),
        "outbox": ("admin",),
        "inbox": ("admin", "link_worker"),
        "account_requests": ("admin",),
        "my_groups": ("provider", "admin"),
        "my_venues": ("provider", "admin"),
        "admin_listings": ("admin",),
        "admin_organisations": ("admin",),
        "my_organisations": ("provider", "admin"),
        "moderation": ("admin", "link_worker"),
        "problem_reports": ("admin", "link_worker"),
        "listing_files": ("admin",),
        "session_cancellations": ("provider", "admin", "link_worker"),
        "intake": ("admin", "link_worker"),
        "corrections": ("admin", "link_worker"),
        "attempts": ("admin", "link_worker"),
        "onward": ("admin", "link_worker"),
        "case_messages": ("admin", "link_worker"),
        "case_shortlists": ("admin", "link_worker"),
        "case_buddies": ("admin", "link_worker"),
        "buddies": ("admin", "link_worker"),
        "group_referrals": ("provider",),
        "case_outcomes": ("admin", "link_worker"),
        "reports": ("admin", "link_worker"),
        "people": ("admin",),
    }
