"""Pages in every shipped language: the address prefix, the switcher, lang/dir and the chrome."""

import re
from html.parser import HTMLParser

import pytest
from babel import Locale

from directory_app.i18n.locale import shipped_locales
from directory_app.i18n.url_prefix import url_code

PUBLIC_PAGES = [
    "/",
    "/search?q=walking",
    "/about",
    "/get-help",
    "/get-help/talk-to-a-link-worker",
    "/get-help/buddy",
    "/groups/join",
]


class ChromeText(HTMLParser):
    """The text of the header, the footer, the title and the h1 (not listing text)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []
        self.html_attributes: dict = {}

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.html_attributes = dict(attrs)
        if tag in ("header", "footer", "title", "h1") or self.depth:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and data.strip():
            self.parts.append(data.strip())


def _chrome(html: str) -> ChromeText:
    parser = ChromeText()
    parser.feed(html)
    return parser


def _other_locales(app):
    return [locale for locale in shipped_locales(app) if not locale.startswith("en")]


def test_each_shipped_language_has_its_address_and_layout(app, client):
    english = {
        text
        for path in PUBLIC_PAGES
        for text in _chrome(client.get(path).get_data(as_text=True)).parts
    }
    service_name = app.config["SERVICE_NAME"]
    switcher_names = {
        Locale.parse(locale).get_language_name(locale).capitalize()
        for locale in shipped_locales(app)
    }
    assert _other_locales(app), "no language catalogues are installed"
    for locale in _other_locales(app):
        code = url_code(locale)
        for path in PUBLIC_PAGES:
            response = client.get(f"/{code}{path}")
            assert response.status_code == 200, (locale, path)
            page = _chrome(response.get_data(as_text=True))
            assert page.html_attributes["lang"] == locale.replace("_", "-")
            assert page.html_attributes["dir"] == Locale.parse(locale).text_direction
            # The switcher names each language in itself, and English is one of them.
            leftover = (
                {
                    text
                    for text in page.parts
                    if text in english and re.search("[a-z]{3}", text) and service_name not in text
                }
                - switcher_names
                - {"(Language)"}
            )
            assert not leftover, (locale, path, leftover)


def test_links_on_a_prefixed_page_keep_its_language(client):
    html = client.get("/pl/search?q=walking").get_data(as_text=True)
    assert 'href="/pl/about"' in html
    assert 'href="/pl/search"' in html
    # Static files are shared by every language, so browsers cache them once.
    assert re.search(r'href="/static/css/site\.css\?v=[0-9a-f]{12}"', html)


def test_switcher_and_alternates_keep_the_page_and_its_query(client):
    html = client.get("/pl/search?q=walking&free=1").get_data(as_text=True)
    # Alternates are full addresses, from PUBLIC_URL (tests/directory/test_phone_layout.py).
    public = client.application.config["PUBLIC_URL"].rstrip("/")
    assert (
        f'<link rel="alternate" hreflang="en-GB" href="{public}/en/search?q=walking&amp;free=1">'
        in html
    )
    assert f'hreflang="x-default" href="{public}/search?q=walking&amp;free=1"' in html
    switcher = re.search(r'<ul class="language-list">(.*?)</ul>', html, re.S).group(1)
    assert 'href="/en/search?q=walking&amp;free=1" hreflang="en-GB" lang="en-GB"' in switcher
    assert ">Polski</a>" in switcher and 'aria-current="true"' in switcher


def test_a_prefixed_page_saves_the_choice_for_plain_addresses(client):
    response = client.get("/pl/about")
    assert "lang=pl" in response.headers["Set-Cookie"]
    assert response.headers["Content-Language"] == "pl"
    plain = client.get("/about")
    assert '<html lang="pl"' in plain.get_data(as_text=True)
    assert {"Cookie", "Accept-Language"} <= set(plain.vary)
    client.get("/en/about")
    assert '<html lang="en-GB"' in client.get("/about").get_data(as_text=True)


def test_plain_address_follows_the_browser_then_english(client):
    polish = client.get("/about", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"})
    assert '<html lang="pl"' in polish.get_data(as_text=True)
    unknown = client.get("/about", headers={"Accept-Language": "xx"})
    assert '<html lang="en-GB"' in unknown.get_data(as_text=True)


def test_unknown_prefix_is_just_a_missing_page(client):
    assert client.get("/xx/about").status_code == 404


@pytest.mark.parametrize("path", ["/pl/get-help/talk-to-a-link-worker", "/pl/get-help/buddy"])
def test_forms_post_back_to_the_same_language(client, path):
    html = client.get(path).get_data(as_text=True)
    assert 'lang="pl"' in html
    assert re.search(r'<form[^>]+method="post"', html)
    assert 'action="/get-help' not in html
