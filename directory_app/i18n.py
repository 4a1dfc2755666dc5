"""Choosing the visitor's language and giving templates what they need to lay it out."""

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from flask import current_app, has_request_context, request
from flask_babel import get_locale, gettext

from directory_app.locale_urls import (
    COOKIE_NAME,
    current_page_in,
    language_choices,
    locale_in_url,
    unprefixed_url_for,
)
from directory_app.vocabulary import ACCESS_FEATURES, ACTIVITY_LANGUAGES, AUDIENCES, CATEGORIES


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


class TemplateVocabulary:
    """The fixed vocabularies, for filter forms, with weekday names in the page language."""

    categories = CATEGORIES
    access = ACCESS_FEATURES
    audiences = AUDIENCES
    languages = ACTIVITY_LANGUAGES

    def __init__(self, locale: Locale):
        self._locale = locale

    @property
    def weekday_names(self) -> list[str]:
        names = self._locale.days["format"]["wide"]
        return [names[index] for index in range(7)]


def template_globals() -> dict:
    """Values every template uses: the page language and its direction."""
    locale = get_locale() or Locale("en", "GB")
    return {
        "page_language": str(locale).replace("_", "-"),
        "text_direction": locale.text_direction,
        "languages": language_choices(available_locales()),
        "page_without_language": current_page_in(None),
        "asset_url": lambda filename: unprefixed_url_for("static", filename=filename),
        "vocab": TemplateVocabulary(locale),
        "service": {
            "name": _setting_in_page_language("SERVICE_NAME"),
            "phone": current_app.config["SERVICE_PHONE"],
            "email": current_app.config["SERVICE_EMAIL"],
            "hours": _setting_in_page_language("SERVICE_HOURS"),
            "area": _setting_in_page_language("SERVICE_AREA"),
            "response_days": current_app.config["RESPONSE_WORKING_DAYS"],
            "emergency": current_app.config["EMERGENCY_NUMBER"],
            "urgent": current_app.config["URGENT_HELP_NUMBER"],
            "samaritans": current_app.config["SAMARITANS_NUMBER"],
        },
    }


def _setting_in_page_language(name: str) -> str:
    # The defaults are in the catalogue (config.translatable); a deployment's own wording
    # has no translation and is shown as it was set.
    return gettext(current_app.config[name])


def local_now() -> datetime:
    """The deployment's wall-clock time, naive, as activity times are published."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.now(zone).replace(tzinfo=None, microsecond=0)
