"""What the feeds' addresses accept, and what a page costs the database."""

from datetime import timedelta

import pytest

from directory_app.core.extensions import db
from directory_app.domain.dates import utcnow
from directory_app.openactive.rpde import SETTLE, FeedRequest
from directory_app.openactive.series_feed import series_page
from directory_app.openactive.session_feed import sessions_page
from tests.statements import statements_run


def _later():
    return utcnow() + SETTLE + timedelta(seconds=1)


def _queries_for(page_of, limit: int) -> int:
    """How many SQL statements one page of ``limit`` items takes."""
    with statements_run(db.engine) as ran:
        page = page_of(FeedRequest(None, limit), _later())
    assert len(page) == limit
    # A new transaction's BEGIN is not the page's.
    return sum(1 for statement, _ in ran if statement.strip().upper() != "BEGIN")


def test_a_page_takes_the_same_few_queries_however_many_items_it_holds(app):
    with app.app_context():
        assert _queries_for(series_page, 3) == _queries_for(series_page, 40) <= 12
        # (The slots, the school terms of the boroughs with term-time slots, the series,
        # and the cancelled dates of the sessions shown, when there are any.)
        assert _queries_for(sessions_page, 3) <= _queries_for(sessions_page, 400) <= 4


@pytest.mark.parametrize(
    "query",
    [
        "afterTimestamp=12",
        "afterTimestamp=abc&afterId=x",
        "afterTimestamp=12&afterId=not-a-uuid",
        "afterTimestamp=%C2%B2&afterId=x",  # a superscript 2 is a digit to str.isdigit
        "afterTimestamp=99999999999999999999&afterId=x",
        "limit=%C2%B2",
        "limit=0",
        "limit=501",
    ],
)
def test_bad_parameters_are_a_400_in_json(client, query):
    for feed in ("session-series", "scheduled-sessions"):
        response = client.get(f"/openactive/{feed}?" + query)
        assert response.status_code == 400
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["Cache-Control"] == "no-store"
        assert "error" in response.get_json()


def test_the_feeds_are_open_to_any_site_and_say_they_are_json(client):
    for feed in ("session-series", "scheduled-sessions"):
        response = client.get(f"/openactive/{feed}?limit=1")
        assert response.status_code == 200
        assert response.content_type == "application/json"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
