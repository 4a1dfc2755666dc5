"""Listing text in the visitor's language when the group or a volunteer has translated it.

Otherwise the original is shown, marked with its own language and direction so screen readers
pronounce it right and right-to-left text lays out right, with a note saying so. Notes that
are never translated (when it runs, what it costs, getting to the venue) are always the
original, marked the same way.
"""

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from flask_babel import get_locale
from markupsafe import Markup

from directory_app.models.translations import translation_in

ACTIVITY_FIELDS = ("title", "summary", "description", "first_visit")
# Written by the group and shown as written: translations do not cover them.
ACTIVITY_NOTES = ("schedule_notes", "cost_notes")
ORGANISATION_FIELDS = ("name", "description")
VENUE_FIELDS = ("name", "address_line", "town", "neighbourhood", "getting_there",
                "accessibility_detail")  # fmt: skip
# A venue is shared by every group that meets there and records no language of its own;
# its text is taken to be English, the language of the seed data and listing imports.
VENUE_LANGUAGE = "en"


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
        return language_attributes(self.fields[name][1], self.page_language)


def language_attributes(language: str, page: str) -> Markup:
    """`` lang="…" dir="…"`` for text in ``language`` on a page in ``page``'s language;
    nothing when they are the same."""
    if language == page:
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
    return _text(activity, ACTIVITY_FIELDS + ACTIVITY_NOTES)


def organisation_text(organisation) -> ListingText:
    return _text(organisation, ORGANISATION_FIELDS)


def venue_text(venue) -> ListingText:
    """A venue's name, address and notes, marked as English on pages in other languages."""
    wanted = page_language()
    return ListingText(
        {name: (getattr(venue, name), VENUE_LANGUAGE) for name in VENUE_FIELDS}, wanted
    )
