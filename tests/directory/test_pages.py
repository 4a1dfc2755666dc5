"""Every public page renders, in a way that works without JavaScript."""

import gzip
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.models import Activity, Organisation, Venue


def _first(app, model, **where):
    with app.app_context():
        query = select(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.session.scalar(query.order_by(model.id).limit(1))


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    ["/", "/search", "/about", "/accessibility", "/privacy", "/get-help", "/categories/food"],
)
def test_page_renders_with_language_and_direction(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = _text(response)
    assert '<html lang="en-GB" dir="ltr">' in html
    assert re.search(r"<title>[^<]+</title>", html)
    assert 'href="#main"' in html


def test_home_offers_search_categories_and_what_is_on_soon(client):
    html = _text(client.get("/"))
    assert 'action="/search"' in html and 'name="q"' in html and 'name="near"' in html
    assert html.count('href="/categories/') >= 14
    assert "Happening this week" in html
    assert "Talk to a link worker" in html


def test_results_show_count_card_details_and_pagination(client):
    html = _text(client.get("/search?q=coffee"))
    count = int(re.search(r'class="results-count"[^>]*>(\d+) results', html).group(1))
    assert count > 10
    assert html.count('class="card"') == 10
    assert "Every " in html or "Every other" in html
    assert 'rel="next"' in html and "Page 1 of" in html
    page_two = _text(client.get("/search?q=coffee&page=2"))
    assert 'rel="prev"' in page_two


def test_results_near_a_postcode_show_distance_and_attribution(client):
    html = _text(client.get("/search?near=E8+1AG&within=2"))
    assert re.search(r"\d+\.\d miles? from <bdi>E8 1AG</bdi>", html)
    assert "Contains OS data © Crown copyright" in html
    assert "Within 2 miles of <bdi>E8 1AG</bdi>" in html


def test_unknown_postcode_gets_a_clear_message_not_an_error(client):
    response = client.get("/search?near=E8+9ZZ")
    html = _text(response)
    assert response.status_code == 200
    assert "We could not find the postcode E8 9ZZ" in html
    assert "<title>Error:" in html
    assert 'href="#near"' in html and 'aria-invalid="true"' in html


def test_malformed_place_gets_a_clear_message(client):
    html = _text(client.get("/search?near=%21%21%21"))
    assert "Enter a full postcode, like E8 1AG" in html


def test_place_name_works_as_near(client):
    html = _text(client.get("/search?near=Dagenham&within=1"))
    assert "Within 1 mile of <bdi>Dagenham</bdi>" in html
    assert "We could not find" not in html


def test_bad_age_is_explained_and_search_still_runs(client):
    html = _text(client.get("/search?age=old"))
    assert "Enter an age as a number, like 67" in html
    assert re.search(r"\d+ results", html)


def test_filters_are_shown_with_remove_links(client):
    html = _text(client.get("/search?access=step-free&free=1&day=tue"))
    filters = re.search(r'<ul class="active-filters".*?</ul>', html, re.S).group(0)
    assert "Step-free access" in filters and "Free only" in filters and "Tuesday" in filters
    # Removing one filter keeps the others.
    remove_free = re.search(
        r'href="([^"]+)">[^<]*<span class="visually-hidden">Remove filter:</span> Free only',
        filters,
    )
    assert remove_free
    url = remove_free.group(1).replace("&amp;", "&")
    assert "free=" not in url and "access=step-free" in url and "day=tue" in url


def test_empty_results_help_the_resident(client):
    html = _text(client.get("/search?q=zzzzqqq"))
    assert "0 results" in html
    assert "We could not find any activities that match." in html
    assert 'href="/get-help"' in html


def test_a_corrected_typo_says_so_and_links_to_what_was_typed(client):
    html = _text(client.get("/search?q=gardenign"))
    assert "Showing results for <strong><bdi>gardening</bdi></strong>." in html
    assert (
        'Search instead for <a href="/search?q=gardenign&amp;exact=1"><bdi>gardenign</bdi></a>'
        in html
    )
    assert "Community gardening" in html
    exact = _text(client.get("/search?q=gardenign&exact=1"))
    assert "Showing results for" not in exact and "0 results" in exact


@pytest.mark.parametrize(
    ("query", "place"),
    [("near=B1+1BB", "B1 1BB"), ("q=SW1A+1AA", "SW1A 1AA"), ("q=yoga+B1+1AA", "B1 1AA")],
)
def test_a_place_outside_the_area_says_so_and_gives_a_number_to_call(client, query, place):
    html = _text(client.get(f"/search?{query}"))
    assert f"{place} is outside the area this directory covers" in html
    assert 'class="panel" role="status"' in html and 'href="tel:' in html
    assert "card-title" not in html  # no far-away listings dressed up as near ones


def test_a_postcode_typed_with_the_words_searches_near_it(client):
    html = _text(client.get("/search?q=walking+football+near+RM10"))
    assert "Walking football in" in html and re.search(r"\d+\.\d miles? from <bdi>RM10", html)
    assert "outside the area" not in html


def test_a_need_shows_what_was_asked_and_offers_the_rest_of_the_need(client):
    html = _text(client.get("/search?q=yoga"))
    more = re.search(r'<a href="([^"]+)">Show (\d+) more listings? that may help</a>', html)
    assert more, "a link to the need's other listings"
    wide = _text(client.get(more.group(1).replace("&amp;", "&")))
    count = int(re.search(r"(\d+) results", html).group(1))
    assert int(re.search(r"(\d+) results", wide).group(1)) == count + int(more.group(2))


def test_unknown_filter_codes_are_ignored(client):
    assert (
        client.get(
            "/search?access=teleporter&category=nope&day=funday&sort=weird&page=-3"
        ).status_code
        == 200
    )


def test_activity_page_has_everything_a_resident_needs(client, app):
    activity = _first(app, Activity, status="published", attendance_mode="in-person")
    html = _text(client.get(f"/activities/{activity.id}"))
    assert activity.title in html
    assert "Next dates" in html
    assert "Accessibility at this venue" in html
    assert "Get directions" in html
    assert 'href="tel:' in html
    assert f"/activities/{activity.id}/calendar.ics" in html
    assert "Last checked:" in html
    assert "Ask a link worker to help me go" in html and "Ask for a buddy to come with me" in html
    assert "What to expect on your first visit" in html
    assert 'media="print"' in html


def test_paused_activity_shows_a_notice_and_draft_is_hidden(client, app):
    paused = _first(app, Activity, status="paused")
    draft = _first(app, Activity, status="draft")
    assert "This activity is not running at the moment." in _text(
        client.get(f"/activities/{paused.id}")
    )
    assert client.get(f"/activities/{draft.id}").status_code == 404


def test_calendar_download(client, app):
    activity = _first(app, Activity, status="published", attendance_mode="in-person")
    response = client.get(f"/activities/{activity.id}/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = _text(response)
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.rstrip().endswith("END:VCALENDAR")
    assert "DTSTART;TZID=Europe/London:" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_organisation_and_venue_pages(client, app):
    organisation = _first(app, Organisation)
    venue = _first(app, Venue)
    html = _text(client.get(f"/organisations/{organisation.id}"))
    assert organisation.name in html and "/activities/" in html
    html = _text(client.get(f"/venues/{venue.id}"))
    assert venue.name in html and venue.postcode in html and "Accessibility" in html


@pytest.mark.parametrize(
    "path",
    ["/activities/999999", "/organisations/999999", "/venues/999999", "/categories/nope", "/nope"],
)
def test_missing_things_are_404_pages(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in _text(response)


def test_server_error_page(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in _text(response)


def test_search_without_an_index_says_so(empty_app):
    response = empty_app.test_client().get("/search?q=yoga")
    assert response.status_code == 200
    assert "Search is not available right now" in _text(response)


def test_results_page_is_small_for_phones(client):
    html = client.get("/search?q=group&near=E8+1AG&within=5").get_data()
    static = Path(client.application.static_folder)
    css = (static / "css" / "site.css").read_bytes()
    js = (static / "js" / "enhance.js").read_bytes()
    total = sum(len(gzip.compress(part)) for part in (html, css, js))
    assert total <= 25 * 1024, total


def test_no_inline_scripts_or_styles(client):
    html = _text(client.get("/"))
    assert "<script>" not in html and "style=" not in html


def test_get_help_shows_the_emergency_numbers_as_tap_to_call_links(client):
    html = _text(client.get("/get-help"))
    assert "This is not an emergency service" in html
    for number in ("tel:999", "tel:111", "tel:116123", "tel:03001234567"):
        assert f'href="{number}"' in html


def test_home_category_counts_match_the_database(client, app):
    from directory_app.directory.listings import category_counts

    with app.app_context():
        expected = category_counts(date.today())
    html = _text(client.get("/"))
    for code, count in expected.items():
        link = re.search(rf'href="/categories/{code}">[^<]*<span class="muted">(\d+) activit', html)
        assert link and int(link.group(1)) == count, code


def test_home_works_without_a_search_index(empty_app):
    response = empty_app.test_client().get("/")
    assert response.status_code == 200


def test_a_form_without_its_security_token_gets_a_helpful_page(client):
    response = client.post("/get-help/talk-to-a-link-worker", data={"full_name": "Ann"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "We could not accept that form" in html and "call us on" in html


def test_look_alike_cards_say_which_languages_are_spoken(client):
    """Two "Friendship coffee morning in Parsloes": the Polish club's card says so."""
    html = client.get("/search?q=friendship+coffee+morning+parsloes").get_data(as_text=True)
    cards = [card for card in html.split('<li class="card">')[1:] if "in Parsloes</a>" in card]
    assert len(cards) == 2
    spoken = ["Languages spoken" in card for card in cards]
    assert sorted(spoken) == [False, True]
    assert "English and Polish" in cards[spoken.index(True)]
