"""A listing as an OpenActive SessionSeries (Modelling Opportunity Data 2.0).

The text is the listing's own, as its group wrote it (the feed is one dataset, not one per
visitor's language); words of ours (category and accessibility names) are English, the
language the dataset declares. Empty fields are left out rather than sent empty, as
OpenActive asks.
"""

from flask_babel import force_locale

from directory_app.domain.schedules import timetable_for
from directory_app.domain.vocabulary import ACCESS_FEATURES, CATEGORIES, COST_TYPES, term_by_code
from directory_app.openactive.activity_concepts import activity_concepts
from directory_app.openactive.addresses import (
    FeedAddresses,
    activity_page,
    organisation_page,
    venue_page,
)
from directory_app.openactive.eligibility import PHYSICAL_CATEGORIES
from directory_app.openactive.schedule_data import event_schedule
from directory_app.web.forms import web_address

CONTEXT = "https://openactive.io/"
DATA_LOCALE = "en_GB"
COUNTRY = "GB"
# Access features that are OpenActive amenities (LocationFeatureSpecification subtypes);
# the others (step-free access, a hearing loop…) are told in ``accessibilityInformation``.
AMENITIES = {
    "parking": "Parking",
    "disabled-parking": "Parking",
    "baby-changing": "BabyChanging",
    "accessible-toilet": "Toilets",
    "gender-neutral-toilet": "Toilets",
}
ATTENDANCE_MODES = {
    "in-person": "https://schema.org/OfflineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


def present(fields: dict) -> dict:
    """The fields that say something: no None, empty text or empty list (0 and False stay)."""
    return {
        name: value
        for name, value in fields.items()
        if value is not None and not (isinstance(value, str | list | dict) and not value)
    }


def _label(terms, code: str) -> str:
    term = term_by_code(terms, code)
    return str(term.label) if term else code


def session_series(activity, addresses: FeedAddresses) -> dict:
    """The SessionSeries of a published listing held at a venue."""
    price = _price(activity)
    with force_locale(DATA_LOCALE):
        return present(
            {
                "@context": CONTEXT,
                "@type": "SessionSeries",
                "@id": addresses.series_id(activity.public_id),
                # Only published listings are SessionSeries: the rest are "deleted".
                "eventStatus": "https://schema.org/EventScheduled",
                "identifier": str(activity.public_id),
                "name": activity.title,
                "description": activity.description or activity.summary,
                "url": activity_page(activity.id),
                "attendeeInstructions": activity.first_visit,
                "schedulingNote": activity.schedule_notes,
                "category": [_label(CATEGORIES, code) for code in activity.category_codes],
                "activity": _activities(activity),
                "ageRange": _age_range(activity),
                "genderRestriction": _gender_restriction(activity.audience_codes),
                "accessibilityInformation": _accessibility(activity.venue),
                "eventAttendanceMode": ATTENDANCE_MODES.get(activity.attendance_mode),
                "isAccessibleForFree": True if price == 0 else None,
                "organizer": _organizer(activity.organisation, addresses),
                "location": _place(activity.venue, addresses),
                "offers": [] if price is None else [_offer(activity, price, addresses)],
                "eventSchedule": event_schedule(timetable_for(activity), activity, addresses),
            }
        )


def _activities(activity) -> list[dict]:
    found = activity_concepts(activity.title, activity.text_language)
    if found:
        return found
    # No concept of the list is named: the physical category stands in, by label only.
    return [
        {"@type": "Concept", "prefLabel": _label(CATEGORIES, code)}
        for code in activity.category_codes
        if code in PHYSICAL_CATEGORIES
    ]


def _age_range(activity) -> dict | None:
    if activity.age_min is None and activity.age_max is None:
        return None
    return present(
        {"@type": "QuantitativeValue", "minValue": activity.age_min, "maxValue": activity.age_max}
    )


def _gender_restriction(audiences: list[str]) -> str:
    women, men = "women" in audiences, "men" in audiences
    if women and not men:
        return "https://openactive.io/FemaleOnly"
    if men and not women:
        return "https://openactive.io/MaleOnly"
    return "https://openactive.io/NoRestriction"


def _accessibility(venue) -> str:
    features = [str(term.label) for term in ACCESS_FEATURES if term.code in venue.feature_codes]
    said = "; ".join(features) + ("." if features else "")
    return " ".join(part for part in (said, venue.accessibility_detail.strip()) if part)


def _price(activity) -> float | None:
    """The price in pounds; 0 for free and for "pay what you can" with no amount given
    (nobody is turned away); None when a fixed price has no amount (nothing is made up)."""
    if activity.cost_type == "free":
        return 0
    if activity.cost_pence is not None:
        return activity.cost_pence / 100
    return 0 if activity.cost_type == "pay-what-you-can" else None


def _offer(activity, price: float, addresses: FeedAddresses) -> dict:
    return present(
        {
            "@type": "Offer",
            "@id": addresses.series_id(activity.public_id) + "#/offers/0",
            "name": _label(COST_TYPES, activity.cost_type),
            "price": price,
            "priceCurrency": "GBP",
            "description": activity.cost_notes,
            "url": activity_page(activity.id),
        }
    )


def _organizer(organisation, addresses: FeedAddresses) -> dict:
    return present(
        {
            "@type": "Organization",
            "@id": addresses.organisation_id(organisation.public_id),
            "identifier": str(organisation.public_id),
            "name": organisation.name,
            "url": web_address(organisation.website) or organisation_page(organisation.id),
            "email": organisation.email,
            "telephone": organisation.phone,
        }
    )


def _place(venue, addresses: FeedAddresses) -> dict:
    geo = None
    if venue.latitude is not None and venue.longitude is not None:
        geo = {
            "@type": "GeoCoordinates",
            "latitude": round(venue.latitude, 6),
            "longitude": round(venue.longitude, 6),
        }
    address = {
        "@type": "PostalAddress",
        "streetAddress": venue.address_line,
        "addressLocality": venue.town,
        "addressRegion": venue.borough,
        "postalCode": venue.postcode,
        "addressCountry": COUNTRY,
    }
    amenities = [
        {"@type": AMENITIES[term.code], "name": str(term.label), "value": True}
        for term in ACCESS_FEATURES
        if term.code in AMENITIES and term.code in venue.feature_codes
    ]
    return present(
        {
            "@type": "Place",
            "@id": addresses.place_id(venue.public_id),
            "identifier": str(venue.public_id),
            "name": venue.name,
            "description": venue.getting_there,
            "url": venue_page(venue.id),
            "address": present(address),
            "geo": geo,
            "amenityFeature": amenities,
        }
    )
