"""Choosing the visitor's language: the address's prefix, their saved choice, their browser."""

from functools import lru_cache
from pathlib import Path

from flask import current_app, has_request_context, request

from directory_app.i18n.url_prefix import COOKIE_NAME, locale_in_url


def available_locales() -> list[str]:
    """British English plus every language with a catalogue in ``translations/``."""
    return shipped_locales(current_app)


def shipped_locales(app) -> list[str]:
    return list(_locales_in(app.config["BABEL_TRANSLATION_DIRECTORIES"]))


@lru_cache(maxsize=4)
def _locales_in(directory: str) -> tuple[str, ...]:
    # Read once per process: catalogues are compiled at install, and this runs per request.
    root = Path(directory)
    found = (
        sorted(
            path.name for path in root.iterdir() if (path / "LC_MESSAGES" / "messages.po").exists()
        )
        if root.exists()
        else []
    )
    return ("en_GB", *(code for code in found if not code.startswith("en")))


def select_locale() -> str:
    """The address's /pl/ prefix, then the saved choice, the browser's preference, English."""
    if not has_request_context():
        return "en_GB"  # commands and jobs: messages go to staff and logs in English
    in_url = locale_in_url()
    if in_url is not None:
        return in_url
    locales = available_locales()
    saved = request.cookies.get(COOKIE_NAME)
    if saved in locales:
        return saved
    return request.accept_languages.best_match(locales) or "en_GB"


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]
