"""The link workers' inbox: who may see it, triage, duplicates, figures, and the audit log."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import AuditEvent, Referral
from tests.referrals.helpers import BUDDY, SELF_REFERRAL, submit, valid_buddy, valid_self_referral
from tests.staff import csrf_token, sign_in


@pytest.fixture
def referral_id(app, client):
    submit(client, SELF_REFERRAL, valid_self_referral())
    with app.app_context():
        return db.session.scalar(select(Referral.id))


def _urls(referral_id):
    return {
        "get": [
            "/staff/referrals/",
            f"/staff/referrals/{referral_id}",
            "/staff/referrals/dashboard",
            "/staff/referrals/dashboard.csv",
        ],
        "post": [
            f"/staff/referrals/{referral_id}/{action}"
            for action in ("status", "assign", "note", "follow-up", "buddy", "merge")
        ],
    }


def _search(client, text: str) -> str:
    """Search as the inbox form does: by POST, so the term never appears in a URL."""
    response = client.post(
        "/staff/referrals/",
        data={"csrf_token": csrf_token(client, "/staff/"), "q": text, "status": "open"},
    )
    assert response.status_code == 302 and text not in response.headers["Location"] or not text
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_anonymous_visitors_never_see_the_inbox(app, referral_id):
    client = app.test_client()
    for url in _urls(referral_id)["get"]:
        response = client.get(url)
        assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"], url
    for url in _urls(referral_id)["post"]:
        assert client.post(url).status_code in (302, 400), url
    with app.app_context():
        assert db.session.get(Referral, referral_id).status == "new"


def test_providers_never_see_the_inbox(app, staff, referral_id):
    client = app.test_client()
    sign_in(client, "provider@example.org")
    token = csrf_token(client, "/staff/")
    for url in _urls(referral_id)["get"]:
        assert client.get(url).status_code == 403, url
    for url in _urls(referral_id)["post"]:
        assert (
            client.post(
                url, data={"csrf_token": token, "status": "contacted", "note": "x"}
            ).status_code
            == 403
        ), url
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert referral.status == "new" and not referral.notes


@pytest.mark.parametrize("role", ["link_worker", "admin"])
def test_link_workers_and_admins_see_every_inbox_page(app, staff, referral_id, role):
    client = app.test_client()
    sign_in(client, f"{role}@example.org")
    for url in _urls(referral_id)["get"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store"


def test_list_filters_search_and_counts(app, staff):
    client = app.test_client()
    submit(client, SELF_REFERRAL, valid_self_referral())
    submit(client, BUDDY, valid_buddy())
    sign_in(client, "link_worker@example.org")
    html = client.get("/staff/referrals/").get_data(as_text=True)
    assert "2 requests" in html and "New: <strong>2</strong>" in html
    assert "1 request" in client.get("/staff/referrals/?kind=buddy").get_data(as_text=True)
    assert "Bob Example" in _search(client, "bob")
    assert "Annie" in _search(client, "07700900982")
    assert "Bob Example" not in _search(client, "07700900982")
    assert "1 request" in client.get("/staff/referrals/?reason=loneliness").get_data(as_text=True)
    assert "1 request" in client.get("/staff/referrals/?area=Hackney").get_data(as_text=True)
    assert "0 requests" in client.get("/staff/referrals/?assigned=me").get_data(as_text=True)
    with app.app_context():
        reference = db.session.scalar(select(Referral.reference).where(Referral.kind == "buddy"))
    assert "Bob Example" in _search(client, reference.lower())
    assert "2 requests" in _search(client, "")  # an empty search clears it


def test_overdue_requests_come_first_and_are_marked(app, staff):
    client = app.test_client()
    submit(client, SELF_REFERRAL, valid_self_referral(full_name="Recent Person", preferred_name=""))
    submit(client, BUDDY, valid_buddy(full_name="Late Person"))
    with app.app_context():
        late = db.session.scalar(select(Referral).where(Referral.full_name == "Late Person"))
        late.respond_by = date.today() - timedelta(days=1)
        commit()
    sign_in(client, "link_worker@example.org")
    html = client.get("/staff/referrals/").get_data(as_text=True)
    assert html.index("Late Person") < html.index("Recent Person")
    assert "Overdue: <strong>1</strong>" in html
    assert "Recent Person" not in client.get("/staff/referrals/?overdue=1&status=").get_data(
        as_text=True
    )


def test_triage_workflow_is_recorded_and_audited(app, staff, referral_id):
    client = app.test_client()
    sign_in(client, "link_worker@example.org")
    token = csrf_token(client, "/staff/")
    base = f"/staff/referrals/{referral_id}"
    client.post(f"{base}/assign", data={"csrf_token": token, "assignee": str(staff["link_worker"])})
    client.post(f"{base}/status", data={"csrf_token": token, "status": "contacted"})
    client.post(f"{base}/note", data={"csrf_token": token, "note": "Called, left a message."})
    # A date relative to today: the follow-up date may not be in the past.
    follow_up_on = date.today() + timedelta(days=14)
    client.post(
        f"{base}/follow-up",
        data={"csrf_token": token, "follow_up_on": follow_up_on.isoformat()},
    )
    client.post(f"{base}/status", data={"csrf_token": token, "status": "in_progress"})
    # Closing needs an outcome.
    html = client.post(
        f"{base}/status", data={"csrf_token": token, "status": "closed"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Enter the outcome, or the reason for declining" in html
    # A jump the workflow does not allow is refused.
    html = client.post(
        f"{base}/status", data={"csrf_token": token, "status": "new"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "That change of status is not possible" in html
    client.post(
        f"{base}/status",
        data={"csrf_token": token, "status": "closed", "outcome": "Joined the walking group"},
    )
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert referral.status == "closed" and referral.outcome == "Joined the walking group"
        assert referral.assigned_to_id == staff["link_worker"]
        assert referral.follow_up_on == follow_up_on
        assert referral.first_contacted_at is not None
        assert [n.text for n in referral.notes] == ["Called, left a message."]
        assert referral.notes[0].author_id == staff["link_worker"]
        history = [(c.from_status, c.to_status, c.changed_by_id) for c in referral.history]
        assert history == [
            ("new", "contacted", staff["link_worker"]),
            ("contacted", "in_progress", staff["link_worker"]),
            ("in_progress", "closed", staff["link_worker"]),
        ]
    html = client.get(base).get_data(as_text=True)
    assert "changed the status from In progress to Closed" in html
    client.get("/staff/referrals/")
    actions = _actions(app)
    for action in (
        "referral.assigned",
        "referral.status_changed",
        "referral.note_added",
        "referral.follow_up_set",
        "referral.viewed",
        "inbox.listed",
    ):
        assert action in actions, action
    with app.app_context():
        viewed = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "referral.viewed"))
        assert viewed.actor_id == staff["link_worker"] and viewed.subject_id == referral_id
        # The audit log names records; it never copies what the person wrote.
        for event in db.session.scalars(select(AuditEvent)):
            assert "Ann" not in str(event.detail) and "07700" not in str(event.detail)


def test_buddy_match_is_recorded(app, staff, client):
    submit(client, BUDDY, valid_buddy())
    with app.app_context():
        buddy_id = db.session.scalar(select(Referral.id))
    sign_in(client, "link_worker@example.org")
    token = csrf_token(client, "/staff/")
    client.post(
        f"/staff/referrals/{buddy_id}/buddy",
        data={
            "csrf_token": token,
            "volunteer_name": "Vic Volunteer",
            "volunteer_contact": "07700 900555",
            "session_on": "2026-12-03",
            "attended": "yes",
        },
    )
    with app.app_context():
        referral = db.session.get(Referral, buddy_id)
        assert referral.volunteer_name == "Vic Volunteer" and referral.buddy_session_on == date(
            2026, 12, 3
        )
        assert referral.attended_first_session is True


def test_possible_duplicates_are_flagged_and_mergeable(app, staff):
    client = app.test_client()
    submit(client, SELF_REFERRAL, valid_self_referral(email="first@example.com"))
    submit(client, BUDDY, valid_buddy(phone="07700 900982"))  # same phone as the self-referral
    submit(
        client,
        SELF_REFERRAL,
        valid_self_referral(
            phone="0121 496 0000",
            email="other@example.com",
            full_name="Someone Else",
            dob_year="1970",
        ),
    )
    with app.app_context():
        first, second, unrelated = db.session.scalars(select(Referral).order_by(Referral.id)).all()
        first_id, second_id, unrelated_id = first.id, second.id, unrelated.id
    sign_in(client, "link_worker@example.org")
    html = client.get(f"/staff/referrals/{first_id}").get_data(as_text=True)
    assert (
        "Possible duplicates" in html
        and second.reference in html
        and unrelated.reference not in html
    )
    token = csrf_token(client, "/staff/")
    client.post(
        f"/staff/referrals/{first_id}/merge",
        data={"csrf_token": token, "duplicate": str(unrelated_id)},
    )
    client.post(
        f"/staff/referrals/{first_id}/merge",
        data={"csrf_token": token, "duplicate": str(second_id)},
    )
    with app.app_context():
        kept, merged, other = (
            db.session.get(Referral, i) for i in (first_id, second_id, unrelated_id)
        )
        assert merged.merged_into_id == first_id and merged.status == "closed"
        assert other.merged_into_id is None
        assert any(second.reference in note.text for note in kept.notes)
    assert "referral.merged" in _actions(app)


def test_dashboard_and_csv_have_figures_but_no_personal_data(app, staff):
    client = app.test_client()
    submit(client, SELF_REFERRAL, valid_self_referral())
    submit(client, BUDDY, valid_buddy())
    sign_in(client, "admin@example.org")
    html = client.get("/staff/referrals/dashboard").get_data(as_text=True)
    assert "<svg" in html and "New this week" in html and "Feeling lonely or isolated" in html
    csv_text = client.get("/staff/referrals/dashboard.csv").get_data(as_text=True)
    # A byte-order mark first, so Excel reads UTF-8 ("£" and "–" intact).
    assert csv_text.splitlines()[0] == "\ufeffmeasure,group,value"
    # Every count in the file is under the reports' small-number rule: 1 to 4 is "<5".
    assert (
        "new_this_week,,<5" in csv_text
        and "by_reason,loneliness,<5" in csv_text
        and "by_reason,housing," not in csv_text
        and "by_area,Hackney,<5" in csv_text
        and "overdue,,0" in csv_text
    )
    assert "Feeling lonely or isolated: \u2068fewer than 5\u2069" in html
    for private in ("Ann", "Bob", "07700", "example.com", "E8 1AG"):
        assert private not in csv_text
    assert "dashboard.exported" in _actions(app)


def test_an_overdue_request_comes_first_even_when_it_is_the_oldest(app, staff):
    """Newest-first alone would put the late request last: only the overdue rule lifts it."""
    client = app.test_client()
    submit(client, BUDDY, valid_buddy(full_name="Late Person"))
    submit(client, SELF_REFERRAL, valid_self_referral(full_name="Recent Person", preferred_name=""))
    with app.app_context():
        late = db.session.scalar(select(Referral).where(Referral.full_name == "Late Person"))
        late.respond_by = date.today() - timedelta(days=1)
        commit()
    sign_in(client, "link_worker@example.org")
    html = client.get("/staff/referrals/").get_data(as_text=True)
    assert html.index("Late Person") < html.index("Recent Person")
