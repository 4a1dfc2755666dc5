"""The dataset site: a page describing the feeds, with the Dataset JSON-LD tools read."""

import json
import re


def _json_ld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found, "no JSON-LD on the page"
    return json.loads(found.group(1))


def test_the_dataset_site_links_to_both_feeds(client, app):
    response = client.get("/openactive/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    base = app.config["PUBLIC_URL"]
    for feed in ("session-series", "scheduled-sessions"):
        assert f'href="{base}/openactive/{feed}"' in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    assert "<h1>" in html and "physical activity sessions" in html


def test_its_json_ld_describes_the_dataset(client, app):
    data = _json_ld(client.get("/openactive/").get_data(as_text=True))
    base = app.config["PUBLIC_URL"]
    assert data["@type"] == "Dataset"
    assert data["@id"] == data["url"] == f"{base}/openactive/"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["inLanguage"] == ["en-GB"]
    assert data["publisher"]["name"] == app.config["OPERATOR_NAME"]
    assert [(d["additionalType"], d["contentUrl"]) for d in data["distribution"]] == [
        ("https://openactive.io/SessionSeries", f"{base}/openactive/session-series"),
        ("https://openactive.io/ScheduledSession", f"{base}/openactive/scheduled-sessions"),
    ]
    assert {d["encodingFormat"] for d in data["distribution"]} == {
        "application/vnd.openactive.rpde+json; version=1"
    }


def test_the_json_ld_cannot_end_its_script_element(client, app):
    app.config["OPERATOR_NAME"] = "Partnership </script><script>alert(1)</script>"
    html = client.get("/openactive/").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert _json_ld(html)["publisher"]["name"] == app.config["OPERATOR_NAME"]


def test_the_page_is_in_the_visitors_language(client):
    response = client.get("/pl/openactive/")
    assert response.status_code == 200
    assert '<html lang="pl' in response.get_data(as_text=True)


def test_the_address_without_a_slash_redirects(client):
    response = client.get("/openactive")
    assert response.status_code in (301, 308)
    assert response.headers["Location"].endswith("/openactive/")
