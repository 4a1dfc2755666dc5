"""The dashboard counted in SQL: the same number of queries for 5 requests or 50, labelled
charts with small counts hidden, and the wellbeing change of the last 12 months."""

import secrets
from datetime import timedelta

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.dates import local_today, utcnow
from directory_app.models import Referral, WellbeingMeasure
from directory_app.reports import daily
from tests.staff import PASSWORD, sign_in
from tests.statements import statements_run


def _link_worker(app):
    """A client signed in as a link worker of ``app`` (``db_app`` has no ``staff`` fixture)."""
    from directory_app.accounts.service import create_user

    with app.app_context():
        create_user("worker@example.org", "Lin Worker", "link_worker", PASSWORD)
        commit()
    client = app.test_client()
    sign_in(client, "worker@example.org")
    return client


def _add_requests(app, how_many: int, start: int = 0) -> None:
    with app.app_context():
        for index in range(start, start + how_many):
            db.session.add(
                Referral(
                    reference=f"SR-{secrets.token_hex(5)}",
                    submission_token=secrets.token_hex(16),
                    kind="buddy" if index % 3 == 0 else "self_referral",
                    area=("Hackney", "Islington", "Camden")[index % 3],
                    reasons=["loneliness"] if index % 2 else ["housing", "caring"],
                    respond_by=local_today() + timedelta(days=5),
                    created_at=utcnow() - timedelta(days=index % 20),
                    first_contacted_at=utcnow() if index % 4 else None,
                    status="contacted" if index % 4 else "new",
                )
            )
        commit()


def _count_changed_days(app) -> None:
    """What the first reader (or ``flask reports refresh``) does after new requests: count
    their days again, so what is measured next is the summed read alone."""
    with app.test_request_context():
        daily.refresh()
        commit()


def _statements_for(app, client, url: str) -> int:
    with app.app_context():
        engine = db.engine
    with statements_run(engine) as ran:
        assert client.get(url).status_code == 200
    return len(ran)


def test_the_dashboard_makes_as_many_queries_for_50_requests_as_for_5(db_app):
    client = _link_worker(db_app)
    _add_requests(db_app, 5)
    _count_changed_days(db_app)
    client.get("/staff/referrals/dashboard")  # keeps the year's wellbeing figures
    with_5 = {
        url: _statements_for(db_app, client, url)
        for url in ("/staff/referrals/dashboard", "/staff/referrals/dashboard.csv")
    }
    _add_requests(db_app, 45, start=5)
    _count_changed_days(db_app)
    with_50 = {url: _statements_for(db_app, client, url) for url in with_5}
    assert with_50 == with_5
    assert with_5["/staff/referrals/dashboard"] < 25


def test_the_report_makes_as_many_queries_for_50_requests_as_for_5(db_app):
    client = _link_worker(db_app)
    _add_requests(db_app, 5)
    url = "/staff/reports?period=last_12_months"
    client.get(url)  # counts the year's days once
    with_5 = _statements_for(db_app, client, url)
    _add_requests(db_app, 45, start=5)
    _count_changed_days(db_app)
    assert _statements_for(db_app, client, url) == with_5


def test_dashboard_charts_are_labelled_and_hide_small_counts(app, staff):
    _add_requests(app, 21)  # 7 each in Hackney, Islington and Camden; 7 buddy requests
    client = app.test_client()
    sign_in(client, "link_worker@example.org")
    html = client.get("/staff/referrals/dashboard").get_data(as_text=True)
    assert "Hackney: \u20687\u2069</text>" in html
    assert "Buddy request: \u20687\u2069</text>" in html and "Self-referral: \u206814\u2069" in html
    assert "Feeling lonely or isolated: \u206810\u2069" in html
    assert '<th scope="row">Camden</th><td><bdi dir="ltr">7</bdi>' in html
    assert 'href="/staff/reports"' in html
    _add_requests(app, 1, start=21)  # a 22nd request: Hackney's 8, Camden 7, Islington 7
    csv_text = client.get("/staff/referrals/dashboard.csv").get_data(as_text=True)
    assert "by_area,Hackney,8" in csv_text and "new_this_week" in csv_text


def test_the_dashboard_shows_the_average_change_and_share_improving(app, staff):
    _add_requests(app, 6)
    with app.app_context():
        today = local_today()
        people = db.session.scalars(db.select(Referral.id).order_by(Referral.id)).all()
        for number, referral_id in enumerate(people):
            change = 3 if number < 5 else 1  # five improve by 3 (meaningful), one by 1
            for stage, total, days_ago in (("start", 40, 60), ("end", 40 + change, 2)):
                db.session.add(
                    WellbeingMeasure(
                        referral_id=referral_id,
                        instrument="wemwbs",
                        stage=stage,
                        taken_on=today - timedelta(days=days_ago),
                        raw_total=total,
                    )
                )
        commit()
    client = app.test_client()
    sign_in(client, "link_worker@example.org")
    html = client.get("/staff/referrals/dashboard").get_data(as_text=True)
    row = html[html.index("WEMWBS total</th>") :].split("</tr>")[0]
    # Six people, average (5 × 3 + 1) / 6 = 2.7; 5 improved, 1 did not: both hidden as a pair.
    assert "<bdi>6</bdi>" in row and "+2.7" in row and "–" in row
    csv_text = client.get("/staff/referrals/dashboard.csv").get_data(as_text=True)
    assert "wellbeing_people,wemwbs,6" in csv_text
    assert "wellbeing_average_change,wemwbs,2.7" in csv_text
