"""Absolute links for emails, which are built in requests and in cron jobs alike."""

from flask import current_app, has_request_context, url_for


def absolute_url(endpoint: str, **values) -> str:
    """A full URL for an endpoint; outside a request, based on ``PUBLIC_URL``."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return url_for(endpoint, _external=True, **values)
