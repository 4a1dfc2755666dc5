"""Where a referral came from and how consent was given, in words."""

from flask_babel import lazy_gettext as _l

SOURCE_LABELS = {
    "self": _l("The person's own online form"),
    "professional": _l("Referred by a professional"),
    "phone": _l("Taken by phone"),
    "in_person": _l("Taken in person"),
}
CONSENT_METHOD_LABELS = {
    "online_form": _l("Ticked on the online form"),
    "verbal": _l("Verbal"),
    "written": _l("Written"),
    "confirmed_by_referrer": _l("Confirmed by the referrer"),
}
REFERRER_KIND_LABELS = {
    "gp_practice": _l("GP practice"),
    "pharmacy": _l("Pharmacy"),
    "housing": _l("Housing"),
    "mental_health": _l("Community mental health team"),
    "vcse": _l("Voluntary or community group"),
    "council": _l("Council service"),
    "other": _l("Somewhere else"),
}


def source_label(code: str) -> str:
    """How the referral reached the service, e.g. "Taken by phone"."""
    return str(SOURCE_LABELS.get(code, code))


def consent_method_label(code: str) -> str:
    """How the person agreed to be referred, e.g. "Verbal"."""
    return str(CONSENT_METHOD_LABELS.get(code, code))


def referrer_kind_label(code: str) -> str:
    """Where a professional referrer works, e.g. "Pharmacy"."""
    return str(REFERRER_KIND_LABELS.get(code, code))
