"""Distances read right in every shipped language: the real figure, the locale's unit name."""

from babel.numbers import format_decimal
from flask_babel import force_locale

from directory_app.i18n.formatting import distance_in_words, within_in_words
from directory_app.i18n.locale import shipped_locales


def _distances(app, locale):
    with app.test_request_context(), force_locale(locale):
        return distance_in_words(0.5), distance_in_words(12.0), within_in_words(3)


def test_distances_show_the_figure_and_a_unit_name_in_every_language(app):
    english = _distances(app, "en_GB")
    for locale in shipped_locales(app):
        half, twelve, within = _distances(app, locale)
        for text in (half, twelve, within):
            # Babel prints the unit's identifier when a locale has no long name for it.
            assert "length-mile" not in text, (locale, text)
        # The real figure, not the plural form's stand-in count.
        assert format_decimal(0.5, locale=locale) in half, (locale, half)
        assert format_decimal(12, locale=locale) in twelve, (locale, twelve)
        if not locale.startswith("en"):
            assert (half, twelve, within) != english, locale
