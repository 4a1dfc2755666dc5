"""The page's language, worked out once per request and then read for free.

Flask-Babel finds the locale and catalogue afresh for every string: each ``gettext`` walks
three context lookups through Flask's proxies, and a results page asks for some 800
strings, dates and times, which was a fifth of its time. The locale cannot change within a
request (it comes from the address, the cookie or the browser), so it is worked out once,
before the view runs, and kept in a context variable that Jinja's gettext, Python's
``gettext``/``lazy_gettext`` (through ``PageDomain``) and the formatting helpers read.
Outside a request nothing is kept, and Flask-Babel's own lookups apply.
"""

from contextvars import ContextVar

from babel import Locale
from flask import Flask, g
from flask_babel import Domain, get_locale, get_translations

from directory_app.core.extensions import babel

_page: ContextVar[tuple | None] = ContextVar("page_language", default=None)


def _kept():
    """The request's (locale, catalogue), unless ``force_locale`` is speaking another
    language for a while (an email in its reader's language)."""
    state = _page.get()
    if state is None or getattr(state[2], "forced_babel_locale", None) is not None:
        return None
    return state


def page_locale() -> Locale:
    """The request's locale (English outside a request)."""
    state = _kept()
    if state is not None:
        return state[0]
    return get_locale() or Locale("en", "GB")


def page_translations():
    state = _kept()
    return state[1] if state is not None else get_translations()


class PageDomain(Domain):
    """Flask-Babel's message domain, reading the request's catalogue from the context."""

    def get_translations(self):
        state = _kept()
        return state[1] if state is not None else super().get_translations()


def _remember() -> None:
    locale, translations = get_locale(), get_translations()
    # Flask-Babel's per-request namespace: force_locale marks it while it is in force.
    g._page_language_token = _page.set((locale, translations, g._flask_babel))


def _forget(_error=None) -> None:
    token = g.pop("_page_language_token", None)
    if token is not None:
        _page.reset(token)


def install(app: Flask) -> None:
    """Work the language out before each view; let templates and ``_`` read it."""
    app.before_request(_remember)
    app.teardown_request(_forget)
    app.jinja_env.install_gettext_callables(
        gettext=lambda text: page_translations().ugettext(text),
        ngettext=lambda singular, plural, n: page_translations().ungettext(singular, plural, n),
        newstyle=True,
    )
    # Babel's domain_instance is a cached property: set it once, for every request.
    babel.__dict__["domain_instance"] = PageDomain(domain="messages")
