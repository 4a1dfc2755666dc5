"""Contact attempts: call 1, 2, 3, then write; voicemail and texts only where the person said
so; an answered attempt moves a new case on; the audit keeps only the method and outcome."""

import pytest

from directory_app.core.extensions import db
from directory_app.inbox import attempts
from directory_app.models import Referral, StaffUser
from tests.casework.caseload_helpers import add_case, audit_details, case, visible_text
from tests.staff import csrf_token, sign_in

INBOX = "/staff/referrals/"


def _client(app):
    client = app.test_client()
    sign_in(client, "link_worker@example.org")
    return client


def _log(client, referral_id, method, outcome, note=""):
    token = csrf_token(client, f"{INBOX}{referral_id}")
    return client.post(
        f"{INBOX}{referral_id}/attempts",
        data={"csrf_token": token, "method": method, "outcome": outcome, "note": note},
        follow_redirects=True,
    ).get_data(as_text=True)


def _record(app, referral_id, staff_id, method, outcome):
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        actor = db.session.get(StaffUser, staff_id)
        attempts.record_attempt(referral, method, outcome, "", actor)
        db.session.flush()
        return referral.status, len(referral.attempts)


def test_attempts_are_numbered_with_outcome_time_and_who(app, staff):
    referral_id = add_case(app, may_leave_message=True)
    client = _client(app)
    _log(client, referral_id, "phone", "no_answer")
    _log(client, referral_id, "phone", "voicemail")
    html = visible_text(_log(client, referral_id, "letter", "sent"))
    assert "Call 1 — no answer," in html and "Call 2 — voicemail left," in html
    assert "Letter 1 — sent," in html and "by Link_Worker Person" in html
    assert [a.method for a in case(app, referral_id).attempts] == ["phone", "phone", "letter"]


def test_a_voicemail_is_refused_unless_the_person_said_it_is_safe(app, staff):
    referral_id = add_case(app, may_leave_message=False)
    html = _log(_client(app), referral_id, "phone", "voicemail")
    assert "They did not say a voicemail is safe: do not leave one" in html
    assert case(app, referral_id).attempts == []


def test_a_text_is_refused_unless_they_agreed_to_texts(app, staff):
    no_texts = add_case(app, may_text=False)
    texts = add_case(app, may_text=True)
    client = _client(app)
    assert "They did not agree to texts" in _log(client, no_texts, "text", "sent")
    assert case(app, no_texts).attempts == []
    _log(client, texts, "text", "sent")
    assert [a.method for a in case(app, texts).attempts] == ["text"]


def test_outcomes_must_fit_the_method(app, staff):
    referral_id = add_case(app, may_leave_message=True)
    for method, outcome in (("letter", "answered"), ("email", "voicemail"), ("fax", "sent")):
        with pytest.raises(attempts.UnknownChoice):
            _record(app, referral_id, staff["link_worker"], method, outcome)
    assert "Choose how you tried to reach them" in _log(
        _client(app), referral_id, "letter", "no_answer"
    )


def test_after_three_unanswered_calls_the_case_and_list_say_to_write(app, staff):
    referral_id = add_case(app, "Ann Example", may_leave_message=True)
    client = _client(app)
    _log(client, referral_id, "phone", "no_answer")
    html = _log(client, referral_id, "phone", "voicemail")
    assert "calls with no answer" not in html
    html = _log(client, referral_id, "phone", "no_answer")
    assert "3 calls with no answer: write to them" in html
    assert "3 calls with no answer: write to them" in client.get(INBOX).get_data(as_text=True)


def test_the_number_of_calls_before_writing_is_configurable(app, staff):
    app.config["CONTACT_ATTEMPTS_BEFORE_WRITING"] = 1
    referral_id = add_case(app)
    html = _log(_client(app), referral_id, "phone", "no_answer")
    assert "1 call with no answer: write to them" in html


def test_an_answer_resets_the_count(app, staff):
    referral_id = add_case(app)
    for outcome in ("no_answer", "no_answer", "answered", "no_answer", "no_answer"):
        _record(app, referral_id, staff["link_worker"], "phone", outcome)
    with app.app_context():
        assert attempts.unanswered_calls(db.session.get(Referral, referral_id)) == 0
    # _record flushes without committing: count on the stored case instead.
    stored = add_case(app)
    client = _client(app)
    for outcome in ("no_answer", "no_answer", "answered", "no_answer", "no_answer"):
        _log(client, stored, "phone", outcome)
    with app.app_context():
        referral = db.session.get(Referral, stored)
        assert attempts.unanswered_calls(referral) == 2 and attempts.time_to_write(referral) == 0


def test_an_answered_call_moves_a_new_case_to_contacted_with_history(app, staff):
    referral_id = add_case(app)
    _log(_client(app), referral_id, "phone", "answered")
    referral = case(app, referral_id)
    assert referral.status == "contacted" and referral.first_contacted_at is not None
    assert [(h.from_status, h.to_status) for h in referral.history] == [("new", "contacted")]
    # A case already further on stays where it is.
    later = add_case(app, status="in_progress")
    _log(_client(app), later, "phone", "answered")
    assert case(app, later).status == "in_progress"


def test_attempts_are_audited_with_method_and_outcome_only(app, staff):
    referral_id = add_case(app)
    _log(_client(app), referral_id, "phone", "wrong_number", note="Spoke to Mr Jones next door")
    assert audit_details(app, "referral.contact_attempted") == [
        {"method": "phone", "outcome": "wrong_number"}
    ]
    assert case(app, referral_id).attempts[0].note == "Spoke to Mr Jones next door"


def test_providers_cannot_log_attempts(app, staff):
    referral_id = add_case(app)
    client = app.test_client()
    sign_in(client, "provider@example.org")
    token = csrf_token(client, "/staff/")
    response = client.post(
        f"{INBOX}{referral_id}/attempts",
        data={"csrf_token": token, "method": "phone", "outcome": "answered"},
    )
    assert response.status_code == 403 and case(app, referral_id).attempts == []
