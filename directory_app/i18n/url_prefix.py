"""The language in the address: ``/pl/search?q=…`` is the search page in Polish.

The prefix is moved from the path into ``SCRIPT_NAME`` before Flask sees the request, so every
route stays as it is and every ``url_for`` on a Polish page keeps the ``/pl`` prefix by itself.
Addresses without a prefix still work and pick the language from the saved choice, then the
browser's preference.
"""

from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, Response, request, url_for
from flask_babel import get_locale

LOCALE_KEY = "directory.url_locale"
COOKIE_NAME = "lang"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def url_code(locale: str) -> str:
    """The address form of a locale: ``en_GB`` → ``en``, ``pt_BR`` → ``pt-br``."""
    return "en" if locale.startswith("en") else locale.replace("_", "-").lower()


class LocalePrefix:
    """WSGI middleware: ``/pl/x`` is served as ``/x`` with the ``/pl`` prefix kept for links."""

    def __init__(self, wsgi_app, locales: Iterable[str]):
        self.wsgi_app = wsgi_app
        self.locale_for_code = {url_code(locale): locale for locale in locales}

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        first, slash, rest = path[1:].partition("/")
        locale = self.locale_for_code.get(first)
        if locale is not None and path.startswith("/"):
            environ = {
                **environ,
                "SCRIPT_NAME": environ.get("SCRIPT_NAME", "") + "/" + first,
                "PATH_INFO": "/" + rest,
                LOCALE_KEY: locale,
            }
        return self.wsgi_app(environ, start_response)


def locale_in_url() -> str | None:
    """The locale named by the address's prefix, if it has one."""
    return request.environ.get(LOCALE_KEY)


def _unprefixed_root() -> str:
    root = request.script_root
    if locale_in_url() is not None:
        root = root.rsplit("/", 1)[0]
    return root


def current_page_in(locale: str | None) -> str:
    """This page and its query in another language (``None``: without a prefix)."""
    prefix = "" if locale is None else "/" + url_code(locale)
    return _unprefixed_root() + prefix + request.path + _query_suffix()


def _query_suffix() -> str:
    query = request.args.to_dict(flat=False)
    return "?" + urlencode(query, doseq=True) if query else ""


def unprefixed_url_for(endpoint: str, **values) -> str:
    """A link that does not carry the page's language: static files, for one."""
    url = url_for(endpoint, **values)
    prefixed_root = request.script_root
    if locale_in_url() is None or not prefixed_root:
        return url
    return _unprefixed_root() + url[len(prefixed_root) :]


def language_choices(locales: Iterable[str]) -> list[dict]:
    """Each language by its own name, in its own script, with the link to this page in it."""
    root, path, suffix = _unprefixed_root(), request.path, _query_suffix()
    return [
        {**_language(locale), "href": f"{root}/{url_code(locale)}{path}{suffix}"}
        for locale in locales
    ]


@lru_cache(maxsize=64)
def _language(locale: str) -> dict:
    """What the switcher shows of a language, which never changes: read once per process."""
    parsed = Locale.parse(locale)
    name = parsed.get_language_name(parsed) or locale
    return {
        "locale": locale,
        "code": url_code(locale),
        "tag": str(parsed).replace("_", "-"),
        "name": name[:1].upper() + name[1:],
        "direction": parsed.text_direction,
    }


def remember_choice(response: Response) -> Response:
    """A page opened in a language saves that choice for addresses without a prefix."""
    locale = locale_in_url()
    if locale is not None and request.method in ("GET", "HEAD"):
        if request.cookies.get(COOKIE_NAME) != locale:
            response.set_cookie(
                COOKIE_NAME,
                locale,
                max_age=COOKIE_MAX_AGE,
                samesite="Lax",
                httponly=True,
                secure=request.is_secure,
            )
    elif locale is None:
        # The language came from the cookie or Accept-Language: caches must keep them apart.
        response.vary.add("Cookie")
        response.vary.add("Accept-Language")
    language = get_locale()
    if language is not None:
        response.headers.setdefault("Content-Language", str(language).replace("_", "-"))
    return response


def install(app: Flask, locales: Iterable[str]) -> None:
    app.wsgi_app = LocalePrefix(app.wsgi_app, locales)
    app.after_request(remember_choice)
