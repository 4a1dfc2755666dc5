"""Reading the OpenActive feeds in tests: through the service functions at a chosen moment
(``read``), or over HTTP (``read_over_http``), checking RPDE's rules on every page."""

import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select, update

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.dates import aware, utcnow
from directory_app.models import Activity
from directory_app.openactive.rpde import SETTLE, FeedRequest, Position, next_parameters


def read(page_of, now, limit: int = 500, after: Position | None = None) -> list[dict]:
    """Every item from ``after`` to the end, as JSON, paging ``limit`` at a time; each page
    is checked: in order, ``next`` from its last item, deleted items without data."""
    items = []
    request = FeedRequest(after, limit)
    while True:
        page = page_of(request, now)
        assert len(page) <= limit
        if not page:
            assert next_parameters(page, request) == request.parameters()
            return items
        positions = [item.position for item in page]
        assert positions == sorted(positions) and len(set(positions)) == len(positions)
        if request.after is not None:
            assert positions[0] > request.after
        for item in page:
            body = item.as_json()
            assert set(body) == (
                {"state", "kind", "id", "modified", "data"}
                if item.state == "updated"
                else {"state", "kind", "id", "modified"}
            )
            items.append(body)
        request = FeedRequest(positions[-1], limit)


def read_over_http(client, path: str) -> list[dict]:
    """Every item of a feed over HTTP, following ``next`` to the page whose next is itself."""
    items, url = [], path
    while True:
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        body = response.get_json()
        assert body["license"] == "https://creativecommons.org/licenses/by/4.0/"
        next_url = urlsplit(body["next"])
        assert next_url.scheme and next_url.netloc  # absolute
        next_path = next_url.path + ("?" + next_url.query if next_url.query else "")
        if not body["items"]:
            assert next_path == url or (url == path and not next_url.query)
            assert response.headers["Cache-Control"] == "public, max-age=8"
            return items
        assert response.headers["Cache-Control"] == "public, max-age=3600"
        last = body["items"][-1]
        query = parse_qs(next_url.query)
        assert query["afterTimestamp"] == [str(last["modified"])]
        assert query["afterId"] == [last["id"]]
        items += body["items"]
        url = next_path


def by_id(items: list[dict]) -> dict[str, dict]:
    return {item["id"]: item for item in items}


def wait_until_settled(app) -> None:
    """Sleep until the feeds show every change made so far (they show none from the last
    ``SETTLE``): the demo data may have been seeded a moment ago."""
    with app.app_context():
        latest = db.session.scalar(select(func.max(Activity.updated_at)))
    wait = (aware(latest) + SETTLE - utcnow()).total_seconds() + 0.05
    if wait > 0:
        time.sleep(wait)


def backdate_changes(app, by: timedelta = timedelta(minutes=1)) -> None:
    """Move every listing's ``updated_at`` back (as if the changes were made earlier), so
    HTTP tests need not wait ``SETTLE`` after changing data. A Core UPDATE, so no hook
    stamps the rows again."""
    with app.app_context():
        rows = db.session.execute(select(Activity.id, Activity.updated_at)).all()
        for activity_id, updated_at in rows:
            db.session.execute(
                update(Activity)
                .where(Activity.id == activity_id)
                .values(updated_at=aware(updated_at) - by)
                .execution_options(synchronize_session=False)
            )
        commit()
