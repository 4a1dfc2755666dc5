"""Referring a person on to a group's listing from their case, and the two-week check."""

from datetime import timedelta

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.inbox import onward
from directory_app.models import (
    AuditEvent,
    EmailOutboxMessage,
    OnwardReferral,
    Organisation,
    Referral,
    provider_organisation,
)
from tests.casework.onward_helpers import (
    case_post,
    group_post,
    link_worker_account,
    new_case,
    onward_id,
    refer,
    setting,
    today,
)
from tests.referrals.helpers import errors
from tests.staff import csrf_token


def _emails(app) -> list[EmailOutboxMessage]:
    with app.app_context():
        found = list(db.session.scalars(select(EmailOutboxMessage).order_by(EmailOutboxMessage.id)))
        for message in found:
            db.session.expunge(message)
        return found


def _referral(app, referral_id):
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        found = {
            "status": referral.status,
            "history": [(c.from_status, c.to_status) for c in referral.history],
            "follow_up_on": referral.follow_up_on,
            "notes": [n.text for n in referral.notes],
        }
        onward_referral = referral.onward_referrals[0] if referral.onward_referrals else None
        if onward_referral is not None:
            found["onward"] = {
                "status": onward_referral.status,
                "shared": dict(onward_referral.shared),
                "check_due_on": onward_referral.check_due_on,
                "checked": onward_referral.checked_at is not None,
                "first_contact": onward_referral.first_contact_at is not None,
                "attended": onward_referral.attended_first_session,
                "six_weeks": onward_referral.still_attending_at_six_weeks,
            }
        return found


def test_a_case_goes_from_referral_to_settled_at_a_group(db_app):
    """The whole journey, on SQLite and PostgreSQL: refer, the group answers and records
    contact and attendance, the case follows."""
    app = db_app
    link_worker_account(app)
    other_case = new_case(app, app.test_client(), full_name="Zygmunt Otherperson")
    s = setting(app, access_needs="Needs a step-free entrance")
    s.link_worker.post(
        f"/staff/referrals/{s.referral_id}/note",
        data={
            "csrf_token": csrf_token(s.link_worker, f"/staff/referrals/{s.referral_id}"),
            "note": "Private: recently bereaved, talk gently",
        },
    )
    response = refer(s, share=["name", "phone", "reasons"])
    assert response.status_code == 302
    day = today(app)
    case = _referral(app, s.referral_id)
    assert case["status"] == "referred_on"
    assert case["history"] == [("new", "contacted"), ("contacted", "referred_on")]
    assert case["onward"]["status"] == "sent"
    assert case["onward"]["check_due_on"] == day + timedelta(days=14)
    assert case["follow_up_on"] == day + timedelta(days=14)
    assert set(case["onward"]["shared"]) == {"name", "phone", "reasons"}

    oid = onward_id(app, s.referral_id)
    listing = s.group.get("/staff/my-groups/referrals/").get_data(as_text=True)
    assert s.activity_title in listing and "Waiting for the group" in listing
    page = s.group.get(f"/staff/my-groups/referrals/{oid}").get_data(as_text=True)
    assert "Annie" in page and "07700 900982" in page
    for absent in (
        "ann@example.com",  # not ticked
        "step-free",  # not ticked
        "I would like to meet people",  # not ticked
        "Ann Example",  # the full name is not what was shared
        "recently bereaved",  # the case's notes
        "Otherperson",  # another case
    ):
        assert absent not in page, absent
    assert other_case

    refused = group_post(s, oid, "decline", reason="")
    assert "Choose why you cannot take them" in errors(refused.get_data(as_text=True))
    assert _referral(app, s.referral_id)["onward"]["status"] == "sent"

    assert group_post(s, oid, "accept").status_code == 302
    assert _referral(app, s.referral_id)["onward"]["status"] == "accepted"
    assert any(
        f"{s.organisation_name} accepted the referral to {s.activity_title}" in note
        for note in _referral(app, s.referral_id)["notes"]
    )
    case_page = s.link_worker.get(f"/staff/referrals/{s.referral_id}").get_data(as_text=True)
    assert "that the group made contact" in case_page

    group_post(s, oid, "first-contact", on_date=day.isoformat())
    case = _referral(app, s.referral_id)
    assert case["onward"]["status"] == "contacted" and case["onward"]["checked"]
    case_page = s.link_worker.get(f"/staff/referrals/{s.referral_id}").get_data(as_text=True)
    assert "Two-week check done" in case_page

    group_post(s, oid, "first-session", attended="yes", on_date=day.isoformat())
    case = _referral(app, s.referral_id)
    assert case["onward"]["status"] == "attending" and case["onward"]["attended"] is True
    assert case["status"] == "attended"
    assert case["history"][-1] == ("referred_on", "attended")

    group_post(s, oid, "six-weeks", still_going="yes")
    assert _referral(app, s.referral_id)["onward"]["six_weeks"] is True
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {
        "onward.sent",
        "onward.viewed",
        "onward.accepted",
        "onward.first_contact",
        "onward.first_session",
        "onward.six_weeks",
    } <= actions


def test_sending_needs_the_persons_agreement(app, staff):
    s = setting(app)
    response = refer(s, consent=False)
    assert response.status_code == 200
    assert "Confirm that the person agreed to this referral" in errors(
        response.get_data(as_text=True)
    )
    with app.app_context():
        assert db.session.scalar(select(OnwardReferral.id)) is None


def test_shared_is_a_copy_of_only_what_was_ticked(app, staff):
    s = setting(app, interpreter="spoken")
    refer(s, share=["language", "help_wanted"])
    with app.app_context():
        referral = db.session.get(Referral, s.referral_id)
        shared = dict(referral.onward_referrals[0].shared)
        assert shared == {
            "language": "pl",
            "interpreter": "spoken",
            "help_wanted": "I would like to meet people.",
        }
        referral.help_wanted = "Changed later"
        commit()
        assert referral.onward_referrals[0].shared["help_wanted"] == "I would like to meet people."


def test_the_group_is_emailed_in_its_language_without_personal_details(app, staff):
    s = setting(app, keeper_language="pl")
    before = len(_emails(app))
    refer(s, share=["name", "phone", "email"])
    sent = _emails(app)[before:]
    assert [message.to_address for message in sent] == ["keeper@example.org"]
    message = sent[0]
    assert "/pl/staff/my-groups/referrals/" in message.body
    for personal in ("Annie", "Ann Example", "07700", "ann@example.com", "E8"):
        assert personal not in message.body + message.subject, personal


def test_a_group_nobody_keeps_is_named_and_its_contact_offered(app, staff):
    s = setting(app)
    with app.app_context():
        db.session.execute(
            provider_organisation.delete().where(
                provider_organisation.c.organisation_id == s.organisation_id
            )
        )
        commit()
    page = s.link_worker.get(
        f"/staff/referrals/{s.referral_id}/onward/new?activity={s.activity_id}"
    ).get_data(as_text=True)
    assert "Nobody from this group uses the directory" in page
    before = len(_emails(app))
    response = refer(s)
    followed = s.link_worker.get(response.headers["Location"]).get_data(as_text=True)
    assert "does not use the directory yet" in followed
    assert len(_emails(app)) == before
    assert _referral(app, s.referral_id)["onward"]["check_due_on"] is not None


def test_the_case_page_offers_the_activity_they_asked_about_and_a_search(app, staff):
    s = setting(app)
    with app.app_context():
        referral = db.session.get(Referral, s.referral_id)
        referral.activity_id = s.activity_id
        commit()
    page = s.link_worker.get(f"/staff/referrals/{s.referral_id}").get_data(as_text=True)
    assert f"onward/new?activity={s.activity_id}" in page
    assert "They chose phone or text" in page
    form = s.link_worker.get(f"/staff/referrals/{s.referral_id}/onward/new").get_data(as_text=True)
    assert f'name="activity" value="{s.activity_id}"' in form
    words = s.activity_title.lower()
    found = s.link_worker.get(f"/staff/referrals/{s.referral_id}/onward/new?q={words}").get_data(
        as_text=True
    )
    assert f"onward/new?activity={s.activity_id}" in found


def test_a_closed_case_and_a_second_referral_to_the_same_listing_are_refused(app, staff):
    s = setting(app)
    refer(s)
    second = refer(s)
    followed = s.link_worker.get(second.headers["Location"]).get_data(as_text=True)
    assert "already referred to that activity" in followed
    with app.app_context():
        assert len(db.session.scalars(select(OnwardReferral)).all()) == 1
        referral = db.session.get(Referral, s.referral_id)
        referral.status = "closed"
        commit()
        assert not onward.can_refer(referral)
    response = s.link_worker.get(f"/staff/referrals/{s.referral_id}/onward/new")
    assert response.status_code == 302


def test_not_yet_moves_the_check_a_week_on_and_contact_made_ends_it(app, staff):
    s = setting(app)
    refer(s)
    oid = onward_id(app, s.referral_id)
    due = _referral(app, s.referral_id)["onward"]["check_due_on"]
    case_post(s, oid, "check", made="no")
    case = _referral(app, s.referral_id)
    assert case["onward"]["check_due_on"] == due + timedelta(days=7)
    assert case["follow_up_on"] == due + timedelta(days=7)
    assert not case["onward"]["checked"]
    case_post(s, oid, "check", made="yes")
    case = _referral(app, s.referral_id)
    assert case["onward"]["checked"] and case["onward"]["status"] == "contacted"
    again = case_post(s, oid, "check", made="no")
    assert "recorded already" in s.link_worker.get(again.headers["Location"]).get_data(as_text=True)


def test_the_link_worker_records_attendance_and_the_case_follows(app, staff):
    s = setting(app)
    refer(s)
    oid = onward_id(app, s.referral_id)
    case_post(s, oid, "check", made="yes")
    yesterday = (today(app) - timedelta(days=1)).isoformat()
    future = (today(app) + timedelta(days=3)).isoformat()
    refused = case_post(s, oid, "first-session", attended="yes", on_date=future)
    assert "a date that has passed" in s.link_worker.get(refused.headers["Location"]).get_data(
        as_text=True
    )
    case_post(s, oid, "first-session", attended="no", on_date=yesterday)
    assert _referral(app, s.referral_id)["status"] == "referred_on"
    case_post(s, oid, "first-session", attended="yes", on_date=today(app).isoformat())
    assert _referral(app, s.referral_id)["status"] == "attended"
    case_post(s, oid, "six-weeks", still_going="no")
    assert _referral(app, s.referral_id)["onward"]["status"] == "stopped"


def test_the_follow_up_is_kept_when_one_is_due_sooner(app, staff):
    s = setting(app)
    sooner = today(app) + timedelta(days=2)
    with app.app_context():
        db.session.get(Referral, s.referral_id).follow_up_on = sooner
        commit()
    refer(s)
    assert _referral(app, s.referral_id)["follow_up_on"] == sooner


def test_only_listed_activities_can_be_chosen(app, staff):
    s = setting(app)
    with app.app_context():
        organisation = db.session.get(Organisation, s.organisation_id)
        for activity in organisation.activities:
            activity.status = "paused"
        commit()
    response = refer(s)
    assert response.status_code == 200
    assert "Choose an activity that is listed now" in response.get_data(as_text=True)
