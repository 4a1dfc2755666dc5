"""Choosing the visitor's language and giving templates what they need to lay it out."""

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from flask import current_app, has_request_context, request
from flask_babel import get_locale

from directory_app.vocabulary import ACCESS_FEATURES, ACTIVITY_LANGUAGES, AUDIENCES, CATEGORIES


def available_locales() -> list[str]:
    """British English plus every language with a catalogue in ``translations/``."""
    return list(_locales_in(current_app.config["BABEL_TRANSLATION_DIRECTORIES"]))


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
    """The saved choice, then the browser's preference, then English."""
    if not has_request_context():
        return "en_GB"  # commands and jobs: messages go to staff and logs in English
    locales = available_locales()
    saved = request.cookies.get("lang")
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
        "vocab": TemplateVocabulary(locale),
        "service": {
            "name": current_app.config["SERVICE_NAME"],
            "phone": current_app.config["SERVICE_PHONE"],
            "email": current_app.config["SERVICE_EMAIL"],
            "hours": current_app.config["SERVICE_HOURS"],
            "area": current_app.config["SERVICE_AREA"],
            "response_days": current_app.config["RESPONSE_WORKING_DAYS"],
            "emergency": current_app.config["EMERGENCY_NUMBER"],
            "urgent": current_app.config["URGENT_HELP_NUMBER"],
            "samaritans": current_app.config["SAMARITANS_NUMBER"],
        },
    }


def local_now() -> datetime:
    """The deployment's wall-clock time, naive, as activity times are published."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.now(zone).replace(tzinfo=None, microsecond=0)
