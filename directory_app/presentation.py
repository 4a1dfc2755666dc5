"""Showing listings in words, in the visitor's language: schedules, costs, distances.

Everything here goes through Babel so dates, times, numbers and plurals follow the locale,
and every phrase is a whole translatable sentence (never glued-together fragments).
"""

from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel.units import _find_unit_pattern, format_unit
from flask import Flask
from flask_babel import (
    format_currency,
    format_date,
    format_datetime,
    format_decimal,
    format_time,
    get_locale,
    get_translations,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from directory_app import schedules
from directory_app.listing_text import activity_text, organisation_text, text_direction
from directory_app.vocabulary import (
    ACCESS_FEATURES,
    ATTENDANCE_MODES,
    AUDIENCES,
    BUDDY_HELP,
    CATEGORIES,
    CONTACT_METHODS,
    INTERPRETER_NEEDS,
    KEY_ACCESS_FEATURES,
    LISTING_STATUSES,
    REFERRAL_REASONS,
    term_by_code,
)

# Whole phrases per weekday, because many languages inflect the day after "every"
# (Polish "w każdy wtorek"), which a "{day}" placeholder could not express.
EVERY_WEEKDAY = (
    _l("Every Monday"),
    _l("Every Tuesday"),
    _l("Every Wednesday"),
    _l("Every Thursday"),
    _l("Every Friday"),
    _l("Every Saturday"),
    _l("Every Sunday"),
)
EVERY_OTHER_WEEKDAY = (
    _l("Every other Monday"),
    _l("Every other Tuesday"),
    _l("Every other Wednesday"),
    _l("Every other Thursday"),
    _l("Every other Friday"),
    _l("Every other Saturday"),
    _l("Every other Sunday"),
)
LANGUAGE_NAMES_BABEL_LACKS = {"bfi": _l("British Sign Language (BSL)")}


def time_range(start, end) -> str:
    # i18n: a session's start and end times, e.g. "10:00–12:00"
    return _("{start}–{end}").format(
        start=format_time(start, "short"), end=format_time(end, "short")
    )


def slot_in_words(slot: schedules.Slot) -> str:
    """'Every Tuesday, 10:00–12:00' or 'Saturday 5 December 2026, 10:00–12:00'."""
    times = time_range(slot.start, slot.end)
    if slot.frequency == "weekly":
        day = str(EVERY_WEEKDAY[slot.weekday])
    elif slot.frequency == "fortnightly":
        day = str(EVERY_OTHER_WEEKDAY[slot.weekday])
    else:
        day = format_date(slot.on_date, "full")
    # i18n: when an activity happens, e.g. "Every Tuesday, 10:00–12:00"
    return _("{day}, {times}").format(day=day, times=times)


def schedule_in_words(activity) -> list[str]:
    """One line per recurring slot; dated sessions are listed with their dates."""
    return [slot_in_words(slot) for slot in schedules.timetable_for(activity).slots]


def session_in_words(session: schedules.Session) -> str:
    return _("{day}, {times}").format(
        day=format_date(session.starts_at.date(), "full"),
        times=time_range(session.starts_at.time(), session.ends_at.time()),
    )


def cost_in_words(activity) -> str:
    if activity.cost_type == "free":
        return _("Free")
    if activity.cost_type == "pay-what-you-can":
        return _("Pay what you can")
    if activity.cost_pence is None:
        return _("There is a charge")
    return _("{price} a session").format(price=format_currency(activity.cost_pence / 100, "GBP"))


def miles_in_words(miles: float) -> str:
    """'0.5 miles', '0,5 mili', '3 أميال': CLDR's unit names, which handle plurals of
    fractions; a catalogue plural where the locale's CLDR data has no long name for miles
    (bn, pa, tr, ur)."""
    locale = get_locale() or Locale("en", "GB")
    number_format = "#,##0" if float(miles).is_integer() else "#,##0.0"
    if _has_long_unit_pattern(locale, "length-mile"):
        return format_unit(miles, "length-mile", length="long", format=number_format, locale=locale)
    # Fractions take the plural form in these catalogues' two-form languages.
    count = int(miles) if float(miles).is_integer() else 2
    # Flask-Babel's ngettext fills %(num)s with the count itself, and the count of a
    # fraction is a stand-in: pick the form, then put in the real figure.
    pattern = get_translations().ngettext("%(num)s mile", "%(num)s miles", count)
    return pattern % {"num": format_decimal(miles, number_format)}


def _has_long_unit_pattern(locale: Locale, unit: str) -> bool:
    # Some locales (bn, tr, ur, ...) have only the short "3 mil"; asked for the long form,
    # Babel then falls back to printing the unit's identifier ("3 length-mile").
    found = _find_unit_pattern(unit, locale)
    return bool(found and locale._data["unit_patterns"][found].get("long"))


def distance_in_words(miles: float | None) -> str:
    if miles is None:
        return ""
    return _("{distance} away").format(distance=miles_in_words(round(miles, 1)))


def within_in_words(miles: float) -> str:
    return _("Within {distance}").format(distance=miles_in_words(miles))


def language_name(code: str, in_own_language: bool = False, capitalise: bool = True) -> str:
    """A language's name in the visitor's language (or in itself): 'Polish' / 'Polski'.

    Capitalised to start a list item; ``capitalise=False`` keeps CLDR's casing for use
    inside a sentence ('angielski' in Polish, 'English' in English).
    """
    if code in LANGUAGE_NAMES_BABEL_LACKS:
        return str(LANGUAGE_NAMES_BABEL_LACKS[code])
    try:
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return code
    display_in = locale if in_own_language else (get_locale() or Locale("en"))
    name = locale.get_display_name(display_in) or code
    return name[:1].upper() + name[1:] if capitalise else name


def label(vocabulary_name: str, code: str) -> str:
    vocabularies = {
        "category": CATEGORIES,
        "access": ACCESS_FEATURES,
        "audience": AUDIENCES,
        "mode": ATTENDANCE_MODES,
        "reason": REFERRAL_REASONS,
        "status": LISTING_STATUSES,
        "buddy_help": BUDDY_HELP,
        "contact": CONTACT_METHODS,
        "interpreter": INTERPRETER_NEEDS,
    }
    term = term_by_code(vocabularies[vocabulary_name], code)
    return str(term.label) if term else code


def key_access_features(venue) -> list:
    """The few accessibility features shown on a result card, when the venue has them."""
    if venue is None:
        return []
    have = venue.feature_codes
    return [term_by_code(ACCESS_FEATURES, code) for code in KEY_ACCESS_FEATURES if code in have]


def venue_access_features(venue) -> list:
    have = venue.feature_codes if venue else set()
    return [term for term in ACCESS_FEATURES if term.code in have]


STATUS_LABELS = {
    "new": _l("New"),
    "contacted": _l("Contacted"),
    "in_progress": _l("In progress"),
    "buddy_matched": _l("Buddy matched"),
    "referred_on": _l("Referred on"),
    "attended": _l("Attended first session"),
    "closed": _l("Closed"),
    "declined": _l("Declined"),
}
KIND_LABELS = {"self_referral": _l("Self-referral"), "buddy": _l("Buddy request")}

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "link_worker": _l("Link worker"),
    "provider": _l("Group that lists activities"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def long_datetime(value: datetime | None) -> str:
    return format_datetime(value, "medium") if value else ""


def long_date(value: date | datetime | None) -> str:
    return format_date(value, "long") if value else ""


def register_filters(app: Flask) -> None:
    app.jinja_env.filters.update(
        listing_text=activity_text,
        group_text=organisation_text,
        schedule_in_words=schedule_in_words,
        session_in_words=session_in_words,
        cost_in_words=cost_in_words,
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
    )
    from directory_app.referrals.answers import answer_rows

    app.jinja_env.globals.update(
        label=label,
        role_label=role_label,
        answer_rows=answer_rows,
        status_label=lambda code: str(STATUS_LABELS.get(code, code)),
        kind_label=lambda code: str(KIND_LABELS.get(code, code)),
        reason_label=lambda code: label("reason", code),
    )
