"""Security headers on every page; nothing personal is cached."""

import pytest

from tests.referrals.helpers import SELF_REFERRAL, start, valid_self_referral
from tests.staff import sign_in

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@pytest.mark.parametrize("path", ["/", "/search?q=debt", "/about", "/does-not-exist"])
def test_every_page_sends_the_security_headers(client, path):
    response = client.get(path)
    for name, value in HEADERS.items():
        assert response.headers[name] == value, name
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # PUBLIC_URL is http here


def test_hsts_when_the_site_is_served_over_https(app, client):
    app.config["PUBLIC_URL"] = "https://directory.example.org"
    assert "max-age=31536000" in client.get("/").headers["Strict-Transport-Security"]


def test_public_pages_may_be_cached(client):
    assert client.get("/about").headers.get("Cache-Control") != "no-store"


def test_the_check_answers_page_is_never_cached(client):
    data = start(client, SELF_REFERRAL) | valid_self_referral() | {"step": "check"}
    response = client.post(SELF_REFERRAL, data=data)
    assert "Check your answers" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    ["/get-help/talk-to-a-link-worker", "/get-help/buddy", "/groups/join", "/staff/sign-in"],
)
def test_forms_are_never_cached(client, path):
    assert client.get(path).headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/staff/",
        "/staff/audit",
        "/staff/account-requests",
        "/staff/referrals/",
        "/listings/problems",
        "/staff/listing-changes",
        "/",  # a public page, as a signed-in member of staff sees it
    ],
)
def test_staff_pages_are_never_cached(app, staff, path):
    client = app.test_client()
    sign_in(client, "admin@example.org")
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
