"""Dates in words: each language its own, however many times a page shows the same day."""

from datetime import UTC, date, datetime

from babel.dates import format_date
from flask_babel import force_locale

from directory_app.i18n.dates import long_date
from directory_app.i18n.locale import shipped_locales

DAY = date(2027, 3, 4)


def test_the_same_day_is_written_in_each_pages_language_every_time(app):
    with app.test_request_context():
        for _ in range(2):  # the second round comes from the cache, as a page's 75 dates do
            for locale in shipped_locales(app):
                with force_locale(locale):
                    assert long_date(DAY) == format_date(DAY, "long", locale=locale), locale
        with force_locale("pl"):
            assert long_date(DAY) != long_date(date(2027, 3, 5))
        assert long_date(None) == ""
        # A moment is the day it was in the reader's time zone: 23:30 in UTC on 31 May is
        # 1 June in London.
        late_evening = datetime(2027, 5, 31, 23, 30, tzinfo=UTC)
        with force_locale("en_GB"):
            assert long_date(late_evening) == "1 June 2027"
