"""Our OpenAPI 3.1 document for the feed: every endpoint, parameter and response.

Each parameter carries the bounds ``parameters`` enforces, so a generator (schemathesis)
can make both valid input and input we answer 400 to. Absolute addresses come from
``PUBLIC_URL``.
"""

from directory_app.oruk.openapi_schemas import SCHEMAS, page_of, ref
from directory_app.oruk.parameters import (
    DAY_CODES,
    DAY_NAMES,
    DEFAULT_PER_PAGE,
    MAX_AGE,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_POSTCODE_LENGTH,
    MAX_PROXIMITY_METRES,
    MAX_SEARCH_LENGTH,
    TIME_PATTERN,
)
from directory_app.web.links import absolute_url

DESCRIPTION = """\
Community activities for social prescribing, published to the Open Referral UK profile
of HSDS 3.0. Read-only, open to all: no key, and `Access-Control-Allow-Origin: *` on
every response.

- **Ids** are stable UUIDs: editing a listing never changes its id, nor those of its
  schedules, contacts, phones, languages, cost options, addresses or accessibility.
- **Only public listings** appear: published, and confirmed by their group within the last
  15 months.
- **Keeping a copy in step**: ask for `/services?modified_after=T` with the time of your
  last sync. You get the public listings changed since T and, besides them, the listings
  *withdrawn* since T, carrying only `id`, `name`, `status` and `last_modified`: `defunct`
  (stopped for good), `temporarily closed` (paused by the group) or `inactive` (hidden for
  not being confirmed in 15 months). Remove or mark those; add or update the `active`
  ones. With `search`, withdrawn listings are not included (they are out of the search).
- **Paging** is stable: lists are ordered by a unique key (best match first with
  `search`, nearest first with `proximity`). An empty list still has one page.
- **Texts** are the listings' own, in English. Session times (`opens_at`, `closes_at`) are
  UK local time, as the groups publish them.
- Empty fields are left out, never sent as null or "".
- Errors are JSON (`Error`): 400 for a parameter we cannot use, 404 for an unknown id or
  address, 405 for a method other than GET.
"""

NEED_ID = {
    "in": "path",
    "name": "id",
    "required": True,
    "schema": {"type": "string", "format": "uuid"},
}
DAYS = [*DAY_CODES, *DAY_NAMES]


def _query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


PARAMETERS = {
    "page": _query(
        "page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        "The page to return, from 1. A page past the last is empty.",
    ),
    "per_page": _query(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
        "How many items a page holds.",
    ),
    "search": _query(
        "search",
        {"type": "string", "maxLength": MAX_SEARCH_LENGTH},
        "Words to search for, as on the directory's own search: best matches first.",
    ),
    "taxonomy_term_id": _query(
        "taxonomy_term_id",
        {"type": "string", "format": "uuid"},
        "Only services with this term (a category, an audience, or an accessibility feature "
        "of the venue).",
    ),
    "taxonomy_id": _query(
        "taxonomy_id",
        {"type": "string", "format": "uuid"},
        "Only services with any term of this taxonomy.",
    ),
    "organization_id": _query(
        "organization_id",
        {"type": "string", "format": "uuid"},
        "Only the services of this organization.",
    ),
    "minimum_age": _query(
        "minimum_age",
        {"type": "number", "minimum": 0, "maximum": MAX_AGE},
        "Only services whose minimum age is at least this (a service without one counts as 0).",
    ),
    "maximum_age": _query(
        "maximum_age",
        {"type": "number", "minimum": 0, "maximum": MAX_AGE},
        "Only services whose maximum age is at most this (a service without one is left out).",
    ),
    "day": _query(
        "day",
        {"type": "string", "enum": DAYS},
        "Only services with a session on this day (iCalendar code or English name).",
    ),
    "start_time": _query(
        "start_time",
        {"type": "string", "pattern": TIME_PATTERN},
        "Only services with a session starting at or after this time (HH:MM, UK local time). "
        "With `day` and `end_time`, one session must meet them all.",
    ),
    "end_time": _query(
        "end_time",
        {"type": "string", "pattern": TIME_PATTERN},
        "Only services with a session ending at or before this time (HH:MM, UK local time).",
    ),
    "postcode": _query(
        "postcode",
        {"type": "string", "minLength": 2, "maxLength": MAX_POSTCODE_LENGTH},
        "A UK postcode or outward code (E8 1AA, E8) to measure `proximity` from. We publish "
        "no service areas, so without `proximity` it filters nothing.",
    ),
    "proximity": _query(
        "proximity",
        {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_PROXIMITY_METRES},
        "Only services at a venue within this many metres of `postcode` (required with it), "
        "nearest first. Online and phone-only services have no venue and are left out.",
    ),
    "modified_after": _query(
        "modified_after",
        {"type": "string", "format": "date-time"},
        "Only what changed at or after this moment (ISO 8601; UTC unless it has a zone), "
        "with the listings withdrawn since then (see the description above).",
    ),
    "minimal": _query(
        "minimal",
        {"type": "boolean", "default": False},
        "Only each service's own one-to-one fields, without its organization.",
    ),
    "full": _query(
        "full", {"type": "boolean", "default": False}, "Each item fully nested, as by its id."
    ),
    "full_service": _query(
        "full_service",
        {"type": "boolean", "default": False},
        "The organization's services fully nested, as by their ids.",
    ),
    "term_taxonomy_id": _query(
        "taxonomy_id",
        {"type": "string", "format": "uuid"},
        "Only the terms of this taxonomy.",
    ),
}
SERVICE_FILTERS = (
    "search", "page", "per_page", "taxonomy_term_id", "taxonomy_id", "organization_id",
    "minimum_age", "maximum_age", "day", "start_time", "end_time", "postcode", "proximity",
)  # fmt: skip
CORS = {
    "Access-Control-Allow-Origin": {
        "required": True,
        "schema": {"type": "string", "enum": ["*"]},
        "description": "Any web page may read the feed.",
    }
}


def _json(description: str, schema: dict) -> dict:
    return {
        "description": description,
        "headers": CORS,
        "content": {"application/json": {"schema": schema}},
    }


ERROR = ref("Error")


def _operation(operation_id: str, summary: str, schema: dict, parameters=(), by_id=False) -> dict:
    responses = {"200": _json(summary, schema)}
    if parameters:
        responses["400"] = _json("A parameter holds a value the feed cannot use.", ERROR)
    if by_id:
        responses["404"] = _json("No public record has that id.", ERROR)
    operation = {"operationId": operation_id, "summary": summary, "responses": responses}
    listed = [{"$ref": f"#/components/parameters/{name}"} for name in parameters]
    if by_id:
        listed.insert(0, NEED_ID)
    if listed:
        operation["parameters"] = listed
    return {"get": operation}


def _paths() -> dict:
    services = {"anyOf": [ref("Service"), ref("WithdrawnService")]}
    return {
        "/": _operation(
            "getAPIMetaInformation", "What this API is and which standard it follows.", ref("About")
        ),
        "/openapi.json": _operation("getOpenAPIDocument", "This document.", {"type": "object"}),
        "/services": _operation(
            "getPaginatedListOfServices",
            "A page of services (with `modified_after`, also those withdrawn since).",
            page_of(services),
            (*SERVICE_FILTERS, "modified_after", "minimal", "full"),
        ),
        "/services/{id}": _operation(
            "getFullyNestedServiceById", "A service, fully nested.", ref("Service"), by_id=True
        ),
        "/service_at_locations": _operation(
            "getPaginatedListOfServiceAtLocation",
            "A page of services at their venues.",
            page_of(ref("ServiceAtLocation")),
            (*SERVICE_FILTERS, "full"),
        ),
        "/service_at_locations/{id}": _operation(
            "getServiceAtLocationWithNestedDataById",
            "A service at its venue, fully nested.",
            ref("ServiceAtLocation"),
            by_id=True,
        ),
        "/organizations": _operation(
            "getPaginatedListOfOrganizations",
            "A page of the organizations with public services.",
            page_of(ref("Organization")),
            ("page", "per_page"),
        ),
        "/organizations/{id}": _operation(
            "getOrganizationById",
            "An organization with its public services.",
            ref("Organization"),
            ("full_service",),
            by_id=True,
        ),
        "/taxonomies": _operation(
            "getPaginatedListOfTaxonomies",
            "A page of taxonomies.",
            page_of(ref("Taxonomy")),
            ("page", "per_page"),
        ),
        "/taxonomies/{id}": _operation(
            "getTaxonomyById", "A taxonomy with its terms.", ref("Taxonomy"), by_id=True
        ),
        "/taxonomy_terms": _operation(
            "getPaginatedListOfTaxonomyTerms",
            "A page of taxonomy terms.",
            page_of(ref("TaxonomyTerm")),
            ("page", "per_page", "term_taxonomy_id"),
        ),
        "/taxonomy_terms/{id}": _operation(
            "getTaxonomyTermById", "A taxonomy term.", ref("TaxonomyTerm"), by_id=True
        ),
    }


def openapi_document() -> dict:
    """The whole document, with the server's address from ``PUBLIC_URL``."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Community activities: Open Referral UK feed",
            "version": "HSDS-UK-3.0",
            "description": DESCRIPTION,
        },
        "servers": [{"url": absolute_url("oruk.about").rstrip("/")}],
        "paths": _paths(),
        "components": {"schemas": SCHEMAS, "parameters": PARAMETERS},
    }
