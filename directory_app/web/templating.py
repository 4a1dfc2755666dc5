"""What templates are given: the page's language and direction, the service's details, and
the filters and globals that put listings into words. Features add their own helpers to
their blueprints (``app_template_global``), so nothing here imports a feature."""

import hashlib
from functools import lru_cache
from pathlib import Path

from babel import Locale
from flask import Flask, current_app
from flask_babel import get_locale, gettext

from directory_app.domain.intake import CHOICE_LABELS as INTAKE_CHOICES
from directory_app.domain.intake import shown_today as intake_shown
from directory_app.domain.intake import stale_days as intake_stale_days
from directory_app.domain.vocabulary import (
    ACCESS_FEATURES,
    ACTIVITY_LANGUAGES,
    AUDIENCES,
    CATEGORIES,
)
from directory_app.i18n.dates import long_date, long_datetime
from directory_app.i18n.formatting import (
    cost_in_words,
    distance_in_words,
    isolated,
    listed,
    schedule_in_html,
    schedule_in_words,
    session_in_html,
    session_in_words,
    times_isolated_in,
    within_in_words,
)
from directory_app.i18n.labels import (
    KIND_LABELS,
    STATUS_LABELS,
    key_access_features,
    label,
    language_name,
    role_label,
    venue_access_features,
)
from directory_app.i18n.listing_text import (
    activity_text,
    organisation_text,
    text_direction,
    venue_text,
)
from directory_app.i18n.locale import available_locales
from directory_app.i18n.url_prefix import current_page_in, language_choices, unprefixed_url_for
from directory_app.web.forms import web_address
from directory_app.web.links import this_page_in


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
        "asset_url": asset_url,
        "vocab": TemplateVocabulary(locale),
        "service": {
            "name": setting_in_page_language("SERVICE_NAME"),
            "phone": current_app.config["SERVICE_PHONE"],
            "email": current_app.config["SERVICE_EMAIL"],
            "hours": setting_in_page_language("SERVICE_HOURS"),
            "area": setting_in_page_language("SERVICE_AREA"),
            "response_days": current_app.config["RESPONSE_WORKING_DAYS"],
            "emergency": current_app.config["EMERGENCY_NUMBER"],
            "urgent": current_app.config["URGENT_HELP_NUMBER"],
            "samaritans": current_app.config["SAMARITANS_NUMBER"],
        },
    }


def asset_url(filename: str) -> str:
    """A static file's address with its content's fingerprint (``?v=…``): the file may then
    be cached for a year, since a change to it changes its address."""
    return unprefixed_url_for("static", filename=filename, v=_fingerprint(filename))


@lru_cache(maxsize=64)
def _fingerprint(filename: str) -> str:
    # Read once per process: static files change only with a release (and a restart).
    content = (Path(current_app.static_folder) / filename).read_bytes()
    return hashlib.sha256(content).hexdigest()[:12]


def setting_in_page_language(name: str) -> str:
    """A setting in the page's language: the deployment's own wording for that language
    (``SERVICE_AREA_PL``), else the catalogue's translation of the default
    (config.translatable), else the setting as it was set."""
    language = get_locale().language if get_locale() else "en"
    own = current_app.config.get("SERVICE_WORDING", {}).get(name, {}).get(language)
    return own or gettext(current_app.config[name])


def shown_in_order(fields, form) -> list:
    """Fields in the order the page asks them (the form's ``shown_order``), else as
    declared; fields the order does not name keep their places after those it does."""
    order = getattr(form, "shown_order", None)
    if not order:
        return list(fields)
    rank = {name: position for position, name in enumerate(order)}
    return sorted(fields, key=lambda field: rank.get(field.name, len(rank)))


def register(app: Flask) -> None:
    """Give every template the page's context, and the filters listings are shown with."""
    app.jinja_env.add_extension("jinja2.ext.do")
    app.context_processor(template_globals)
    app.jinja_env.filters.update(
        shown_in_order=shown_in_order,
        listing_text=activity_text,
        group_text=organisation_text,
        venue_text=venue_text,
        schedule_in_words=schedule_in_words,
        session_in_words=session_in_words,
        # The same words for pages, each time range and date in its own <bdi>.
        schedule_in_html=schedule_in_html,
        session_in_html=session_in_html,
        times_isolated_in=times_isolated_in,
        # Kept apart from the words around it: ``|isolated`` in its own direction,
        # ``|isolated('ltr')`` for phone numbers, postcodes and references.
        isolated=isolated,
        cost_in_words=cost_in_words,
        listed=listed,
        distance_in_words=distance_in_words,
        within_in_words=within_in_words,
        language_name=language_name,
        text_direction=text_direction,
        long_date=long_date,
        long_datetime=long_datetime,
        key_access_features=key_access_features,
        venue_access_features=venue_access_features,
        reason_label=lambda code: label("reason", code),
        buddy_help_label=lambda code: label("buddy_help", code),
        # Only http and https addresses become links, whatever a record holds.
        web_link=web_address,
        # "Taking new people?" as a resident sees it today (``domain.intake``).
        intake_shown=intake_shown,
    )
    app.jinja_env.globals.update(
        public_page_in=this_page_in,
        label=label,
        role_label=role_label,
        status_label=lambda code: str(STATUS_LABELS.get(code, code)),
        kind_label=lambda code: str(KIND_LABELS.get(code, code)),
        reason_label=lambda code: label("reason", code),
        intake_choices=tuple(INTAKE_CHOICES.items()),
        intake_stale_days=intake_stale_days,
    )
