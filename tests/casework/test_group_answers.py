"""The group's side of an onward referral: only its own, answered in order, and who is told."""

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.models import AuditEvent, EmailOutboxMessage, OnwardReferral, Referral
from tests.casework.onward_helpers import (
    group_post,
    keeper,
    listed_activity,
    onward_id,
    refer,
    setting,
    today,
    translated_activity,
)
from tests.referrals.helpers import errors
from tests.staff import csrf_token


def _emails_since(app, before: int) -> list[EmailOutboxMessage]:
    with app.app_context():
        found = list(
            db.session.scalars(
                select(EmailOutboxMessage)
                .where(EmailOutboxMessage.id > before)
                .order_by(EmailOutboxMessage.id)
            )
        )
        for message in found:
            db.session.expunge(message)
        return found


def _last_email_id(app) -> int:
    with app.app_context():
        return (
            db.session.scalar(select(EmailOutboxMessage.id).order_by(EmailOutboxMessage.id.desc()))
            or 0
        )


def _notes(app, referral_id) -> list[str]:
    with app.app_context():
        return [note.text for note in db.session.get(Referral, referral_id).notes]


def _status(app, oid) -> str:
    with app.app_context():
        return db.session.get(OnwardReferral, oid).status


def test_a_decline_with_its_reason_tells_the_link_worker_and_the_resident_in_polish(app, staff):
    activity, polish_title = translated_activity(app, "pl")
    s = setting(app, activity=activity, preferred_contact="email", language="pl")
    refer(s)
    oid = onward_id(app, s.referral_id)
    before = _last_email_id(app)
    group_post(s, oid, "decline", reason="full")
    assert _status(app, oid) == "declined"
    sent = {message.to_address: message for message in _emails_since(app, before)}
    assert set(sent) == {"link_worker@example.org", "ann@example.com"}
    to_worker = sent["link_worker@example.org"]
    assert "The group is full" in to_worker.body
    assert f"/staff/referrals/{s.referral_id}" in to_worker.body
    to_resident = sent["ann@example.com"]
    assert polish_title.split(" – ")[0] in to_resident.subject
    assert f"/pl/activities/{s.activity_id}" in to_resident.body
    assert any(
        "declined the referral" in note and "full" in note for note in _notes(app, s.referral_id)
    )


def test_an_accept_tells_the_resident_when_and_where_and_the_groups_contact(app, staff):
    # The resident asked in English; the helpers' default answers are in Polish.
    s = setting(app, preferred_contact="email", language="en")
    refer(s)
    oid = onward_id(app, s.referral_id)
    before = _last_email_id(app)
    group_post(s, oid, "accept")
    sent = {message.to_address: message for message in _emails_since(app, before)}
    body = sent["ann@example.com"].body
    assert "has accepted your referral" in body
    assert "When: Every" in body or "When: " in body
    with app.app_context():
        from directory_app.models import Activity

        activity = db.session.get(Activity, s.activity_id)
        assert activity.venue.postcode in body


def test_a_resident_who_chose_the_phone_is_told_by_the_link_worker(app, staff):
    s = setting(app)  # preferred_contact is phone
    refer(s)
    oid = onward_id(app, s.referral_id)
    before = _last_email_id(app)
    group_post(s, oid, "accept")
    assert [m.to_address for m in _emails_since(app, before)] == ["link_worker@example.org"]
    assert any(note.startswith("Tell them by phone:") for note in _notes(app, s.referral_id))


def test_declining_for_another_reason_needs_a_note(app, staff):
    s = setting(app)
    refer(s)
    oid = onward_id(app, s.referral_id)
    response = group_post(s, oid, "decline", reason="other", note="")
    assert "Say what the reason is" in errors(response.get_data(as_text=True))
    assert _status(app, oid) == "sent"
    group_post(s, oid, "decline", reason="other", note="We only run in term time")
    assert _status(app, oid) == "declined"
    assert any("term time" in note for note in _notes(app, s.referral_id))


def test_steps_that_go_back_or_skip_are_refused(app, staff):
    s = setting(app)
    refer(s)
    oid = onward_id(app, s.referral_id)
    skipped = group_post(s, oid, "first-contact", on_date=today(app).isoformat())
    page = s.group.get(skipped.headers["Location"]).get_data(as_text=True)
    assert "Record the steps in order" in page
    assert _status(app, oid) == "sent"
    group_post(s, oid, "accept")
    again = group_post(s, oid, "decline", reason="full")
    assert "cannot go back a step" in s.group.get(again.headers["Location"]).get_data(as_text=True)
    assert _status(app, oid) == "accepted"


def test_emails_to_the_group_and_link_workers_hold_no_personal_details(app, staff):
    s = setting(app)
    before = _last_email_id(app)
    refer(s)
    oid = onward_id(app, s.referral_id)
    group_post(s, oid, "accept")
    group_post(s, oid, "first-contact", on_date=today(app).isoformat())
    sent = _emails_since(app, before)
    assert {m.to_address for m in sent} == {"keeper@example.org", "link_worker@example.org"}
    assert len(sent) == 3
    for message in sent:
        for personal in (
            "Annie",
            "Ann Example",
            "07700",
            "ann@example.com",
            "E8 1AG",
            "meet people",
        ):
            assert personal not in message.subject + message.body, personal


def test_a_provider_of_another_group_gets_404_everywhere(app, staff):
    s = setting(app)
    refer(s)
    oid = onward_id(app, s.referral_id)
    other = listed_activity(app, other_than=s.organisation_id)
    stranger = keeper(app, "stranger@example.org", other.organisation_id)
    token = csrf_token(stranger, "/staff/my-groups")
    base = f"/staff/my-groups/referrals/{oid}"
    assert stranger.get(base).status_code == 404
    for action in ("accept", "decline", "first-contact", "first-session", "six-weeks"):
        response = stranger.post(
            f"{base}/{action}",
            data={"csrf_token": token, "reason": "full", "on_date": today(app).isoformat()},
        )
        assert response.status_code == 404, action
    listing = stranger.get("/staff/my-groups/referrals/").get_data(as_text=True)
    assert s.activity_title not in listing
    # Providers never reach the link workers' side of it either.
    for path in (
        f"/staff/referrals/{s.referral_id}/onward/new",
        f"/staff/referrals/{s.referral_id}/onward/{oid}/check",
    ):
        own_token = csrf_token(s.group, "/staff/my-groups")
        assert s.group.post(path, data={"csrf_token": own_token}).status_code == 403
    assert _status(app, oid) == "sent"


def test_the_groups_list_puts_waiting_first_and_your_groups_counts_them(app, staff):
    s = setting(app)
    refer(s)
    page = s.group.get("/staff/my-groups").get_data(as_text=True)
    assert "1 waiting for your answer" in page
    assert "/staff/my-groups/referrals/" in page
    group_post(s, onward_id(app, s.referral_id), "accept")
    assert "waiting for your answer" not in s.group.get("/staff/my-groups").get_data(as_text=True)


def test_every_view_by_the_group_is_audited_as_the_provider(app, staff):
    s = setting(app)
    refer(s)
    oid = onward_id(app, s.referral_id)
    s.group.get("/staff/my-groups/referrals/")
    s.group.get(f"/staff/my-groups/referrals/{oid}")
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.in_(("onward.listed", "onward.viewed")))
        ).all()
        assert {event.action for event in events} == {"onward.listed", "onward.viewed"}
        assert all(event.actor.email == "keeper@example.org" for event in events)
        assert all("Ann" not in str(event.detail) for event in events)
