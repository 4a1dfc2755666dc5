"""The shapes of our feed's responses, as JSON Schema (2020-12) for the OpenAPI document.

Written for what this feed sends, strictly: no field it does not send, no empty field (an
empty list or string is left out, so lists have at least one item and strings a letter).
The HSDS-UK 3.0 schemas are the standard; these describe our part of it, so a tool such as
schemathesis can check every response against them.
"""


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def text(**extra) -> dict:
    return {"type": "string", "minLength": 1, **extra}


def many(item: dict) -> dict:
    return {"type": "array", "items": item, "minItems": 1}


def record(required: list[str], **properties) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }


UUID = {"type": "string", "format": "uuid"}
URI = text(format="uri")
DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}
CLOCK = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}
AGE = {"type": "integer", "minimum": 0}
COUNT = {"type": "integer", "minimum": 0}

TERM = record(
    ["id", "name", "description", "taxonomy_id"],
    id=UUID,
    code=text(),
    name=text(),
    term=text(),
    description=text(),
    taxonomy=text(),
    taxonomy_id=UUID,
    term_uri=URI,
    language=text(),
)
TAXONOMY = record(
    ["id", "name", "description"],
    id=UUID,
    name=text(),
    description=text(),
    uri=URI,
    taxonomy_terms=many(ref("TaxonomyTerm")),
)
ATTRIBUTE = record(
    ["id", "taxonomy_term_id", "taxonomy_term"],
    id=UUID,
    link_id=UUID,
    link_type=text(),
    taxonomy_term_id=UUID,
    taxonomy_term=ref("TaxonomyTerm"),
)
IDENTIFIER = record(
    ["id", "identifier_type", "identifier"],
    id=UUID,
    organization_id=UUID,
    identifier_scheme=text(),
    identifier_type=text(),
    identifier=text(),
)
ORGANIZATION = record(
    ["id", "name", "description"],
    id=UUID,
    name=text(),
    description=text(),
    email=text(),
    website=URI,
    organization_identifiers=many(ref("OrganizationIdentifier")),
    services=many(ref("Service")),
)
ADDRESS = record(
    ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
    id=UUID,
    location_id=UUID,
    address_1=text(),
    city=text(),
    state_province=text(),
    postal_code=text(),
    country={"type": "string", "enum": ["GB"]},
    address_type={"type": "string", "enum": ["physical"]},
)
ACCESSIBILITY = record(
    ["id"],
    id=UUID,
    location_id=UUID,
    description=text(),
    details=text(),
    attributes=many(ref("Attribute")),
)
LOCATION = record(
    ["id", "location_type", "latitude", "longitude"],
    id=UUID,
    location_type={"type": "string", "enum": ["physical"]},
    name=text(),
    description=text(),
    latitude={"type": "number", "minimum": -90, "maximum": 90},
    longitude={"type": "number", "minimum": -180, "maximum": 180},
    addresses=many(ref("Address")),
    accessibility=many(ref("Accessibility")),
)
SCHEDULE = record(
    ["id", "opens_at", "closes_at", "description"],
    id=UUID,
    freq={"type": "string", "enum": ["WEEKLY", "MONTHLY"]},
    interval={"type": "integer", "minimum": 1, "maximum": 52},
    # A weekday, or a weekday of the month for MONTHLY: 1MO (first Monday), -1FR (last Friday).
    byday={"type": "string", "pattern": "^(-1|[1-4])?(MO|TU|WE|TH|FR|SA|SU)$"},
    count={"type": "integer", "minimum": 1},
    dtstart=DATE,
    valid_from=DATE,
    valid_to=DATE,
    opens_at=CLOCK,
    closes_at=CLOCK,
    description=text(),
    notes=text(),
    attending_type=text(),
    schedule_link=URI,
)
LANGUAGE = record(["id", "name", "code"], id=UUID, name=text(), code=text())
COST_OPTION = record(
    ["id"],
    id=UUID,
    option=text(),
    amount={"type": "number", "minimum": 0},
    currency={"type": "string", "enum": ["GBP"]},
    amount_description=text(),
)
PHONE = record(["id", "number"], id=UUID, number=text())
CONTACT = record(["id"], id=UUID, name=text(), email=text(), phones=many(ref("Phone")))
AT_LOCATION = record(
    ["id", "service_id", "location_id"],
    id=UUID,
    service_id=UUID,
    location_id=UUID,
    location=ref("Location"),
)
SERVICE = record(
    ["id", "organization_id", "name", "status", "last_modified"],
    id=UUID,
    organization_id=UUID,
    name=text(),
    description=text(),
    url=URI,
    email=text(),
    status={"type": "string", "enum": ["active"]},
    minimum_age=AGE,
    maximum_age=AGE,
    eligibility_description=text(),
    application_process=text(),
    assured_date=DATE,
    last_modified=DATE_TIME,
    organization=ref("Organization"),
    schedules=many(ref("Schedule")),
    service_at_locations=many(ref("ServiceAtLocationLink")),
    languages=many(ref("Language")),
    cost_options=many(ref("CostOption")),
    contacts=many(ref("Contact")),
    attributes=many(ref("Attribute")),
)
WITHDRAWN = {
    **record(
        ["id", "name", "status", "last_modified"],
        id=UUID,
        name=text(),
        status={"type": "string", "enum": ["inactive", "defunct", "temporarily closed"]},
        last_modified=DATE_TIME,
    ),
    "description": "A listing withdrawn since `modified_after`: remove it, or mark it.",
}
SERVICE_AT_LOCATION = record(
    ["id", "service_id", "location_id", "service", "location"],
    id=UUID,
    service_id=UUID,
    location_id=UUID,
    service=ref("Service"),
    location=ref("Location"),
)
ABOUT = record(
    ["version", "profile", "openapi_url"],
    version={"type": "string", "enum": ["HSDS-UK-3.0"]},
    profile=URI,
    openapi_url=URI,
)
ERROR = record(
    ["status", "error", "message"],
    status={"type": "integer", "minimum": 400, "maximum": 599},
    error=text(),
    message=text(),
    parameter={**text(), "description": "The query parameter at fault, for a 400."},
)
SCHEMAS = {
    "About": ABOUT,
    "Error": ERROR,
    "TaxonomyTerm": TERM,
    "Taxonomy": TAXONOMY,
    "Attribute": ATTRIBUTE,
    "OrganizationIdentifier": IDENTIFIER,
    "Organization": ORGANIZATION,
    "Address": ADDRESS,
    "Accessibility": ACCESSIBILITY,
    "Location": LOCATION,
    "Schedule": SCHEDULE,
    "Language": LANGUAGE,
    "CostOption": COST_OPTION,
    "Phone": PHONE,
    "Contact": CONTACT,
    "ServiceAtLocationLink": AT_LOCATION,
    "Service": SERVICE,
    "WithdrawnService": WITHDRAWN,
    "ServiceAtLocation": SERVICE_AT_LOCATION,
}


def page_of(item: dict) -> dict:
    """The standard's list envelope around items of this shape."""
    return record(
        ["total_items", "total_pages", "page_number", "size", "first_page", "last_page"]
        + ["empty", "contents"],
        total_items=COUNT,
        total_pages={"type": "integer", "minimum": 1},
        page_number={"type": "integer", "minimum": 1},
        size=COUNT,
        first_page={"type": "boolean"},
        last_page={"type": "boolean"},
        empty={"type": "boolean"},
        contents={"type": "array", "items": item},
    )
