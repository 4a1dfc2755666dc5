"""Venues as Open Referral locations: address, coordinates and accessibility.

Every venue is a physical location with its latitude and longitude (WGS84), worked out from
its grid reference when only that is stored. Its accessibility is one entry per access
feature it has (each linked to the term of the accessibility taxonomy), plus one for the
venue's own description of its access when it has written one.
"""

from directory_app.domain.vocabulary import ACCESS_FEATURES
from directory_app.geo.postcodes import to_point
from directory_app.oruk.fields import present
from directory_app.oruk.identifiers import part_id
from directory_app.oruk.taxonomies import attribute, english_label, taxonomy_named


def coordinates(venue) -> tuple[float | None, float | None]:
    """(latitude, longitude) of a venue, from its grid reference when they are not stored."""
    if venue.latitude is not None and venue.longitude is not None:
        return venue.latitude, venue.longitude
    if venue.easting is not None and venue.northing is not None:
        point = to_point(venue.easting, venue.northing)
        return point.latitude, point.longitude
    return None, None


def location_summary(venue) -> dict:
    """The location's own fields, as a list of services at locations shows it."""
    latitude, longitude = coordinates(venue)
    return present(
        id=str(venue.public_id),
        location_type="physical",
        name=venue.name,
        description=venue.getting_there,
        latitude=latitude,
        longitude=longitude,
    )


def address(venue) -> dict:
    """The venue's street address, as the standard writes a physical address."""
    return present(
        id=str(part_id(venue.public_id, "address", "physical")),
        location_id=str(venue.public_id),
        address_1=venue.address_line,
        city=venue.town,
        # England has no states: the local authority is the nearest there is, and the
        # standard requires the field.
        state_province=venue.borough or venue.town,
        postal_code=venue.postcode,
        country="GB",
        address_type="physical",
    )


def accessibility(venue) -> list[dict]:
    """The venue's access features (in the vocabulary's order) and its own description."""
    taxonomy = taxonomy_named("accessibility")
    features = venue.feature_codes
    entries = []
    for term in ACCESS_FEATURES:
        if term.code not in features:
            continue
        entry_id = part_id(venue.public_id, "accessibility", term.code)
        entries.append(
            {
                "id": str(entry_id),
                "location_id": str(venue.public_id),
                "description": english_label("accessibility", term.code),
                "attributes": [attribute(entry_id, taxonomy, term.code)],
            }
        )
    if venue.accessibility_detail.strip():
        entries.append(
            {
                "id": str(part_id(venue.public_id, "accessibility", "details")),
                "location_id": str(venue.public_id),
                "details": venue.accessibility_detail.strip(),
            }
        )
    return entries


def location_document(venue) -> dict:
    """A location with its address and accessibility, as a fully nested service shows it."""
    return present(
        **location_summary(venue), addresses=[address(venue)], accessibility=accessibility(venue)
    )
