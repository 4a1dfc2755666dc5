"""Names in the visitor's language: languages, vocabulary codes, statuses and roles."""

from babel import Locale, UnknownLocaleError
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from directory_app.domain.vocabulary import (
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

LANGUAGE_NAMES_BABEL_LACKS = {"bfi": _l("British Sign Language (BSL)")}


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
