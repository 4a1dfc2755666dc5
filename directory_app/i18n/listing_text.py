"""Listing text in the visitor's language when the group or a volunteer has translated it.

Otherwise the original is shown, marked with its own language and direction so screen readers
pronounce it right and right-to-left text lays out right, with a note saying so.
"""

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from flask_babel import get_locale
from markupsafe import Markup

from directory_app.models.translations import translation_in

ACTIVITY_FIELDS = ("title", "summary", "description", "first_visit")
ORGANISATION_FIELDS = ("name", "description")


@dataclass(frozen=True)
class ListingText:
    """Each field's text and the language it is in: a translation may cover only some fields."""

    fields: dict  # name -> (text, language)
    page_language: str

    def __getattr__(self, name: str) -> str:
        try:
            return self.fields[name][0]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def language(self) -> str:
        """The language of the first field (the title or name)."""
        return next(iter(self.fields.values()))[1]

    @property
    def in_other_language(self) -> bool:
        """True when the visitor reads a different language from the title's."""
        return self.language != self.page_language

    @property
    def attributes(self) -> Markup:
        """``lang`` and ``dir`` for the title's element, when they differ from the page's."""
        return self.attributes_for(next(iter(self.fields)))

    def attributes_for(self, name: str) -> Markup:
        language = self.fields[name][1]
        if language == self.page_language:
            return Markup("")
        return Markup(' lang="{}" dir="{}"').format(language, text_direction(language))


def text_direction(language: str) -> str:
    try:
        return Locale.parse(language.replace("-", "_")).text_direction
    except (ValueError, UnknownLocaleError):
        return "ltr"


def page_language() -> str:
    locale = get_locale()
    return locale.language if locale else "en"


def _text(record, fields: tuple[str, ...]) -> ListingText:
    wanted = page_language()
    translation = translation_in(record, wanted)
    shown = {}
    for name in fields:
        translated = getattr(translation, name, "") if translation is not None else ""
        if translated:
            shown[name] = (translated, wanted)
        else:
            shown[name] = (getattr(record, name), record.text_language)
    return ListingText(shown, wanted)


def activity_text(activity) -> ListingText:
    return _text(activity, ACTIVITY_FIELDS)


def organisation_text(organisation) -> ListingText:
    return _text(organisation, ORGANISATION_FIELDS)
