"""The served OpenAPI document, tested by schemathesis against the app itself.

For every operation schemathesis makes valid requests and invalid ones (bounded, so the
whole run takes seconds) and checks that the feed never fails (no 5xx), answers only with
documented status codes and media types, sends the CORS header, and that every body,
errors included, matches the response schema the document gives.
"""

import pytest
import schemathesis
from schemathesis import GenerationMode

from tests.oruk.standard import run_schemathesis

PATHS = (
    "/", "/openapi.json", "/services", "/services/{id}", "/service_at_locations",
    "/service_at_locations/{id}", "/organizations", "/organizations/{id}", "/taxonomies",
    "/taxonomies/{id}", "/taxonomy_terms", "/taxonomy_terms/{id}",
)  # fmt: skip


@pytest.fixture(scope="module")
def api(sqlite_template, tmp_path_factory):
    """One app for the module's runs: schemathesis only reads."""
    from tests.apps import app_for, sqlite_copy

    folder = tmp_path_factory.mktemp("oruk-openapi")
    yield from app_for(sqlite_copy(sqlite_template, folder), folder)


@pytest.fixture(scope="module")
def schema(api):
    return schemathesis.openapi.from_wsgi("/api/oruk/openapi.json", api)


def test_the_document_names_every_endpoint(schema):
    assert sorted(schema.raw_schema["paths"]) == sorted(PATHS)


# The document and the feed's description take no parameters: nothing to make invalid.
CASES = [
    (path, mode)
    for path in PATHS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if not (mode is GenerationMode.NEGATIVE and path in ("/", "/openapi.json"))
]


@pytest.mark.parametrize(("path", "mode"), CASES, ids=[f"{p}-{m.value}" for p, m in CASES])
def test_schemathesis(api, schema, path, mode):
    statuses = run_schemathesis(api, schema, path, mode, max_examples=20)
    # The runs did what they were for: valid input answered, invalid input refused.
    if mode is GenerationMode.POSITIVE:
        assert 200 in statuses
    else:
        assert any(400 <= status < 500 for status in statuses)
