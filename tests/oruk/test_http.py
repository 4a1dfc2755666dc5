"""The feed over HTTP: open to any origin, JSON for every answer, 400/404/405 as documented."""

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.models import Activity

API = "/api/oruk"


def _cors(response) -> str | None:
    return response.headers.get("Access-Control-Allow-Origin")


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("GET", "/", 200),
        ("GET", "/openapi.json", 200),
        ("GET", "/services", 200),
        ("GET", "/taxonomies", 200),
        ("GET", "/services?page=0", 400),
        ("GET", "/services/not-a-uuid", 404),
        ("GET", "/services/00000000-0000-4000-8000-000000000000", 404),
        ("GET", "/no-such-endpoint", 404),
        ("GET", "/services/a/b", 404),
        ("POST", "/services", 405),
        ("DELETE", "/services/7cadc800-ebef-4dd1-a13d-a6f81bd25429", 405),
        ("PUT", "/", 405),
    ],
)
def test_every_answer_is_json_and_open_to_any_origin(client, method, path, status):
    response = client.open(API + path, method=method)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert _cors(response) == "*"
    body = response.get_json()
    if status >= 400:
        assert body["status"] == status
        assert body["message"]


def test_a_wrong_method_says_which_are_allowed(client):
    response = client.post(f"{API}/services")
    assert "GET" in response.headers["Allow"]
    assert response.get_json()["error"] == "MethodNotAllowed"


def test_a_preflight_request_is_answered(client):
    response = client.options(f"{API}/services")
    assert response.status_code == 200
    assert _cors(response) == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]


def test_the_address_without_its_slash_redirects_with_cors(client):
    response = client.get(API)
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/api/oruk/")
    assert _cors(response) == "*"


def test_the_rest_of_the_site_is_left_alone(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert _cors(response) is None
    assert _cors(client.get("/about")) is None


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=1.5", "page"),
        ("per_page=abc", "per_page"),
        ("per_page=0", "per_page"),
        ("per_page=1001", "per_page"),
        ("modified_after=garbage", "modified_after"),
        ("modified_after=2026-13-01", "modified_after"),
        ("minimum_age=-1", "minimum_age"),
        ("minimum_age=ten", "minimum_age"),
        ("maximum_age=151", "maximum_age"),
        ("maximum_age=nan", "maximum_age"),
        ("day=XX", "day"),
        ("day=monday", "day"),
        ("start_time=25:00", "start_time"),
        ("end_time=9am", "end_time"),
        ("postcode=nonsense", "postcode"),
        ("postcode=ZZ99 9ZZ", "postcode"),
        ("proximity=1000", "proximity"),
        ("postcode=E8 1AA&proximity=-5", "proximity"),
        ("postcode=E8 1AA&proximity=far", "proximity"),
        ("taxonomy_term_id=physical-activity", "taxonomy_term_id"),
        ("taxonomy_id=1", "taxonomy_id"),
        ("organization_id=x", "organization_id"),
        ("full=maybe", "full"),
        ("minimal=2", "minimal"),
        ("search=%00", "search"),
        ("search=" + "a" * 201, "search"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, query, parameter):
    response = client.get(f"{API}/services?{query}")
    assert response.status_code == 400, response.get_json()
    body = response.get_json()
    assert body["parameter"] == parameter
    assert _cors(response) == "*"


@pytest.mark.parametrize(
    "path",
    [
        "/service_at_locations?per_page=x",
        "/organizations?page=0",
        "/taxonomies?per_page=5000",
        "/taxonomy_terms?taxonomy_id=x",
        "/organizations/{org}?full_service=perhaps",
    ],
)
def test_every_list_checks_its_parameters(client, path):
    organisation = client.get(f"{API}/organizations?per_page=1").get_json()["contents"][0]["id"]
    assert client.get(API + path.format(org=organisation)).status_code == 400


def test_a_listing_that_is_not_public_has_no_record(app, client):
    with app.app_context():
        draft = db.session.scalar(select(Activity).where(Activity.status == "draft"))
        ids = (draft.public_id, draft.at_venue_public_id, draft.organisation.public_id)
    assert client.get(f"{API}/services/{ids[0]}").status_code == 404
    assert client.get(f"{API}/service_at_locations/{ids[1]}").status_code == 404
    listed = client.get(f"{API}/services?per_page=1000").get_json()["contents"]
    assert str(ids[0]) not in {service["id"] for service in listed}


def test_about_points_at_our_openapi_document_under_public_url(app, client):
    app.config["PUBLIC_URL"] = "https://directory.example.org/find"
    body = client.get(f"{API}/", headers={"Host": "localhost"}).get_json()
    assert body["version"] == "HSDS-UK-3.0"
    assert body["openapi_url"] == "https://directory.example.org/find/api/oruk/openapi.json"
    document = client.get(f"{API}/openapi.json").get_json()
    assert document["servers"] == [{"url": "https://directory.example.org/find/api/oruk"}]


def test_the_feed_is_english_on_a_page_in_another_language(client):
    english = client.get(f"{API}/taxonomy_terms?per_page=1").get_json()
    polish = client.get(f"/pl{API}/taxonomy_terms?per_page=1").get_json()
    assert polish == english
    assert english["contents"][0]["name"] == "Arts and crafts"
