"""Buddy requests: suggesting volunteers, matching, the first session, and what each moves."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from directory_app.buddies import matching, sharing, suggestions
from directory_app.core.extensions import db
from directory_app.inbox import triage
from directory_app.models import AuditEvent, Buddy, EmailOutboxMessage, Referral
from tests.casework.buddy_helpers import add_buddy, add_link_worker, buddy_request
from tests.outbox import latest_email
from tests.staff import csrf_token, sign_in

AREA = "Barking and Dagenham"


def _case(referral_id: int) -> str:
    return f"/staff/referrals/{referral_id}"


def _post(client, referral_id: int, action: str, **data):
    token = csrf_token(client, "/staff/")
    return client.post(f"{_case(referral_id)}/buddy{action}", data={"csrf_token": token, **data})


def _flash(client, response) -> str:
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    return html


def _three_volunteers(app) -> dict:
    return {
        "english_here": add_buddy(app, "Eve English", languages=["en"], areas=[AREA]),
        "polish_elsewhere": add_buddy(app, "Piotr Polish", languages=["pl"], areas=["Walsall"]),
        "polish_here": add_buddy(app, "Wanda Nowak", languages=["pl", "en"], areas=[AREA]),
    }


def test_a_polish_speaker_covering_the_area_is_suggested_first(app, staff):
    ids = _three_volunteers(app)
    add_buddy(app, "Una Unchecked", languages=["pl"], areas=[AREA], dbs_checked_on=None)
    add_buddy(app, "Ida Inactive", languages=["pl"], areas=[AREA], active=False)
    with app.app_context():
        person = Referral(kind="buddy", language="pl", area=AREA, interpreter="spoken")
        found = suggestions.suggest(person, date.today())
        assert [s.buddy.id for s in found] == [
            ids["polish_here"],
            ids["polish_elsewhere"],
            ids["english_here"],
        ]
        assert found[0].reasons() == ["Speaks Polish", f"Covers {AREA}", "No current matches"]


def test_among_equals_the_volunteer_with_fewest_current_matches_comes_first(app, staff, client):
    busy = add_buddy(app, "Anna Busy", languages=["pl"], areas=[AREA])
    free = add_buddy(app, "Zofia Free", languages=["pl"], areas=[AREA])
    matched = buddy_request(app, client, language="pl", area=AREA)
    with app.app_context():
        referral = db.session.get(Referral, matched)
        matching.match_buddy(
            referral, db.session.get(Buddy, busy), _link_worker(staff), date.today()
        )
        person = Referral(kind="buddy", language="pl", area=AREA)
        found = suggestions.suggest(person, date.today())
        assert [s.buddy.id for s in found] == [free, busy]
        assert found[1].reasons()[-1] == "1 current match"
        db.session.rollback()


def _link_worker(staff):
    from directory_app.models import StaffUser

    return db.session.get(StaffUser, staff["link_worker"])


def test_a_bsl_interpreter_need_suggests_a_signer_and_the_venue_borough_counts(app, staff):
    signer = add_buddy(app, "Sam Signer", languages=["bfi"], areas=[])
    local = add_buddy(app, "Lou Local", languages=["en"], areas=["Hackney"])
    with app.app_context():
        deaf_person = Referral(kind="buddy", language="en", interpreter="bsl")
        assert suggestions.suggest(deaf_person, date.today())[0].buddy.id == signer
        from directory_app.models import Activity, Venue

        activity = db.session.scalar(
            select(Activity).join(Venue).where(Venue.borough == "Hackney").limit(1)
        )
        going_to_hackney = Referral(kind="buddy", language="ro", activity=activity)
        found = suggestions.suggest(going_to_hackney, date.today())
        assert found[0].buddy.id == local and found[0].area == "Hackney"
        db.session.rollback()


def test_status_paths_follow_the_triage_rules():
    assert triage.status_path("new", "buddy_matched") == ["contacted", "buddy_matched"]
    assert triage.status_path("in_progress", "buddy_matched") == ["buddy_matched"]
    assert triage.status_path("attended", "buddy_matched") == ["in_progress", "buddy_matched"]
    assert triage.status_path("new", "attended") == ["in_progress", "attended"]
    assert triage.status_path("buddy_matched", "buddy_matched") == []


def test_match_first_session_and_attended_move_the_status_and_history(db_app):
    app, client = db_app, db_app.test_client()
    add_link_worker(app)
    polish = add_buddy(app, "Wanda Nowak", languages=["pl"], areas=[AREA])
    add_buddy(app, "Eve English", languages=["en"], areas=["Walsall"])
    late = date.today() - timedelta(days=10)
    referral_id = buddy_request(app, client, language="pl", area=AREA, respond_by=late)
    sign_in(client, "link_worker@example.org")
    html = client.get(_case(referral_id)).get_data(as_text=True)
    assert f"Speaks Polish · Covers {AREA}" in html
    assert html.index("Wanda Nowak") < html.index("Eve English")

    response = _post(client, referral_id, "/match", buddy=str(polish))
    assert "Volunteer matched" in _flash(client, response)
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert referral.status == "buddy_matched" and referral.buddy_id == polish
        assert referral.volunteer_name == "Wanda Nowak" and referral.first_contacted_at
        steps = [(c.from_status, c.to_status) for c in referral.history]
        assert steps == [("new", "contacted"), ("contacted", "buddy_matched")]
        assert not referral.overdue_on(date.today())
        assert (
            db.session.scalar(
                select(Referral.id).where(
                    Referral.id == referral_id, Referral.overdue_on(date.today())
                )
            )
            is None
        )
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "referral.buddy_matched")
        )
        assert event.detail == {"buddy_id": polish}

    session_on = date.today() - timedelta(days=1)
    _post(client, referral_id, "/session", session_on=session_on.isoformat(), attended="yes")
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert referral.status == "attended" and referral.buddy_session_on == session_on
        assert referral.attended_first_session is True
        assert [c.to_status for c in referral.history][-1] == "attended"
        assert not referral.overdue_on(date.today() + timedelta(days=30))
    html = client.get(_case(referral_id)).get_data(as_text=True)
    assert "Attended first session" in html and "Overdue" not in html


def test_did_not_attend_keeps_the_match_with_a_note_and_a_follow_up(app, staff, client):
    buddy_id = add_buddy(app, "Wanda Nowak")
    referral_id = buddy_request(app, client)
    sign_in(client, "link_worker@example.org")
    _post(client, referral_id, "/match", buddy=str(buddy_id))
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    _post(client, referral_id, "/session", session_on=yesterday, attended="no", note="Bus late")
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert referral.status == "buddy_matched" and referral.attended_first_session is False
        assert referral.follow_up_on == date.today() + timedelta(days=7)
        assert referral.notes[-1].text == "Did not go to the first session.\nBus late"


def test_attendance_needs_the_session_date_first(app, staff, client):
    buddy_id = add_buddy(app, "Wanda Nowak")
    referral_id = buddy_request(app, client)
    sign_in(client, "link_worker@example.org")
    _post(client, referral_id, "/match", buddy=str(buddy_id))
    response = _post(client, referral_id, "/session", session_on="", attended="yes")
    assert "Enter the date of the first session" in _flash(client, response)
    with app.app_context():
        assert db.session.get(Referral, referral_id).status == "buddy_matched"


def test_unmatching_goes_back_to_in_progress_with_history(app, staff, client):
    buddy_id = add_buddy(app, "Wanda Nowak")
    referral_id = buddy_request(app, client)
    sign_in(client, "link_worker@example.org")
    _post(client, referral_id, "/match", buddy=str(buddy_id))
    assert "Volunteer unmatched" in _flash(client, _post(client, referral_id, "/unmatch"))
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert referral.status == "in_progress" and referral.buddy_id is None
        assert referral.volunteer_name == ""
        assert [c.to_status for c in referral.history] == [
            "contacted",
            "buddy_matched",
            "in_progress",
        ]
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert "referral.buddy_unmatched" in actions


@pytest.mark.parametrize(
    "problem", [{"dbs_checked_on": date(2020, 1, 1)}, {"trained_on": None}, {"active": False}]
)
def test_a_volunteer_whose_checks_are_due_cannot_be_matched(app, staff, client, problem):
    buddy_id = add_buddy(app, "Olga Old", **problem)
    referral_id = buddy_request(app, client)
    sign_in(client, "link_worker@example.org")
    response = _post(client, referral_id, "/match", buddy=str(buddy_id))
    assert "cannot be matched until their checks are done" in _flash(client, response)
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert referral.status == "new" and referral.buddy_id is None and not referral.history


def test_the_volunteer_is_emailed_in_their_language_only_with_consent(app, staff, client):
    buddy_id = add_buddy(app, "Wanda Nowak", languages=["pl"], email="wanda@example.net")
    referral_id = buddy_request(app, client, preferred_name="Bobby")
    sign_in(client, "link_worker@example.org")
    _post(client, referral_id, "/match", buddy=str(buddy_id))
    _post(client, referral_id, "/session", session_on="2026-12-08")
    html = client.get(_case(referral_id)).get_data(as_text=True)
    assert "Email the volunteer their first name, phone and the session" in html
    assert "Email to the volunteer queued" in _flash(client, _post(client, referral_id, "/share"))
    email = latest_email(app)
    assert email.to_address == "wanda@example.net"
    assert "Bobby" in email.body and "07700 900123" in email.body
    assert "grudnia 2026" in email.body  # the session's date written the Polish way
    assert "Example" not in email.body  # the first name only
    with app.app_context():
        assert sharing.buddy_locale(db.session.get(Buddy, buddy_id)) == "pl"
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "referral.shared_with_buddy")
        )
        assert event.detail == {"buddy_id": buddy_id}


def test_without_consent_the_volunteer_gets_no_personal_details(app, staff, client):
    buddy_id = add_buddy(app, "Wanda Nowak")
    referral_id = buddy_request(app, client, consent_share_with_volunteer=False)
    sign_in(client, "link_worker@example.org")
    _post(client, referral_id, "/match", buddy=str(buddy_id))
    html = client.get(_case(referral_id)).get_data(as_text=True)
    assert "the volunteer gets no personal details from us" in html
    assert "Email the volunteer" not in html
    response = _post(client, referral_id, "/share")
    assert "did not agree to share their details" in _flash(client, response)
    with app.app_context():
        assert (
            db.session.scalar(
                select(EmailOutboxMessage).where(
                    EmailOutboxMessage.to_address == "wanda@example.net"
                )
            )
            is None
        )


def test_a_volunteer_named_without_a_record_still_moves_the_request(app, staff, client):
    referral_id = buddy_request(app, client)
    sign_in(client, "link_worker@example.org")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    _post(
        client,
        referral_id,
        "",
        volunteer_name="Vic Volunteer",
        volunteer_contact="07700 900555",
        session_on=yesterday,
        attended="yes",
    )
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert referral.volunteer_name == "Vic Volunteer" and referral.buddy_id is None
        assert [c.to_status for c in referral.history] == [
            "contacted",
            "buddy_matched",
            "attended",
        ]


def test_self_referrals_have_no_buddy_panel(app, staff, client):
    from tests.referrals.helpers import SELF_REFERRAL, submit, valid_self_referral

    submit(client, SELF_REFERRAL, valid_self_referral())
    with app.app_context():
        referral_id = db.session.scalar(select(Referral.id).where(Referral.kind == "self_referral"))
    sign_in(client, "link_worker@example.org")
    html = client.get(_case(referral_id)).get_data(as_text=True)
    assert not re.search(r'id="buddy"', html)
