"""schema.org structured data (JSON-LD) for organisation and venue pages, and the script
element every listing page carries it in.

Search engines and the apps built on them read these to show a listing's address, times,
cost and access on their own pages. The data is built as Python dictionaries, empty fields
left out, and written with ``json.dumps``; listing text is in the page's language where the
group has translated it (``i18n.listing_text``), as on the page itself. Addresses come from
``PUBLIC_URL`` (``addresses``), never from the request.
"""

import json

from markupsafe import Markup

from directory_app.discovery.addresses import PageAddresses
from directory_app.domain.vocabulary import ACCESS_FEATURES
from directory_app.i18n.labels import label
from directory_app.i18n.listing_text import organisation_text, venue_text
from directory_app.web.forms import web_address

CONTEXT = "https://schema.org"
COUNTRY = "GB"
# Characters that could end the <script> element or open a comment in it, as JSON escapes:
# "</script>" in a listing's title stays text ("\u003c/script\u003e"), and the JSON parses
# to the same value. "=" too, so no attribute-like text ("onerror=alert(2)") shows in the
# page's source for filters and scanners to take for an attack; U+2028 and U+2029 for
# scripts that eval JSON.
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "=": "\\u003d",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}  # fmt: skip
# The organisation identifier schemes (org-id.guide) of the UK's three charity registers:
# Scotland's numbers start "SC", Northern Ireland's "NIC"; the rest are England and Wales's.
CHARITY_REGISTERS = (("SC", "GB-SC"), ("NIC", "GB-NIC"))
ENGLAND_AND_WALES_REGISTER = "GB-CHC"


def script_element(data: dict) -> Markup:
    """``<script type="application/ld+json">`` holding ``data``, safe whatever its text."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escaped in _SCRIPT_ESCAPES.items():
        text = text.replace(character, escaped)
    # Every character that could end the element is escaped above.
    return Markup('<script type="application/ld+json">' + text + "</script>")  # noqa: S704


def without_empty(value):
    """The value with empty strings, ``None`` and empty lists or objects left out, at any
    depth (``False`` and ``0`` say something, so they stay)."""
    if isinstance(value, dict):
        kept = {key: without_empty(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if not _is_empty(item)}
    if isinstance(value, list | tuple):
        return [item for item in (without_empty(each) for each in value) if not _is_empty(item)]
    return value


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


def node_id(address: str, kind: str) -> str:
    """The ``@id`` of the thing a page describes, so other data can refer to it."""
    return f"{address}#{kind}"


def organisation_reference(organisation, addresses: PageAddresses) -> dict:
    """An organisation as the organizer of an activity: its name, page and ``@id``."""
    page = addresses.on_this_page("directory.organisation", organisation_id=organisation.id)
    return {
        "@type": "Organization",
        "@id": node_id(page, "organization"),
        "name": organisation_text(organisation).name,
        "url": page,
    }


def charity_identifier(number: str | None) -> dict | None:
    """A registered charity number as a PropertyValue named by its register's scheme."""
    number = (number or "").strip()
    if not number:
        return None
    scheme = next(
        (code for prefix, code in CHARITY_REGISTERS if number.upper().startswith(prefix)),
        ENGLAND_AND_WALES_REGISTER,
    )
    return {"@type": "PropertyValue", "propertyID": scheme, "value": number}


def organisation_data(organisation, addresses: PageAddresses) -> dict:
    """An organisation page's Organization."""
    text = organisation_text(organisation)
    data = (
        {"@context": CONTEXT}
        | organisation_reference(organisation, addresses)
        | {
            "description": text.description,
            "email": organisation.email,
            "telephone": organisation.phone,
            "sameAs": web_address(organisation.website),
            "identifier": charity_identifier(organisation.charity_number),
        }
    )
    return without_empty(data)


def place(venue, addresses: PageAddresses) -> dict:
    """A venue as a Place: its address, position and accessibility features."""
    text = venue_text(venue)
    page = addresses.on_this_page("directory.venue", venue_id=venue.id)
    geo = None
    if venue.latitude is not None and venue.longitude is not None:
        geo = {"@type": "GeoCoordinates", "latitude": venue.latitude,
               "longitude": venue.longitude}  # fmt: skip
    features = venue.feature_codes
    return {
        "@type": "Place",
        "@id": node_id(page, "place"),
        "name": text.name,
        "url": page,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": text.address_line,
            "addressLocality": text.town,
            "addressRegion": venue.borough,
            "postalCode": venue.postcode,
            "addressCountry": COUNTRY,
        },
        "geo": geo,
        "amenityFeature": [
            {
                "@type": "LocationFeatureSpecification",
                "name": label("access", term.code),
                "value": True,
            }  # fmt: skip
            for term in ACCESS_FEATURES
            if term.code in features
        ],
    }


def venue_data(venue, addresses: PageAddresses) -> dict:
    """A venue page's Place."""
    return without_empty({"@context": CONTEXT} | place(venue, addresses))
