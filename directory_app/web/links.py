"""Absolute links for emails and pages, always from the configured public address.

A request's ``Host`` header is whatever the sender typed: a password-reset link built from it
could send a member of staff to someone else's site with their token. Every absolute link
is built from ``PUBLIC_URL``, in a request or in a cron job alike.
"""

from urllib.parse import urlencode, urlsplit

from flask import current_app, request

from directory_app.i18n.url_prefix import url_code


def absolute_url(endpoint: str, language: str | None = None, **values) -> str:
    """A full URL for an endpoint under ``PUBLIC_URL``.

    Emails are not written in the page's language but in their reader's: the link opens
    in ``language`` (``/pl/…`` after the app's own root), or carries no prefix when that
    is unknown or English.
    """
    public = urlsplit(current_app.config["PUBLIC_URL"])
    root = public.path.rstrip("/")
    if language and not language.startswith("en"):
        root += "/" + url_code(language)
    adapter = current_app.url_map.bind(
        public.netloc, script_name=root or "/", url_scheme=public.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def this_page_in(locale: str | None) -> str:
    """This page and its query as a full address under ``PUBLIC_URL``, in another language
    (``None``: without a language prefix). For ``hreflang`` links, which search engines
    need absolute; never built from the request's ``Host``, which the sender chooses."""
    public = urlsplit(current_app.config["PUBLIC_URL"])
    root = f"{public.scheme or 'https'}://{public.netloc}{public.path.rstrip('/')}"
    prefix = "" if locale is None else "/" + url_code(locale)
    query = request.args.to_dict(flat=False)
    suffix = "?" + urlencode(query, doseq=True) if query else ""
    return root + prefix + request.path + suffix
