"""Listing text in the visitor's language when the group or a volunteer has translated it.

Otherwise the original is shown, marked with its own language and direction so screen readers
pronounce it right and right-to-left text lays out right, with a note saying so.
"""

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from flask_babel import get_locale
from markupsafe import Markup

ACTIVITY_FIELDS = ("title", "summary", "description", "first_visit")
ORGANISATION_FIELDS = ("name", "description")


@dataclass(frozen=True)
class ListingText:
    fields: dict
    language: str
    page_language: str

    def __getattr__(self, name: str) -> str:
        try:
            return self.fields[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def in_other_language(self) -> bool:
        """True when the visitor reads a different language from this text's."""
        return self.language != self.page_language

    @property
    def direction(self) -> str:
        return text_direction(self.language)

    @property
    def attributes(self) -> Markup:
        """``lang`` and ``dir`` for the element holding the text, when they differ from the page's."""
        if not self.in_other_language:
            return Markup("")
        return Markup(' lang="{}" dir="{}"').format(self.language, self.direction)


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
    for translation in record.translations:
        if translation.language == wanted:
            return ListingText(
                {name: getattr(translation, name) for name in fields}, wanted, wanted
            )
    original = {name: getattr(record, name) for name in fields}
    return ListingText(original, record.text_language, wanted)


def activity_text(activity) -> ListingText:
    return _text(activity, ACTIVITY_FIELDS)


def organisation_text(organisation) -> ListingText:
    return _text(organisation, ORGANISATION_FIELDS)
