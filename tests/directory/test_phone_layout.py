"""A results page on a phone: results first, filters behind one control that counts them;
and the small things a phone and a search engine need (tap-to-call numbers, an icon,
absolute alternates)."""

import re

import pytest

PUBLIC = "https://directory.example.org/find"
POSTCODE_AND_FILTER = "/search?q=coffee&near=E8+1AG&access=step-free"


def _html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _filters(html: str) -> re.Match:
    details = re.search(r'<details class="filters"([^>]*)>\s*<summary>([^<]*)</summary>', html)
    assert details, "the filter panel is a <details> with a <summary>"
    return details


def _panel(html: str) -> str:
    start = html.index('<details class="filters"')
    return html[start : html.index("</details>", start)]


def _card_titles(html: str) -> list[str]:
    return re.findall(r'class="card-title"><a href="[^"]+"[^>]*>([^<]+)</a>', html)


@pytest.mark.parametrize(
    ("path", "summary"),
    [
        (POSTCODE_AND_FILTER, "Filters (2)"),
        ("/search?near=E8+1AG&free=1&day=tue&day=sat", "Filters (4)"),
        ("/categories/social-befriending", "Filters (1)"),
    ],
)
def test_filters_are_closed_by_default_and_say_how_many_are_on(client, path, summary):
    html = _html(client, path)
    details = _filters(html)
    assert "open" not in details.group(1), "results come first: the filters stay closed"
    assert details.group(2).strip() == summary
    # Then the results: the count and the closed panel are all between the words and them.
    words = html.index('<form class="search-form')
    assert words < html.index('id="results-count"') < html.index(_panel(html))
    assert html.index(_panel(html)) + len(_panel(html)) < html.index('<ul class="results">')


def test_the_words_come_first_and_the_place_is_among_the_filters(client):
    html = _html(client, POSTCODE_AND_FILTER)
    search_form = re.search(r'<form class="search-form[^"]*".*?</form>', html, re.S).group(0)
    assert 'id="q"' in search_form and 'id="near"' not in search_form
    # A new search keeps the place.
    assert '<input type="hidden" name="near" value="E8 1AG">' in search_form
    panel = _panel(html)
    assert 'id="near" name="near" value="E8 1AG"' in panel
    assert '<ul class="active-filters"' in panel and "Within 3 miles of <bdi>E8 1AG</bdi>" in panel
    # Applying the filters (a plain GET form, so without JavaScript too) keeps the words.
    assert 'action="/search" method="get"' in panel
    assert '<input type="hidden" name="q" value="coffee">' in panel
    assert 'type="submit">Apply filters</button>' in panel
    # With no filter on, the control says what it is for, and is closed too.
    plain = _filters(_html(client, "/search?q=coffee"))
    assert "open" not in plain.group(1) and plain.group(2).strip() == "Filter results"


def test_a_mistake_in_a_filter_opens_the_panel_to_show_it(client):
    for path in ("/search?q=coffee&age=old", "/search?q=coffee&near=E8+9ZZ"):
        details = _filters(_html(client, path))
        assert "open" in details.group(1), path


def test_distance_is_a_sort_only_with_a_place(client):
    sort_select = r'<select class="input" id="sort" name="sort">(.*?)</select>'
    without = re.search(sort_select, _html(client, "/search?q=coffee"), re.S).group(1)
    assert 'value="distance"' not in without
    assert "Distance" not in without
    # An old link asking for distance without a place is sorted by best match.
    asked = re.search(sort_select, _html(client, "/search?q=coffee&sort=distance"), re.S).group(1)
    assert 'value="distance"' not in asked
    assert '<option value="relevance" selected>' in asked
    near = re.search(sort_select, _html(client, "/search?q=coffee&near=E8+1AG"), re.S).group(1)
    assert '<option value="distance">Distance</option>' in near
    nearest = re.search(sort_select, _html(client, "/search?near=E8+1AG"), re.S).group(1)
    assert '<option value="distance" selected>Distance</option>' in nearest


def test_a_page_past_the_end_shows_the_last_page(client):
    first = _html(client, "/search?q=group")
    pages = int(re.search(r"Page 1 of (\d+)", first).group(1))
    assert pages > 1
    last = _html(client, f"/search?q=group&page={pages}")
    past = _html(client, "/search?q=group&page=999")
    assert "We could not find any activities" not in past
    assert f"Page {pages} of {pages}" in past
    assert _card_titles(past) == _card_titles(last) != []
    assert f"page={pages - 1}" in re.search(r'<a rel="prev" href="([^"]+)"', past).group(1)
    assert 'rel="next"' not in past
    # The count above the results is the same search's.
    count = re.search(r'id="results-count"[^>]*>(\d+) results', past).group(1)
    assert count == re.search(r'id="results-count"[^>]*>(\d+) results', first).group(1)
    # A search that finds nothing still says so, whatever the page.
    none = _html(client, "/search?q=zzzzqqq&page=3")
    assert "0 results" in none and "We could not find any activities that match." in none


def test_the_count_is_a_heading_inside_a_separate_status(client):
    html = _html(client, POSTCODE_AND_FILTER)
    heading = re.search(r"<h2 [^>]*id=\"results-count\"[^>]*>", html).group(0)
    assert "role=" not in heading, "a heading keeps its heading role"
    assert re.search(r'<div class="results-status" role="status"><h2 id="results-count"', html)
    # Heading levels go down one at a time: h1, the count (h2), then the cards (h3).
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
    main = levels[: levels.index(3)]
    assert main[0] == 1 and 2 in main
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an icon file
    response.close()
    html = _html(client, "/")
    icon = re.search(r'<link rel="icon" href="(/static/favicon\.svg\?v=[0-9a-f]{12})"', html)
    assert icon
    svg = client.get(icon.group(1))
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert b"http" not in svg.data.replace(b"http://www.w3.org/2000/svg", b"")  # nothing fetched
    svg.close()


def test_language_alternates_are_absolute_from_the_public_address(app):
    app.config.update(
        PUBLIC_URL=PUBLIC, TRUSTED_HOSTS=["directory.example.org", "127.0.0.1", "localhost"]
    )
    client = app.test_client()
    client.environ_base["HTTP_HOST"] = "127.0.0.1"  # trusted, but not the public address
    html = _html(client, "/pl/search?q=walking&free=1")
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    assert len(alternates) >= 13
    assert ("en-GB", f"{PUBLIC}/en/search?q=walking&amp;free=1") in alternates
    assert ("pl", f"{PUBLIC}/pl/search?q=walking&amp;free=1") in alternates
    assert ("x-default", f"{PUBLIC}/search?q=walking&amp;free=1") in alternates
    assert all(href.startswith(PUBLIC + "/") for _tag, href in alternates)
    assert "127.0.0.1" not in " ".join(href for _tag, href in alternates)


@pytest.mark.parametrize("path", ["/", "/search?q=coffee", "/about"])
def test_emergency_numbers_in_the_footer_can_be_tapped_to_call(client, path):
    html = _html(client, path)
    footer = html[html.index('<footer class="site-footer">') :]
    for number in ("999", "111"):
        assert f'<a href="tel:{number}" class="tel" dir="ltr">{number}</a>' in footer


def test_the_footer_numbers_are_translated(client):
    footer = _html(client, "/pl/")
    footer = footer[footer.index('<footer class="site-footer">') :]
    assert 'href="tel:999"' in footer and 'href="tel:111"' in footer
    assert "If you or someone else is in danger now" not in footer
