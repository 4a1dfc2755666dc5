"""Absolute links for emails, which are built in requests and in cron jobs alike."""

from flask import current_app, has_request_context, url_for

from directory_app.i18n.url_prefix import in_language, unprefixed_url_for


def absolute_url(endpoint: str, language: str | None = None, **values) -> str:
    """A full URL for an endpoint; outside a request, based on ``PUBLIC_URL``.

    Emails are not written in the page's language but in their reader's: the link opens
    in ``language`` (``/pl/…``), or carries no prefix when that is unknown or English.
    """
    if has_request_context():
        return in_language(unprefixed_url_for(endpoint, _external=True, **values), language)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return in_language(url_for(endpoint, _external=True, **values), language)
