"""The sitemaps' queries on SQLite and PostgreSQL, and discovery's pages on a directory
with no listings and no search index yet."""

import xml.etree.ElementTree as ET
from datetime import date

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.discovery import sitemap
from directory_app.models import Activity

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _parse(body: bytes) -> ET.Element:
    return ET.fromstring(body)  # noqa: S314 (the app's own output, under test)


def test_sitemaps_are_numbered_and_dated_on_every_database(db_app, monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_URLS_PER_SITEMAP", 21 * 40)
    client = db_app.test_client()
    index = _parse(client.get("/sitemap.xml").get_data())
    entries = index.findall("s:sitemap", NS)
    activities = [e for e in entries if "/sitemaps/activities-" in e.find("s:loc", NS).text]
    assert [e.find("s:loc", NS).text.rsplit("-", 1)[1] for e in activities] == [
        "1.xml", "2.xml", "3.xml", "4.xml"
    ]  # fmt: skip
    assert all(e.find("s:lastmod", NS).text.endswith("+00:00") for e in activities)
    urls = 0
    for entry in activities:
        path = "/" + entry.find("s:loc", NS).text.split("/", 3)[3]
        urls += len(_parse(client.get(path).get_data()).findall("s:url", NS))
    with db_app.app_context():
        shown = [
            activity
            for activity in db.session.scalars(
                select(Activity).where(Activity.status == "published")
            )
            if not activity.hidden_from_public_on(date.today())
        ]
    assert urls == 21 * len(shown) > 0


def test_the_widget_says_search_is_unavailable_without_an_index(empty_app):
    response = empty_app.test_client().get("/embed")
    assert response.status_code == 200
    assert "Search is not available right now" in response.get_data(as_text=True)


def test_the_sitemap_index_names_only_the_information_pages(empty_app):
    client = empty_app.test_client()
    index = _parse(client.get("/sitemap.xml").get_data())
    [loc] = [element.text for element in index.findall("s:sitemap/s:loc", NS)]
    assert loc.endswith("/sitemaps/pages-1.xml")
    assert client.get("/sitemaps/activities-1.xml").status_code == 404
    assert client.get("/robots.txt").status_code == 200
