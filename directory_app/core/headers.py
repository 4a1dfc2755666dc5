"""Security headers on every response, and no caching of anything personal.

The pages use no inline script or style, so the Content-Security-Policy allows only the
site's own files; no other site may frame a page (``frame-ancestors 'none'``) but the one
that sets its own policy to be framed (the partners' widget, ``discovery``). Addresses
of pages (which can hold a search such as "debt advice E8") are not sent to other sites.
"""

from flask import Flask, current_app, g, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)
# "Use my location" is the only powerful feature a page asks for.
PERMISSIONS_POLICY = (
    "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), browsing-topics=()"
)
# Pages where someone types or reads their own details, whoever they are.
# A shortlist says what someone is looking for: never cached, never indexed.
PERSONAL_BLUEPRINTS = ("referrals", "accounts", "shortlists", "professional_referrals")
PERSONAL_ENDPOINTS = (
    "listings.report_problem",
    "listings.problem_reported",
    "listings.confirm",
    "listings.update",
    "groups.join",
    "groups.join_sent",
)
READING_METHODS = ("GET", "HEAD")


def _is_personal() -> bool:
    if request.method not in READING_METHODS:
        return True
    if request.blueprint in PERSONAL_BLUEPRINTS or request.endpoint in PERSONAL_ENDPOINTS:
        return True
    # A signed-in member of staff sees their own header links on every page. Asked as "not
    # anonymous" rather than "authenticated" (which reads the account's active flag): the
    # request's commit has expired the account by now, so that reloaded it and its groups.
    user = g.get("_login_user")
    return bool(user is not None and not user.is_anonymous)


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # A page that names who may frame it (the partners' widget) says so in its policy alone.
    policy = headers["Content-Security-Policy"]
    if "frame-ancestors" not in policy or "frame-ancestors 'none'" in policy:
        headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    max_age = current_app.config["HSTS_MAX_AGE"]
    if max_age and current_app.config["PUBLIC_URL"].startswith("https://"):
        headers.setdefault("Strict-Transport-Security", f"max-age={max_age}; includeSubDomains")
    if _is_personal():
        headers["Cache-Control"] = "no-store"
    elif request.endpoint == "static" and "v" in request.args:
        # Fingerprinted (``web.templating.asset_url``): a new version has a new address.
        headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def install(app: Flask) -> None:
    app.after_request(add_security_headers)
