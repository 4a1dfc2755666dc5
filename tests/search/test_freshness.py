"""Stale listings: marked at 12 months and ranked lower, hidden from the public at 15."""

from datetime import date, timedelta

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.dates import add_months, months_old
from directory_app.models import Activity
from tests.search.helpers import search


def test_months_arithmetic():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 23), -15) == date(2025, 8, 23)
    assert months_old(date(2025, 11, 23), date(2026, 11, 23)) == 12
    assert months_old(date(2025, 11, 24), date(2026, 11, 23)) == 11


def _walking_football(app):
    with app.app_context():
        return db.session.scalars(
            select(Activity)
            .where(Activity.title.like("Walking football%"), Activity.status == "published")
            .order_by(Activity.id)
        ).all()


def _confirm(app, activity_id, days_ago):
    with app.app_context():
        db.session.get(Activity, activity_id).last_confirmed_on = date.today() - timedelta(
            days=days_ago
        )
        commit()


def test_stale_listing_ranks_lower_and_is_marked(db_app, client=None):
    listings = _walking_football(db_app)
    for activity in listings:
        _confirm(db_app, activity.id, 10)
    _, before = search(db_app, text="walking football")
    top = before[0].id
    _confirm(db_app, top, 400)  # over a year
    _, after = search(db_app, text="walking football")
    assert after[0].id != top and top in [a.id for a in after]
    html = db_app.test_client().get(f"/activities/{top}").get_data(as_text=True)
    assert "This listing may be out of date." in html
    results_html = db_app.test_client().get("/search?q=walking+football").get_data(as_text=True)
    assert "May be out of date" in results_html


def test_very_stale_listing_leaves_search_and_public_pages(db_app):
    activity = _walking_football(db_app)[0]
    _confirm(db_app, activity.id, 500)  # over 15 months
    results, found = search(db_app, text="walking football")
    assert activity.id not in [a.id for a in found]
    client = db_app.test_client()
    assert client.get(f"/activities/{activity.id}").status_code == 404
    assert f"/activities/{activity.id}" not in client.get(
        f"/organisations/{activity.organisation_id}"
    ).get_data(as_text=True)
    everything, _ = search(db_app)
    assert everything.total == 149


def test_moderators_still_see_hidden_listings(db_app):
    from directory_app.accounts.service import create_user
    from tests.staff import PASSWORD, sign_in

    activity = _walking_football(db_app)[0]
    _confirm(db_app, activity.id, 500)
    with db_app.app_context():
        create_user("lw@example.org", "Lee", "link_worker", PASSWORD)
        commit()
    client = db_app.test_client()
    sign_in(client, "lw@example.org")
    html = client.get(f"/activities/{activity.id}").get_data(as_text=True)
    assert "Hidden from the public" in html
