"""A calendar to subscribe to for any search: the activities the results page shows, in
its order, named in words, with headers a calendar app and a shared cache understand."""

import re
from urllib.parse import urlsplit

import pytest

from directory_app.directory.calendar_feed import FEED_SIZE
from tests.calendars.helpers import activity_ids, events, parse

PUBLIC_URL = "https://directory.example.org"


@pytest.fixture
def public_client(app):
    app.config["PUBLIC_URL"] = PUBLIC_URL
    return app.test_client()


def _shown(client, query: str) -> tuple[list[int], int]:
    """The activities on the results page (its first page), and how many it says it found."""
    html = client.get(f"/search?{query}").get_data(as_text=True)
    ids = [
        int(found) for found in re.findall(r'class="card-title"><a href="/activities/(\d+)"', html)
    ]
    total = int(re.search(r'class="results-count"[^>]*>(\d+) results?', html).group(1))
    return ids, total


def _feed(client, query: str):
    response = client.get(f"/search/calendar.ics?{query}")
    assert response.status_code == 200
    return response, parse(response.data)


def test_the_feed_holds_exactly_what_the_results_page_shows(public_client):
    query = "q=coffee&day=tue"
    shown, total = _shown(public_client, query)
    assert 0 < total == len(shown) <= 10  # the whole search is on its first page
    response, calendar = _feed(public_client, query)
    assert activity_ids(calendar) == shown
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "public" in response.headers["Cache-Control"]
    assert "max-age=1800" in response.headers["Cache-Control"]
    name = str(calendar["X-WR-CALNAME"])
    assert name == str(calendar["NAME"])
    assert "coffee" in name and "Tuesday" in name and name.startswith("Activities: ")


def test_a_long_search_starts_with_the_first_page_and_is_capped(public_client):
    shown, total = _shown(public_client, "q=")
    _response, calendar = _feed(public_client, "q=&page=3")  # the feed ignores the page
    in_feed = activity_ids(calendar)
    assert total > len(shown)
    assert in_feed[: len(shown)] == shown
    # Activities whose sessions have all passed have no event, so at most, not exactly.
    assert len(shown) < len(in_feed) <= min(total, FEED_SIZE)
    assert str(calendar["X-WR-CALNAME"]) == "All activities"
    assert len({str(event["uid"]) for event in events(calendar)}) == len(events(calendar))


def test_the_results_page_links_to_its_feed_from_the_public_address(public_client):
    html = public_client.get("/search?q=coffee&day=tue&page=1").get_data(as_text=True)
    assert "Subscribe to these results in a calendar" in html
    webcal = re.search(r'href="(webcal://[^"]+)"', html).group(1).replace("&amp;", "&")
    plain = re.search(r'id="calendar-feed" type="text" value="([^"]+)"', html).group(1)
    plain = plain.replace("&amp;", "&")
    assert plain == "https://directory.example.org/search/calendar.ics?q=coffee&day=tue"
    assert webcal == "webcal://directory.example.org/search/calendar.ics?q=coffee&day=tue"
    # The address works: the same search, from the path of the public address.
    _response, calendar = _feed(public_client, urlsplit(plain).query)
    assert activity_ids(calendar) == _shown(public_client, "q=coffee&day=tue")[0]


def test_a_feed_in_another_language_links_to_pages_in_it(public_client):
    _response, calendar = _feed(public_client, "q=coffee")
    english = activity_ids(calendar)
    response = public_client.get("/pl/search/calendar.ics?q=coffee")
    polish = parse(response.data)
    assert all("/pl/activities/" in str(event["url"]) for event in events(polish))
    # Coffee mornings have Polish titles in the demo data.
    assert any(event["summary"].params.get("LANGUAGE") == "pl" for event in events(polish))
    assert english


def test_a_search_outside_the_area_is_an_empty_calendar(public_client):
    _response, calendar = _feed(public_client, "near=EH1+1YZ")
    assert events(calendar) == []


def test_without_an_index_the_feed_asks_to_be_fetched_later(empty_app):
    response = empty_app.test_client().get("/search/calendar.ics?q=yoga")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "600"


def test_odd_parameters_do_not_break_the_link(public_client):
    response = public_client.get("/search?q=coffee&language=x&activity_id=3&_external=1")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "/search/calendar.ics?q=coffee&amp;language=x&amp;activity_id=3" in html
