"""The partners' widget: /embed may be framed by any site (and no other page may), shows the
next activities for its options with links opening the full site in a new tab; /embed/build
makes the code to paste, a link that works without JavaScript."""

import html as html_text
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.models import Activity
from tests.discovery.helpers import PUBLIC


@pytest.fixture(autouse=True)
def public_address(app):
    app.config["PUBLIC_URL"] = PUBLIC


class Elements(HTMLParser):
    """Each start tag of a page with its attributes, in order."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def all(self, tag: str, **attributes) -> list[dict]:
        return [
            attrs
            for name, attrs in self.found
            if name == tag and all(attrs.get(key) == value for key, value in attributes.items())
        ]


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _activity_links(page: str) -> list[dict]:
    return Elements(page).all("a", **{"class": "embed-title"})


def test_only_the_widget_may_be_framed(client):
    widget = client.get("/embed")
    policy = widget.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "frame-ancestors 'none'" not in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "X-Frame-Options" not in widget.headers
    assert widget.headers["X-Robots-Tag"] == "noindex"
    for path in ("/", "/embed/build", "/search?q=art", "/pl/about", "/staff/sign-in"):
        response = client.get(path)
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path


def test_the_widget_shows_what_is_coming_up_in_its_borough_and_category(app, client):
    page = _page(client, "/embed?borough=hackney&category=social-befriending&count=3")
    links = _activity_links(page)
    assert 1 <= len(links) <= 3
    ids = []
    for link in links:
        assert link["target"] == "_blank" and link["rel"] == "noopener"
        assert link["href"].startswith(f"{PUBLIC}/activities/")
        ids.append(int(link["href"].rsplit("/", 1)[1]))
    with app.app_context():
        for activity in db.session.scalars(select(Activity).where(Activity.id.in_(ids))):
            assert activity.venue.borough == "Hackney"
            assert "social-befriending" in activity.category_codes
            assert activity.status == "published"
    assert "(opens in a new tab)" in page


def test_the_search_box_opens_the_same_search_on_the_full_site(client):
    elements = Elements(_page(client, "/pl/embed?borough=Walsall&category=food"))
    [form] = elements.all("form")
    assert form["action"] == f"{PUBLIC}/pl/search" and form["target"] == "_blank"
    assert form["method"] == "get"
    [label] = elements.all("label")
    assert elements.all("input", id=label["for"], name="q")
    hidden = {attrs["name"]: attrs["value"] for attrs in elements.all("input", type="hidden")}
    assert hidden == {"category": "food", "near": "Walsall"}


def test_unknown_options_are_left_out(client):
    page = _page(client, '/embed?borough="><script>x</script>&category=nope&count=999')
    assert "<script>x" not in page
    assert 1 <= len(_activity_links(page)) <= 5
    assert not Elements(page).all("input", type="hidden")


@pytest.mark.parametrize(("prefix", "direction"), [("/ar", "rtl"), ("/ur", "rtl"), ("/pl", "ltr")])
def test_the_widget_speaks_the_language_of_its_address(client, prefix, direction):
    page = _page(client, f"{prefix}/embed?count=3")
    assert re.search(rf'<html lang="{prefix[1:]}[^"]*" dir="{direction}"', page)
    assert all(
        link["href"].startswith(f"{PUBLIC}{prefix}/activities/") for link in _activity_links(page)
    )


def _snippet(client, query: str) -> tuple[dict, dict, str]:
    page = _page(client, f"/embed/build?{query}")
    code = html_text.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1))
    elements = Elements(code)
    [link] = elements.all("a")
    [script] = elements.all("script")
    return link, script, code


def test_the_builder_makes_a_link_that_the_script_upgrades(client):
    page = _page(client, "/embed/build")
    assert "<textarea" not in page  # nothing to copy until something is chosen
    for name in ("borough", "category", "language", "count"):
        assert f'<label for="{name}">' in page and f'id="{name}" name="{name}"' in page
    link, script, code = _snippet(client, "borough=Hackney&category=food&language=pl&count=3")
    assert link["href"] == f"{PUBLIC}/pl/search?category=food&near=Hackney"
    assert (
        link["data-directory-embed"] == f"{PUBLIC}/pl/embed?borough=Hackney&category=food&count=3"
    )
    assert link["lang"] == "pl" and link["dir"] == "ltr"
    assert link["data-directory-embed-title"]
    assert script == {"src": f"{PUBLIC}/static/widget.js", "async": None}
    # In the widget's language, whatever the page it was made on: "Food and cooking" in Polish.
    assert "Jedzenie i gotowanie" in link["data-directory-embed-title"]
    assert code.count("Jedzenie i gotowanie") == 2


def test_the_link_works_without_javascript(client):
    link, _script, _code = _snippet(client, "borough=Hackney&category=food&language=ar")
    address = urlsplit(link["href"])
    assert address.path == "/find/ar/search"
    results = _page(client, address.path.removeprefix("/find") + "?" + address.query)
    assert parse_qs(address.query) == {"category": ["food"], "near": ["Hackney"]}
    assert 'class="card"' in results and 'dir="rtl"' in results
    frame = urlsplit(link["data-directory-embed"])
    assert client.get(frame.path.removeprefix("/find") + "?" + frame.query).status_code == 200


def test_the_visitors_own_language_leaves_the_choice_to_the_directory(client):
    link, _script, _code = _snippet(client, "language=visitor&count=5")
    assert link["href"] == f"{PUBLIC}/search"
    assert link["data-directory-embed"] == f"{PUBLIC}/embed?count=5"
    assert "lang" not in link
