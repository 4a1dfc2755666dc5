"""``/api/oruk``: the directory as an Open Referral UK (HSDS-UK 3.0) feed, read-only.

Open to anyone, with no key, from any web page (``Access-Control-Allow-Origin: *`` on every
response, errors included). Every answer is JSON, errors too: a parameter we cannot use is
400, an unknown id or address 404, a method other than GET/HEAD/OPTIONS 405. The views only
read the request and write the response; ``feed`` makes the documents.
"""

import json

from flask import Blueprint, Response, request
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, default_exceptions

from directory_app.core.errors import DATABASE_AWAY
from directory_app.core.extensions import csrf
from directory_app.domain.dates import local_now, local_today
from directory_app.oruk import feed
from directory_app.oruk.identifiers import parse_uuid
from directory_app.oruk.openapi import openapi_document
from directory_app.oruk.parameters import (
    BadParameter,
    flag,
    optional_uuid,
    paging,
    service_filters,
)
from directory_app.web.links import absolute_url

PREFIX = "/api/oruk"
VERSION = "HSDS-UK-3.0"
PROFILE_URL = "https://openreferraluk.org/"
MEDIA_TYPE = "application/json"

blueprint = Blueprint("oruk", __name__, url_prefix=PREFIX)
# Nothing here changes data, and no form posts to it: a CSRF token means nothing.
csrf.exempt(blueprint)


def _in_feed() -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


def _json(body, status: int = 200, headers=None) -> Response:
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return Response(text, status=status, headers=headers, mimetype=MEDIA_TYPE)


def _error(status: int, message: str, headers=None, **extra) -> Response:
    name = default_exceptions[status].__name__ if status in default_exceptions else "Error"
    body = {"status": status, "error": name, "message": message, **extra}
    return _json(body, status, headers)


def _found(document):
    if document is None:
        raise NotFound("No record has that id.")
    return _json(document)


def _uuid_or_404(text: str):
    identifier = parse_uuid(text)
    if identifier is None:
        raise NotFound("No record has that id.")
    return identifier


@blueprint.before_app_request
def answer_unrouted_requests_in_json():
    """An address or method under the feed that no route takes: JSON, not the HTML page."""
    error = request.routing_exception
    if error is None or not _in_feed():
        return None
    if isinstance(error, MethodNotAllowed):
        allowed = ", ".join(sorted(error.valid_methods or ()))
        return _error(405, "This API only reads: use GET.", {"Allow": allowed})
    if isinstance(error, NotFound):
        return _error(404, "There is nothing at this address.")
    return None  # a redirect (to the address with a trailing slash) goes ahead


@blueprint.after_app_request
def allow_any_origin(response: Response) -> Response:
    """Any web page may read the feed (the standard asks for ``*``), errors included."""
    if _in_feed():
        response.headers["Access-Control-Allow-Origin"] = "*"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Max-Age"] = "86400"
    return response


@blueprint.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    """400, naming the parameter at fault."""
    return _error(400, error.message, parameter=error.name)


def http_error(error: HTTPException):
    """Any HTTP error of a feed view, in JSON (405 keeps its ``Allow``)."""
    headers = [(name, value) for name, value in error.get_headers() if name == "Allow"]
    return _error(error.code or 500, error.description or error.name, headers)


def database_away(_error_raised):
    """The database is locked or away: 503, to be tried again shortly."""
    return _error(503, "The directory is briefly unavailable: try again.", {"Retry-After": "5"})


def data_refused(_error_raised):
    """A value the database refused came from the request: 400."""
    return _error(400, "A parameter holds a value the directory cannot use.")


# Each code the app answers with an HTML page is answered here in JSON: handlers are found
# by code before class, so each code needs its own registration.
blueprint.register_error_handler(HTTPException, http_error)
for _code in default_exceptions:
    blueprint.register_error_handler(_code, http_error)
for _kind in DATABASE_AWAY:
    blueprint.register_error_handler(_kind, database_away)
blueprint.register_error_handler(DataError, data_refused)


@blueprint.get("/")
def about():
    return _json(
        {
            "version": VERSION,
            "profile": PROFILE_URL,
            "openapi_url": absolute_url("oruk.openapi"),
        }
    )


@blueprint.get("/openapi.json")
def openapi():
    return _json(openapi_document())


@blueprint.get("/services")
def services():
    args = request.args
    view = "full" if flag(args, "full") else "minimal" if flag(args, "minimal") else "list"
    filters, page = service_filters(args), paging(args)
    return _json(feed.services_page(filters, page, view, local_today(), local_now()))


@blueprint.get("/services/<service_id>")
def service(service_id: str):
    return _found(feed.service(_uuid_or_404(service_id), local_today()))


@blueprint.get("/service_at_locations")
def service_at_locations():
    args = request.args
    filters = service_filters(args, allow_modified_after=False)
    page, full = paging(args), flag(args, "full")
    return _json(feed.service_at_locations_page(filters, page, full, local_today(), local_now()))


@blueprint.get("/service_at_locations/<service_at_location_id>")
def service_at_location(service_at_location_id: str):
    return _found(feed.service_at_location(_uuid_or_404(service_at_location_id), local_today()))


@blueprint.get("/organizations")
def organizations():
    return _json(feed.organizations_page(paging(request.args), local_today()))


@blueprint.get("/organizations/<organization_id>")
def organization(organization_id: str):
    full_service = flag(request.args, "full_service")
    return _found(feed.organization(_uuid_or_404(organization_id), local_today(), full_service))


@blueprint.get("/taxonomies")
def taxonomies():
    return _json(feed.taxonomies_page(paging(request.args)))


@blueprint.get("/taxonomies/<taxonomy_id>")
def taxonomy(taxonomy_id: str):
    return _found(feed.taxonomy(_uuid_or_404(taxonomy_id)))


@blueprint.get("/taxonomy_terms")
def taxonomy_terms():
    args = request.args
    return _json(feed.taxonomy_terms_page(paging(args), optional_uuid(args, "taxonomy_id")))


@blueprint.get("/taxonomy_terms/<term_id>")
def taxonomy_term(term_id: str):
    return _found(feed.taxonomy_term(_uuid_or_404(term_id)))
