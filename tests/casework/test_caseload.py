"""The caseload: overdue and due rules, "My cases" and "Due today", markers, filters, sorting
and paging in SQL, and follow-ups that cannot be in the past (the pages' search, names,
header and assignment email are in ``test_caseload_pages``)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.inbox import queries, triage
from directory_app.models import Referral, StaffUser
from tests.casework.caseload_helpers import (
    INBOX,
    add_case,
    assign,
    case,
    names_in_order,
    signed_in,
    today,
)
from tests.outbox import latest_email
from tests.staff import csrf_token, sign_in


def _overdue_and_due(app, referral_id):
    with app.app_context():
        day = today(app)
        referral = db.session.get(Referral, referral_id)
        in_sql = db.session.execute(
            select(Referral.overdue_on(day), Referral.due_on(day)).where(Referral.id == referral_id)
        ).one()
        in_python = (referral.overdue_on(day), referral.due_on(day))
        assert tuple(bool(v) for v in in_sql) == in_python  # one rule, two forms
        return in_python


def test_overdue_covers_every_open_state_with_a_follow_up(app, staff):
    day = today(app)
    yesterday, tomorrow = day - timedelta(days=1), day + timedelta(days=1)
    assert _overdue_and_due(app, add_case(app, respond_by=yesterday)) == (True, False)
    for status in ("contacted", "in_progress", "buddy_matched", "referred_on", "attended"):
        late = add_case(app, status=status, respond_by=yesterday, follow_up_on=yesterday)
        assert _overdue_and_due(app, late) == (True, False), status
        # Past respond-by alone no longer matters once they have been contacted.
        fine = add_case(app, status=status, respond_by=yesterday, follow_up_on=tomorrow)
        assert _overdue_and_due(app, fine) == (False, False), status
    for status in ("closed", "declined"):
        done = add_case(app, status=status, respond_by=yesterday, follow_up_on=yesterday)
        assert _overdue_and_due(app, done) == (False, False), status


def test_due_today_is_the_reply_while_new_or_the_follow_up_while_open(app, staff):
    day = today(app)
    assert _overdue_and_due(app, add_case(app, respond_by=day)) == (False, True)
    follow = add_case(
        app, status="in_progress", respond_by=day - timedelta(days=9), follow_up_on=day
    )
    assert _overdue_and_due(app, follow) == (False, True)
    assert _overdue_and_due(app, add_case(app, status="closed", follow_up_on=day)) == (False, False)


def test_follow_ups_cannot_be_in_the_past_but_can_be_cleared(app, staff):
    referral_id = add_case(app)
    day = today(app)
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        actor = db.session.get(StaffUser, staff["link_worker"])
        with pytest.raises(triage.FollowUpInPast):
            triage.set_follow_up(referral, day - timedelta(days=1), actor, today=day)
        assert referral.follow_up_on is None
        triage.set_follow_up(referral, day, actor, today=day)
        assert referral.follow_up_on == day
        triage.set_follow_up(referral, None, actor, today=day)
        assert referral.follow_up_on is None


def test_a_past_follow_up_is_refused_on_the_case_page_with_a_clear_message(app, staff):
    referral_id = add_case(app)
    client = signed_in(app)
    url = f"{INBOX}{referral_id}/follow-up"
    token = csrf_token(client, f"{INBOX}{referral_id}")
    yesterday = (today(app) - timedelta(days=1)).isoformat()
    page = client.post(
        url, data={"csrf_token": token, "follow_up_on": yesterday}, follow_redirects=True
    )
    assert "The follow-up date must be today or later" in page.get_data(as_text=True)
    assert case(app, referral_id).follow_up_on is None
    tomorrow = today(app) + timedelta(days=1)
    client.post(url, data={"csrf_token": token, "follow_up_on": tomorrow.isoformat()})
    assert case(app, referral_id).follow_up_on == tomorrow
    client.post(url, data={"csrf_token": token, "follow_up_on": ""})
    assert case(app, referral_id).follow_up_on is None


def test_my_cases_shows_my_open_cases_with_a_count(app, staff):
    mine = staff["link_worker"]
    add_case(app, "Mine Open", assigned_to_id=mine, status="contacted")
    add_case(app, "Mine Closed", assigned_to_id=mine, status="closed", outcome="Settled")
    add_case(app, "Someone Else", assigned_to_id=staff["admin"])
    add_case(app, "Nobody Yet")
    client = signed_in(app)
    html = client.get(INBOX + "?view=mine").get_data(as_text=True)
    assert "<h1>My cases</h1>" in html and "1 request" in html
    assert "Mine Open" in html
    assert not {"Mine Closed", "Someone Else", "Nobody Yet"} & set(
        names_in_order(html, ["Mine Closed", "Someone Else", "Nobody Yet"])
    )
    assert "My cases: <strong>1</strong>" in client.get(INBOX).get_data(as_text=True)


def test_due_today_lists_todays_deadlines_with_a_count(app, staff):
    day = today(app)
    add_case(app, "Reply Today", respond_by=day)
    add_case(app, "Call Back Today", status="contacted", follow_up_on=day)
    add_case(app, "Already Late", respond_by=day - timedelta(days=2))
    add_case(app, "Next Week", respond_by=day + timedelta(days=7))
    client = signed_in(app)
    html = client.get(INBOX + "?view=due").get_data(as_text=True)
    assert "2 requests" in html and "Due today: <strong>2</strong>" in html
    assert "Reply Today" in html and "Call Back Today" in html
    assert "Already Late" not in html and "Next Week" not in html


def test_markers_say_what_is_due_and_since_when_it_is_overdue(app, staff):
    day = today(app)
    late_since = day - timedelta(days=3)
    late = add_case(app, "Late Case", status="in_progress", follow_up_on=late_since)
    add_case(app, "Due Case", status="contacted", follow_up_on=day)
    client = signed_in(app)
    from babel.dates import format_date

    since = format_date(late_since, "long", locale="en_GB")
    html = client.get(INBOX).get_data(as_text=True)
    assert f"Overdue since {since}" in html and "Follow up due today" in html
    page = client.get(f"{INBOX}{late}").get_data(as_text=True)
    assert f"Overdue since {since}" in page


def test_filters_by_source_reason_and_deadline_in_sql(app, staff):
    day = today(app)
    add_case(app, "Phoned In", source="phone", reasons=["anxiety"])
    add_case(app, "From A GP", source="professional", reasons=["mental-health", "loneliness"])
    # A code inside another code's text must not match: the filter looks for it quoted.
    add_case(
        app,
        "Near Miss",
        source="self",
        reasons=["anxiety-extra"],
        respond_by=day - timedelta(days=1),
    )
    client = signed_in(app)
    html = client.get(INBOX + "?source=phone").get_data(as_text=True)
    assert "Phoned In" in html and "From A GP" not in html
    html = client.get(INBOX + "?reason=anxiety").get_data(as_text=True)
    assert "Phoned In" in html and "Near Miss" not in html and "1 request" in html
    html = client.get(INBOX + "?reason=loneliness&source=professional").get_data(as_text=True)
    assert "From A GP" in html and "1 request" in html
    html = client.get(INBOX + "?deadline=overdue&status=").get_data(as_text=True)
    assert "Near Miss" in html and "Phoned In" not in html


def test_sorting_most_urgent_first_by_default_and_by_choice(app, staff):
    day = today(app)
    ids = {
        "Plain Open": add_case(
            app, "Plain Open", status="contacted", follow_up_on=day + timedelta(days=5)
        ),
        "Fresh New": add_case(app, "Fresh New", respond_by=day + timedelta(days=4)),
        "Due Now": add_case(app, "Due Now", status="in_progress", follow_up_on=day),
        "Very Late": add_case(app, "Very Late", respond_by=day - timedelta(days=5)),
        "Bit Late": add_case(
            app, "Bit Late", status="contacted", follow_up_on=day - timedelta(days=1)
        ),
    }
    names = list(ids)
    client = signed_in(app)
    html = client.get(INBOX).get_data(as_text=True)
    assert names_in_order(html, names) == [
        "Very Late",
        "Bit Late",
        "Due Now",
        "Fresh New",
        "Plain Open",
    ]
    newest = names_in_order(client.get(INBOX + "?sort=newest").get_data(as_text=True), names)
    assert newest == list(reversed(names))
    assert names_in_order(client.get(INBOX + "?sort=oldest").get_data(as_text=True), names) == names
    by_follow_up = names_in_order(
        client.get(INBOX + "?sort=follow_up").get_data(as_text=True), names
    )
    assert by_follow_up[:3] == ["Bit Late", "Due Now", "Plain Open"]


def test_paging_happens_in_the_database(app, staff):
    for number in range(queries.PAGE_SIZE + 5):
        add_case(app, f"Person {number:02d}", reasons=["housing"])
    with app.app_context():
        filters = queries.InboxFilters.from_args({"reason": "housing", "sort": "oldest"})
        first = queries.find_requests(filters, staff["link_worker"], today(app))
        filters.after = first.next_after
        second = queries.find_requests(filters, staff["link_worker"], today(app))
        assert first.total == second.total == queries.PAGE_SIZE + 5
        assert len(first.requests) == queries.PAGE_SIZE and len(second.requests) == 5
        assert second.requests[-1].full_name == f"Person {queries.PAGE_SIZE + 4:02d}"
        assert second.next_after is None and second.previous_before == second.requests[0].id
        assert first.previous_before is None


def test_a_caseload_day_on_sqlite_and_postgresql(db_app):
    """One case through the caseload on both databases: the JSON reason filter, the SQL
    ordering and the overdue/due rules are where the two could differ."""
    from directory_app.accounts.service import create_user
    from tests.staff import PASSWORD

    app = db_app
    with app.app_context():
        worker = create_user("link_worker@example.org", "Lee Worker", "link_worker", PASSWORD).id
        create_user("admin@example.org", "Ada Admin", "admin", PASSWORD)
        commit()
    day = today(app)
    referral_id = add_case(app, "Ann Example", preferred_name="Annie", reasons=["anxiety"])
    add_case(app, "Near Miss", reasons=["anxiety-extra"], respond_by=day - timedelta(days=1))
    client = app.test_client()
    sign_in(client, "admin@example.org")
    assign(client, referral_id, str(worker))
    message = latest_email(app)  # the admin gave it to Lee
    assert message.to_address == "link_worker@example.org" and "Ann" not in message.body
    client = signed_in(app)
    html = client.get(INBOX + "?reason=anxiety").get_data(as_text=True)
    assert "Annie (Ann Example)" in html and "Near Miss" not in html
    # Urgent first: the overdue case comes before mine.
    assert names_in_order(client.get(INBOX).get_data(as_text=True), ["Near Miss", "Annie"]) == [
        "Near Miss",
        "Annie",
    ]
    token = csrf_token(client, f"{INBOX}{referral_id}")
    for _ in range(3):
        client.post(
            f"{INBOX}{referral_id}/attempts",
            data={"csrf_token": token, "method": "phone", "outcome": "no_answer"},
        )
    mine = client.get(INBOX + "?view=mine").get_data(as_text=True)
    assert "My cases: <strong>1</strong>" in mine and "3 calls with no answer" in mine
    client.post(
        f"{INBOX}{referral_id}/attempts",
        data={"csrf_token": token, "method": "phone", "outcome": "answered"},
    )
    client.post(
        f"{INBOX}{referral_id}/follow-up",
        data={"csrf_token": token, "follow_up_on": day.isoformat()},
    )
    due = client.get(INBOX + "?view=due").get_data(as_text=True)
    assert "Annie (Ann Example)" in due and "Follow up due today" in due
    assert "3 calls with no answer" not in due
    referral = case(app, referral_id)
    assert referral.status == "contacted" and referral.assigned_to_id == worker
