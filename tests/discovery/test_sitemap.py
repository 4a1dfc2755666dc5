"""The sitemap index and sitemaps: valid XML naming only public pages, each in every shipped
language with its alternates, split so no sitemap passes the protocol's limits."""

import gzip
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.discovery import sitemap
from directory_app.domain.dates import add_months
from directory_app.i18n.locale import available_locales
from directory_app.models import Activity, Organisation, Venue
from tests.discovery.helpers import PUBLIC, change_activity

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(autouse=True)
def public_address(app):
    app.config["PUBLIC_URL"] = PUBLIC


def _parse(body: bytes) -> ET.Element:
    # The app's own output, under test: not untrusted XML from elsewhere.
    return ET.fromstring(body)  # noqa: S314


def _xml(client, address: str) -> tuple[ET.Element, bytes]:
    assert address.startswith(PUBLIC + "/"), address
    response = client.get(address.removeprefix(PUBLIC))
    assert response.status_code == 200, address
    assert response.mimetype == "application/xml"
    body = response.get_data()
    return _parse(body), body


def _sitemaps(client) -> list[tuple[str, ET.Element, bytes]]:
    index, _body = _xml(client, PUBLIC + "/sitemap.xml")
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    addresses = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    return [(address, *_xml(client, address)) for address in addresses]


def _entries(client) -> dict[str, ET.Element]:
    """Every <url> of every sitemap, by its <loc>."""
    found = {}
    for _address, document, _body in _sitemaps(client):
        for url in document.findall("s:url", NS):
            loc = url.find("s:loc", NS).text
            assert loc not in found, f"{loc} is listed twice"
            found[loc] = url
    return found


def _tags(app) -> set[str]:
    with app.test_request_context():
        return {locale.replace("_", "-") for locale in available_locales()}


def _ids(app, model, count: int) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(model.id).order_by(model.id).limit(count)))


def test_every_page_is_listed_in_every_language_with_all_its_alternates(app, client):
    entries = _entries(app.test_client())
    tags = _tags(app)
    assert len(tags) == 21
    for loc, url in entries.items():
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        assert set(links) == tags | {"x-default"}, loc
        assert loc in links.values() and all(
            href.startswith(PUBLIC + "/") for href in links.values()
        )
    for path in ("/", "/search", "/categories/food", "/about", "/privacy", "/embed/build"):
        for code in ("en", "pl", "ar"):
            assert f"{PUBLIC}/{code}{path}" in entries, path
    activity_id = _ids(app, Activity, 1)[0]
    assert f"{PUBLIC}/ur/activities/{activity_id}" in entries
    lastmod = entries[f"{PUBLIC}/ur/activities/{activity_id}"].find("s:lastmod", NS).text
    assert date.fromisoformat(lastmod[:10]) <= date.today() and lastmod.endswith("+00:00")


def test_drafts_archived_paused_and_stale_listings_are_not_listed(app, client):
    draft, archived, stale, published = _ids(app, Activity, 4)
    change_activity(app, draft, status="draft")
    change_activity(app, archived, status="archived")
    change_activity(app, stale, last_confirmed_on=add_months(date.today(), -16))
    with app.app_context():
        paused = db.session.scalar(select(Activity.id).where(Activity.status == "paused"))
        listed = db.session.scalar(
            select(Activity.id).where(Activity.status == "published").order_by(Activity.id.desc())
        )
    entries = _entries(client)
    for activity_id in (draft, archived, stale, paused):
        assert not any(loc.endswith(f"/activities/{activity_id}") for loc in entries), activity_id
    assert f"{PUBLIC}/en/activities/{published}" in entries
    assert f"{PUBLIC}/pl/activities/{listed}" in entries


def test_organisations_and_venues_are_listed_only_with_a_public_activity(app, client):
    with app.app_context():
        organisation = Organisation(key="new-group", name="A group that has just joined")
        venue = Venue(key="new-hall", name="New hall", address_line="1 Road", town="Walsall",
                      postcode="WS1 1AA", borough="Walsall")  # fmt: skip
        db.session.add_all([organisation, venue])
        commit()
        new_ids = organisation.id, venue.id
    entries = _entries(client)
    assert not any(loc.endswith(f"/organisations/{new_ids[0]}") for loc in entries)
    assert not any(loc.endswith(f"/venues/{new_ids[1]}") for loc in entries)
    assert sum("/en/organisations/" in loc for loc in entries) > 10
    assert sum("/en/venues/" in loc for loc in entries) > 10


def test_sitemaps_split_at_the_configured_limits(app, client, monkeypatch):
    whole = set(_entries(client))
    languages = len(_tags(app))
    monkeypatch.setattr(sitemap, "MAX_URLS_PER_SITEMAP", languages * 7)
    files = _sitemaps(client)
    kinds = {address.rsplit("/", 1)[1].rsplit("-", 1)[0] for address, _doc, _body in files}
    assert kinds == {"pages", "activities", "organisations", "venues"}
    assert len(files) > 20
    for address, document, _body in files:
        assert 0 < len(document.findall("s:url", NS)) <= languages * 7, address
    assert set(_entries(client)) == whole
    assert client.get(f"/sitemaps/activities-{len(files) + 1}.xml").status_code == 404
    assert client.get("/sitemaps/staff-1.xml").status_code == 404


def test_no_sitemap_passes_the_size_limit(app, client, monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_BYTES_PER_SITEMAP", 150_000)
    files = _sitemaps(client)
    assert all(len(body) <= 150_000 for _address, _doc, body in files)
    assert max(len(body) for _address, _doc, body in files) > 100_000  # the room is used


def test_sitemaps_are_gzipped_for_crawlers_that_accept_it(client):
    response = client.get("/sitemaps/activities-1.xml", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    document = _parse(gzip.decompress(response.get_data()))
    assert document.findall("s:url", NS)


def test_addresses_are_escaped_as_xml(app, client):
    app.config["PUBLIC_URL"] = "https://example.org/a&b"
    document = _parse(client.get("/sitemaps/pages-1.xml").get_data())
    assert document.find("s:url/s:loc", NS).text == "https://example.org/a&b/en/"
