"""The HSDS-UK 3.0 schemas, read from the standard's folder beside the project, and a walk
of a feed as the national validator makes it.

The standard is not ours to ship: it is looked for in ``ORUK_SCHEMA_DIR``, then
``<repo>/../shared/oruk``, then ``/work/shared/oruk``; tests skip when it is nowhere.
The benchmark (``benchmarks/oruk_paging.py``) uses the same walk, validators and schemathesis
run.
"""

import json
import math
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "/api/oruk"
# What each endpoint's answers are checked against, as the national validator does: the
# standard's compiled (bundled) schemas where it has them.
LIST_ITEM_SCHEMAS = {
    "/services": "compiled/service_list.json",
    "/service_at_locations": "compiled/service_at_location_list.json",
    "/organizations": "compiled/organization_list.json",
    "/taxonomies": "taxonomy.json",
    "/taxonomy_terms": "taxonomy_term.json",
}
RECORD_SCHEMAS = {
    "/services": "compiled/service.json",
    "/service_at_locations": "compiled/service_at_location.json",
    "/organizations": "compiled/organization.json",
    "/taxonomies": "taxonomy.json",
    "/taxonomy_terms": "taxonomy_term.json",
}


def schema_folder() -> Path | None:
    """The standard's ``schema`` folder, wherever it is on this machine, or None."""
    candidates = [os.environ.get("ORUK_SCHEMA_DIR"), ROOT.parent / "shared" / "oruk"]
    candidates.append("/work/shared/oruk")
    for candidate in candidates:
        if not candidate:
            continue
        folder = Path(candidate)
        for schema in (folder / "schema", folder):
            if (schema / "service.json").is_file() and (schema / "compiled").is_dir():
                return schema
    return None


@cache
def _registry(folder: Path) -> Registry:
    """Every schema of the folder, at its file URI, so relative ``$ref``s resolve."""
    resources = []
    for path in sorted(folder.rglob("*.json")):
        contents = json.loads(path.read_text("utf-8"))
        resources.append(
            (path.as_uri(), Resource.from_contents(contents, default_specification=DRAFT202012))
        )
    return Registry().with_resources(resources)


@cache
def validator(folder: Path, name: str) -> Draft202012Validator:
    """A validator (formats checked too) for one of the folder's schemas, by relative path."""
    uri = (folder / name).as_uri()
    return Draft202012Validator(
        {"$ref": uri},
        registry=_registry(folder),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


@cache
def _openapi(folder: Path) -> dict:
    return json.loads((folder / "openapi.json").read_text("utf-8"))


def envelope_validator(folder: Path) -> Draft202012Validator:
    """The standard's list envelope (its OpenAPI document's ``Page``)."""
    page = _openapi(folder)["components"]["schemas"]["Page"]
    required = list(page["properties"])
    return Draft202012Validator({**page, "required": required})


def about_validator(folder: Path) -> Draft202012Validator:
    """The standard's answer to ``GET /``, from its OpenAPI document."""
    response = _openapi(folder)["paths"]["/"]["get"]["responses"]["200"]
    schema = response["content"]["application/json"]["schema"]
    return Draft202012Validator(
        {**schema, "required": ["version", "profile", "openapi_url"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def errors_in(checker: Draft202012Validator, document, where: str) -> list[str]:
    return [
        f"{where}: {'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in checker.iter_errors(document)
    ]


def envelope_errors(folder: Path, body: dict, page: int, per_page: int, where: str) -> list[str]:
    """The envelope's schema, and whether its numbers agree with each other."""
    found = errors_in(envelope_validator(folder), body, where)
    if found:
        return found
    expected_pages = max(1, math.ceil(body["total_items"] / per_page))
    checks = {
        "page_number": body["page_number"] == page,
        "total_pages": body["total_pages"] == expected_pages,
        "size": body["size"] == len(body.get("contents", [])),
        "first_page": body["first_page"] == (page == 1),
        "last_page": body["last_page"] == (page >= expected_pages),
        "empty": body["empty"] == (not body.get("contents")),
        "per_page": len(body.get("contents", [])) <= per_page,
    }
    return [f"{where}: {name} disagrees" for name, ok in checks.items() if not ok]


@dataclass
class Walk:
    """What a walk saw: requests made, schema errors, and ids by endpoint."""

    requests: int = 0
    errors: list[str] = field(default_factory=list)
    ids: dict[str, list[str]] = field(default_factory=dict)


def _get(client, walk: Walk, path: str):
    walk.requests += 1
    response = client.get(PREFIX + path)
    if response.status_code != 200:
        walk.errors.append(f"{path}: HTTP {response.status_code}")
        return None
    if response.headers.get("Access-Control-Allow-Origin") != "*":
        walk.errors.append(f"{path}: no Access-Control-Allow-Origin: *")
    return response.get_json()


def walk_list(client, folder: Path, walk: Walk, endpoint: str, per_page: int) -> None:
    """The list at its first, middle and last page (from ``total_pages``), every item
    validated; the ids seen are kept for the record calls."""
    first = _get(client, walk, f"{endpoint}?page=1&per_page={per_page}")
    if first is None or "total_pages" not in first:
        walk.errors.append(f"{endpoint}: no list envelope")
        return
    last = first["total_pages"]
    pages = sorted({1, max(1, (last + 1) // 2), last})
    item_checker = validator(folder, LIST_ITEM_SCHEMAS[endpoint])
    for page in pages:
        body = (
            first
            if page == 1
            else _get(client, walk, f"{endpoint}?page={page}&per_page={per_page}")
        )
        if body is None:
            continue
        where = f"{endpoint} page {page}"
        walk.errors += envelope_errors(folder, body, page, per_page, where)
        for number, item in enumerate(body.get("contents", [])):
            walk.errors += errors_in(item_checker, item, f"{where} item {number}")
            walk.ids.setdefault(endpoint, []).append(item["id"])


def walk_records(client, folder: Path, walk: Walk, endpoint: str, limit: int | None) -> None:
    """``{endpoint}/{id}`` for the ids the list gave, each validated."""
    checker = validator(folder, RECORD_SCHEMAS[endpoint])
    for identifier in walk.ids.get(endpoint, [])[:limit]:
        body = _get(client, walk, f"{endpoint}/{identifier}")
        if body is not None:
            walk.errors += errors_in(checker, body, f"{endpoint}/{identifier}")


def validator_walk(client, folder: Path, per_page: int = 5, records: int | None = None) -> Walk:
    """The national validator's walk: ``/`` (the version says which profile), then level 1
    (``/services`` and ``/services/{id}``), then level 2 (every other list and record)."""
    walk = Walk()
    about = _get(client, walk, "/")
    if about is not None:
        walk.errors += errors_in(about_validator(folder), about, "/")
        if about.get("version") != "HSDS-UK-3.0":
            walk.errors.append(f"/: version {about.get('version')!r}")
    for endpoint in LIST_ITEM_SCHEMAS:
        walk_list(client, folder, walk, endpoint, per_page)
        walk_records(client, folder, walk, endpoint, records)
    return walk


SCHEMATHESIS_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _real_id(app, path: str) -> str:
    """An id the feed has, for the record operations' valid requests."""
    listed = app.test_client().get(f"/api/oruk{path.removesuffix('/{id}')}?per_page=1")
    return listed.get_json()["contents"][0]["id"]


def run_schemathesis(app, schema, path: str, mode, max_examples: int) -> list[int]:
    """Schemathesis's requests for one operation (valid or invalid ones), each response
    checked against the served document (no 5xx, documented statuses, media types,
    headers and bodies); returns the statuses seen. Shared by the test and the 100,000
    benchmark."""
    operation = schema[path]["GET"]
    strategy = operation.as_strategy(generation_mode=mode)
    if path.endswith("{id}") and mode is GenerationMode.POSITIVE:
        # Random UUIDs are all unknown (404): half the cases ask for a record we have.
        known = operation.as_strategy(path_parameters={"id": _real_id(app, path)})
        strategy = strategy | known
    statuses = []

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        # The test client does not undo brotli or gzip, as a real client would.
        response = case.call(headers={"Accept-Encoding": "identity"})
        statuses.append(response.status_code)
        case.validate_response(response, checks=SCHEMATHESIS_CHECKS)

    run()
    return statuses
