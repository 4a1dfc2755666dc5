"""Listings in words, in the visitor's language: schedules, costs, distances, dates.

Everything here goes through Babel so dates, times, numbers and plurals follow the locale,
and every phrase is a whole translatable sentence (never glued-together fragments).

The ``…_in_html`` versions are for pages: the same words, with each time range and date in
its own ``<bdi>``, so a right-to-left page cannot reorder it ("9:30 AM–11:00 AM" read as
"AM–11:00 AM 9:30" in Urdu). The plain versions are for emails, calendars and form choices.
"""

import re
import unicodedata
from datetime import date
from functools import lru_cache

from babel import Locale, dates, numbers
from babel.lists import format_list
from babel.units import _find_unit_pattern, format_unit
from flask_babel import gettext as _
from markupsafe import Markup, escape

from directory_app.domain import schedules
from directory_app.i18n.dates import long_date_in
from directory_app.i18n.page_language import page_locale, page_translations
from directory_app.i18n.slot_words import places_of_slots, repeating_day_in_words, slot_sentence


def _locale_id() -> str:
    return str(page_locale())


def time_range(start, end) -> str:
    return _time_range(start, end, _locale_id())


@lru_cache(maxsize=4096)
def _time_range(start, end, locale_id: str) -> str:
    # Cached per locale: a results page formats some fifty times, and Babel is slow at it.
    locale = Locale.parse(locale_id)
    # i18n: a session's start and end times, e.g. "10:00–12:00"
    return _("{start}–{end}").format(
        start=dates.format_time(start, "short", locale=locale),
        end=dates.format_time(end, "short", locale=locale),
    )


def slot_in_words(slot: schedules.Slot, place: str = "") -> str:
    """'Every Tuesday, 10:00–12:00', 'First Monday of the month, 10:00–12:00, term time
    only' or 'Saturday 5 December 2026, 10:00–12:00, at Hackney Library' (``place``: the
    name of a venue other than the activity's own)."""
    return _slot_in_words(slot, place, _locale_id())


def _slot_day(slot: schedules.Slot, locale_id: str) -> tuple[str, bool]:
    """When a slot recurs ("Every Tuesday") or its date, and whether it is a date."""
    if slot.frequency == "once":
        return _full_date(slot.on_date, locale_id), True
    first = long_date_in(slot.on_date, locale_id) if slot.frequency == "course" else ""
    return repeating_day_in_words(slot, first), False


@lru_cache(maxsize=4096)
def _slot_in_words(slot: schedules.Slot, place: str, locale_id: str) -> str:
    day, _dated = _slot_day(slot, locale_id)
    return slot_sentence(slot, place).format(
        day=day, times=_time_range(slot.start, slot.end, locale_id), place=place
    )


@lru_cache(maxsize=2048)
def _full_date(day: date, locale_id: str) -> str:
    return dates.format_date(day, "full", locale=Locale.parse(locale_id))


def schedule_in_words(activity) -> list[str]:
    """One line per recurring slot; dated sessions are listed with their dates."""
    locale_id = _locale_id()
    slots = schedules.timetable_for(activity).slots
    return [
        _slot_in_words(slot, place, locale_id)
        for slot, place in zip(slots, places_of_slots(activity), strict=True)
    ]


def session_in_words(session: schedules.Session) -> str:
    locale_id = _locale_id()
    return _("{day}, {times}").format(
        day=_full_date(session.starts_at.date(), locale_id),
        times=_time_range(session.starts_at.time(), session.ends_at.time(), locale_id),
    )


def session_in_option(session: schedules.Session) -> str:
    """The session in words for an ``<option>``, which cannot hold a ``<bdi>``: the date and
    the time range each between Unicode's first-strong isolate and its closing mark
    (U+2068, U+2069), the plain-text form of ``<bdi>``, so Urdu and Arabic menus do not
    reorder them."""
    locale_id = _locale_id()
    return _("{day}, {times}").format(
        day=f"\u2068{_full_date(session.starts_at.date(), locale_id)}\u2069",
        times=f"\u2068{_time_range(session.starts_at.time(), session.ends_at.time(), locale_id)}\u2069",
    )


def isolated(text, direction: str | None = None) -> Markup:
    """``text`` in a ``<bdi>``: laid out apart from the words around it, in ``direction``
    (``ltr`` for phone numbers, postcodes and references) or else in its own direction."""
    if direction is None:
        return Markup("<bdi>{}</bdi>").format(text)
    return Markup('<bdi dir="{}">{}</bdi>').format(direction, text)


def own_direction(text: str) -> str:
    """'rtl' when the first letter is a right-to-left one, else 'ltr' (as ``dir="auto"``
    decides; digits alone are left to right)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def time_range_in_html(start, end) -> Markup:
    return _time_range_html(start, end, _locale_id())


@lru_cache(maxsize=4096)
def _time_range_html(start, end, locale_id: str) -> Markup:
    # Left to right where the times are digits or Latin ("10:00–12:00", Urdu's "9:30 AM");
    # Arabic's "9:30 ص–11:00 ص" reads from the right, and forcing it left to right would
    # put each ص before its time.
    times = _time_range(start, end, locale_id)
    return isolated(times, own_direction(times))


def slot_in_html(slot: schedules.Slot, place: str = "") -> Markup:
    return _slot_in_html(slot, place, _locale_id())


@lru_cache(maxsize=4096)
def _slot_in_html(slot: schedules.Slot, place: str, locale_id: str) -> Markup:
    day, dated = _slot_day(slot, locale_id)
    return escape(slot_sentence(slot, place)).format(
        day=isolated(day) if dated else day,
        times=_time_range_html(slot.start, slot.end, locale_id),
        place=isolated(place),
    )


def schedule_in_html(activity) -> list[Markup]:
    """``schedule_in_words`` for a page."""
    locale_id = _locale_id()
    slots = schedules.timetable_for(activity).slots
    return [
        _slot_in_html(slot, place, locale_id)
        for slot, place in zip(slots, places_of_slots(activity), strict=True)
    ]


def session_in_html(session: schedules.Session) -> Markup:
    """``session_in_words`` for a page."""
    locale_id = _locale_id()
    return escape(_("{day}, {times}")).format(
        day=isolated(_full_date(session.starts_at.date(), locale_id)),
        times=_time_range_html(session.starts_at.time(), session.ends_at.time(), locale_id),
    )


def times_isolated_in(text: str, activity) -> Markup:
    """Words that name one of the activity's sessions (a buddy request's hoped-for session,
    kept as ``session_in_words`` wrote it) with its time range isolated as on the
    activity's page; any other text, escaped as it is."""
    if activity is None:
        return escape(text)
    locale_id = _locale_id()
    ranges = {
        _time_range(slot.start, slot.end, locale_id): _time_range_html(
            slot.start, slot.end, locale_id
        )
        for slot in schedules.timetable_for(activity).slots
    }
    if not ranges:
        return escape(text)
    # One pass, longest first: "9:30–11:00" is also inside "19:30–11:00".
    pattern = re.compile("|".join(re.escape(times) for times in sorted(ranges, key=len)[::-1]))
    parts, last = [], 0
    for found in pattern.finditer(text):
        parts += [escape(text[last : found.start()]), ranges[found.group(0)]]
        last = found.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def cost_in_words(activity) -> str:
    return _cost_in_words(activity.cost_type, activity.cost_pence, _locale_id())


@lru_cache(maxsize=1024)
def _cost_in_words(cost_type: str, pence: int | None, locale_id: str) -> str:
    if cost_type == "free":
        return _("Free")
    if cost_type == "pay-what-you-can":
        return _("Pay what you can")
    if pence is None:
        return _("There is a charge")
    price = numbers.format_currency(pence / 100, "GBP", locale=Locale.parse(locale_id))
    return _("{price} a session").format(price=price)


def miles_in_words(miles: float) -> str:
    """'0.5 miles', '0,5 mili', '3 أميال': CLDR's unit names, which handle plurals of
    fractions; a catalogue plural where the locale's CLDR data has no long name for miles
    (bn, pa, tr, ur)."""
    return _miles_in_words(float(miles), _locale_id())


@lru_cache(maxsize=4096)
def _miles_in_words(miles: float, locale_id: str) -> str:
    locale = Locale.parse(locale_id)
    number_format = "#,##0" if miles.is_integer() else "#,##0.0"
    if _has_long_unit_pattern(locale, "length-mile"):
        return format_unit(miles, "length-mile", length="long", format=number_format, locale=locale)
    # Fractions take the plural form in these catalogues' two-form languages.
    count = int(miles) if miles.is_integer() else 2
    # The catalogue's %(num)s is filled with the count itself, and the count of a
    # fraction is a stand-in: pick the form, then put in the real figure.
    pattern = page_translations().ngettext("%(num)s mile", "%(num)s miles", count)
    return pattern % {"num": numbers.format_decimal(miles, number_format, locale=locale)}


def _has_long_unit_pattern(locale: Locale, unit: str) -> bool:
    # Some locales (bn, tr, ur, ...) have only the short "3 mil"; asked for the long form,
    # Babel then falls back to printing the unit's identifier ("3 length-mile").
    found = _find_unit_pattern(unit, locale)
    return bool(found and locale._data["unit_patterns"][found].get("long"))


def distance_in_words(miles: float | None) -> str:
    """How far away, from where the visitor is ("3 miles away")."""
    if miles is None:
        return ""
    return _("{distance} away").format(distance=miles_in_words(round(miles, 1)))


def distance_from_place_in_html(miles: float | None, place: str) -> Markup:
    """How far from a searched place ("3 miles from Dagenham"), not "away", which would
    mean from the visitor; the place name or postcode in its own ``<bdi>``. Whole
    sentences, so no language has to fit one phrase inside another."""
    if miles is None:
        return Markup("")
    distance = miles_in_words(round(miles, 1))
    if not place:
        return escape(_("{distance} away").format(distance=distance))
    return escape(_("{distance} from {place}")).format(
        distance=distance, place=Markup("<bdi>{}</bdi>").format(place)
    )


def within_of_place_in_html(miles: float, place: str) -> Markup:
    """The distance filter in words: "Within 3 miles of E8 1AA", or "of where you are"
    for the device's own location (a place with no name)."""
    distance = miles_in_words(miles)
    if not place:
        return escape(_("Within {distance} of where you are").format(distance=distance))
    return escape(_("Within {distance} of {place}")).format(
        distance=distance, place=Markup("<bdi>{}</bdi>").format(place)
    )


def within_in_words(miles: float) -> str:
    return _("Within {distance}").format(distance=miles_in_words(miles))


def listed(items) -> str:
    """Items joined the way the page's language writes a list: "a, b and c" in English,
    "a، b، اور c" in Urdu, "a, b ir c" in Lithuanian (never a hard-coded ", ")."""
    words = [str(item) for item in items if item]
    return format_list(words, locale=page_locale()) if words else ""
