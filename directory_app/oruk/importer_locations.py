"""Where a service is held: its first physical location we can place, as our venue.

We hold an activity at one venue at most, found by its postcode (never by the feed's
coordinates): a location whose postcode is not in the postcode data is a problem, reported,
not guessed. A location outside the UK, a postal address or a second venue is left out
with a note. The locations also say how people take part: in person, online (a virtual
location) or both.
"""

import uuid
from dataclasses import dataclass

from flask_babel import gettext as _

from directory_app.geo.postcodes import PostcodeError, lookup_postcode, normalise_postcode
from directory_app.oruk.importer_terms import access_feature_named, read_terms
from directory_app.oruk.importer_values import LONG_TEXT, Fields

UK_COUNTRIES = ("", "gb", "gbr", "uk", "united kingdom", "great britain", "england",
                "scotland", "wales", "northern ireland")  # fmt: skip
MAX_LOCATIONS = 20


@dataclass
class VenueRecord:
    public_id: uuid.UUID
    values: dict  # for operations.write_venue (but the borough)
    access_features: list[str]
    borough: str  # as the address gives it (state_province); "" when it does not


@dataclass(frozen=True)
class Locations:
    venue: VenueRecord | None
    at_venue_public_id: uuid.UUID | None  # the service_at_location's id
    attendance_mode: str


def read_locations(fields: Fields, service: dict, access: list[str]) -> Locations | None:
    """The venue and how people take part; None when the feed gave no locations at all
    (then ours are left as they are). ``access``: access features the service names."""
    if not fields.present(service, "service_at_locations"):
        return None
    venue = link_id = None
    online = left_out = False
    for path, link in fields.items(
        service, "service_at_locations", "service_at_locations", MAX_LOCATIONS
    ):
        this_link = fields.identifier(link, "id", f"{path}.id")
        location = fields.object(link, "location", f"{path}.location")
        kind = fields.text(location, "location_type", f"{path}.location.location_type", 20)
        if location is None or kind.lower() == "postal":
            # A postal address is where letters go, not where people meet.
            fields.note(f"{path}.location", _("No place to meet given: left out"))
        elif kind.lower() == "virtual":
            online = True
            link_id = link_id or this_link
        elif venue is not None:
            fields.note(path, _("We hold an activity at one venue: only the first is kept"))
        elif (found := _venue(fields, location, f"{path}.location", access)) is not None:
            venue, link_id = found, this_link
        else:
            left_out = True
    if venue is not None:
        mode = "hybrid" if online else "in-person"
    else:
        # A place we could not keep is still somewhere people go: a moderator adds it.
        mode = "in-person" if left_out else "online"
    return Locations(venue, link_id, mode)


def _venue(fields: Fields, location: dict, path: str, access: list[str]) -> VenueRecord | None:
    public_id = fields.identifier(location, "id", f"{path}.id")
    addresses = fields.items(location, "addresses", f"{path}.addresses", MAX_LOCATIONS)
    physical = [item for item in addresses if item[1].get("address_type") != "postal"]
    if not addresses:
        fields.problem(f"{path}.addresses", _("No address: we place venues by their postcode"))
        return None
    address_path, address = (physical or addresses)[0]
    country = fields.text(address, "country", f"{address_path}.country", 60)
    if " ".join(country.lower().split()) not in UK_COUNTRIES:
        fields.note(address_path, _("Outside the UK: this location is left out"))
        return None
    typed = fields.text(address, "postal_code", f"{address_path}.postal_code", 20)
    postcode = normalise_postcode(typed)
    if postcode is None:
        fields.problem(f"{address_path}.postal_code", _("Enter a full UK postcode, like E8 1AG"))
        return None
    try:
        lookup_postcode(postcode)
    except PostcodeError:
        fields.problem(
            f"{address_path}.postal_code", _("This postcode is not in the postcode data")
        )
        return None
    street = fields.text(address, "address_1", f"{address_path}.address_1", 300)
    values = {
        "name": fields.text(location, "name", f"{path}.name", 200) or street[:200] or postcode,
        "address_line": street,
        "town": fields.text(address, "city", f"{address_path}.city", 100),
        "postcode": postcode,
    }
    features, details = list(access), []
    for item_path, item in fields.items(location, "accessibility", f"{path}.accessibility", 50):
        item_terms = read_terms(fields, item, f"{item_path}.") or {}
        features += item_terms.get("access", [])
        for key in ("description", "accessibility", "details"):
            text = fields.text(item, key, f"{item_path}.{key}", LONG_TEXT)
            named = access_feature_named(text) if key != "details" else None
            if named is not None:
                features.append(named)
            elif text and text not in details:
                details.append(text)
    values["accessibility_detail"] = "\n\n".join(details)[:LONG_TEXT]
    # The standard's description of a location is what ours says about getting there.
    key = "transportation" if fields.present(location, "transportation") else "description"
    values["getting_there"] = fields.text(location, key, f"{path}.{key}", LONG_TEXT)
    features += (read_terms(fields, location, f"{path}.") or {}).get("access", [])
    borough = fields.text(address, "state_province", f"{address_path}.state_province", 100)
    return VenueRecord(
        public_id=public_id,
        values=values,
        access_features=list(dict.fromkeys(features)),
        borough=borough,
    )
