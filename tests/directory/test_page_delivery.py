"""How pages reach a phone: compressed, static files cached for good, cards reused but never stale."""

import re
from datetime import date, timedelta

import brotli
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Activity, ActivitySchedule

BROWSER = {"Accept-Encoding": "br, gzip, deflate"}


def test_a_first_results_page_is_under_10_kb_on_the_wire(client):
    response = client.get("/search?q=walking", headers=BROWSER)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert len(response.data) < 10 * 1024
    html = brotli.decompress(response.data).decode()
    assert html.count('<li class="card">') == 10


def test_gzip_for_browsers_without_brotli(client):
    response = client.get("/search?q=walking", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"


def test_pages_with_a_secret_are_not_compressed(client):
    """A form's CSRF token beside text an attacker can make the page repeat is what BREACH
    reads through compression: such pages go as they are."""
    response = client.get("/get-help/talk-to-a-link-worker", headers=BROWSER)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Content-Encoding" not in response.headers
    assert 'name="csrf_token"' in response.get_data(as_text=True)


def test_style_and_script_are_fingerprinted_and_cached_for_a_year(client):
    html = client.get("/").get_data(as_text=True)
    addresses = re.findall(r'(?:href|src)="(/static/[^"]+\?v=[0-9a-f]{12})"', html)
    assert any(".css?" in a for a in addresses) and any(".js?" in a for a in addresses)
    for address in addresses:
        response = client.get(address, headers=BROWSER)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        if "site.css" in address:
            assert response.headers["Content-Encoding"] == "br"
        response.close()
    # Without its fingerprint the same file is revalidated, as it may change.
    plain = client.get("/static/css/site.css")
    assert "immutable" not in plain.headers.get("Cache-Control", "")
    plain.close()


def _activity(app, key_prefix):
    with app.app_context():
        return db.session.scalar(
            select(Activity)
            .where(Activity.key.like(f"{key_prefix}%"), Activity.status == "published")
            .order_by(Activity.id)
        )


def test_an_edited_listing_shows_its_new_words_on_the_next_results_page(client, app):
    first = client.get("/search?q=walking+football").get_data(as_text=True)
    activity = _activity(app, "walking-football-")
    assert activity.title in first
    with app.app_context():
        row = db.session.get(Activity, activity.id)
        row.summary = "Now with a warm-up for beginners"
        commit()
    again = client.get("/search?q=walking+football").get_data(as_text=True)
    assert "Now with a warm-up for beginners" in again


def test_cards_are_kept_per_language(client):
    english = client.get("/search?q=walking+football").get_data(as_text=True)
    polish = client.get("/pl/search?q=walking+football").get_data(as_text=True)
    assert "Cost" in english and "Koszt" in polish
    assert 'href="/pl/activities/' in polish and 'href="/pl/activities/' not in english


def test_the_next_session_on_a_kept_card_follows_the_clock(app):
    """The card is kept; its "Next:" line is made for each page, so it never goes stale."""
    from datetime import datetime, time

    from directory_app.directory.result_cards import result_rows
    from directory_app.search.queries import SearchHit

    activity = _activity(app, "walking-football-")
    with app.app_context():
        slot = db.session.scalar(
            select(ActivitySchedule).where(ActivitySchedule.activity_id == activity.id)
        )
        weekday = slot.weekday
    monday = date.today() - timedelta(days=date.today().weekday())
    before = datetime.combine(monday + timedelta(days=weekday), time(0, 1))
    after = before + timedelta(days=1)
    with app.test_request_context("/search"):
        app.preprocess_request()
        first = result_rows([SearchHit(activity.id, 1.5)], before)[0]
        later = result_rows([SearchHit(activity.id, None)], after)[0]
    assert first.next_session.starts_at.date() == before.date()
    assert later.next_session.starts_at.date() == before.date() + timedelta(days=7)
    assert "1.5" in first.html and "1.5" not in later.html
