"""Absolute links for emails, which are built in requests and in cron jobs alike."""

from flask import current_app, has_request_context, url_for

from directory_app.locale_urls import unprefixed_url_for


def absolute_url(endpoint: str, **values) -> str:
    """A full URL for an endpoint; outside a request, based on ``PUBLIC_URL``."""
    if has_request_context():
        # Emails go to staff and groups, not to the page's language: no /pl/ prefix.
        return unprefixed_url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return url_for(endpoint, _external=True, **values)
