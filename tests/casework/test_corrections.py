"""Correcting a person's details with the history kept, and anonymising all of the casework."""

from datetime import UTC, datetime

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import (
    Activity,
    AuditEvent,
    CaseMessage,
    ContactAttempt,
    OnwardReferral,
    Referral,
    ReferralCorrection,
    ShortlistItem,
)
from directory_app.referrals.retention import anonymise
from tests.referrals.helpers import (
    SELF_REFERRAL,
    errors,
    published_activity_id,
    submit,
    valid_self_referral,
)
from tests.staff import csrf_token, sign_in


def _case(app) -> int:
    submit(app.test_client(), SELF_REFERRAL, valid_self_referral())
    with app.app_context():
        return db.session.scalar(select(Referral.id))


def _answers(**overrides) -> dict:
    """The correction form as it opens for the case from ``valid_self_referral``."""
    data = {
        "full_name": "Ann Example", "preferred_name": "Annie", "dob_day": "14", "dob_month": "2",
        "dob_year": "1958", "postcode": "E8 1AG", "phone": "07700 900982",
        "email": "ann@example.com", "preferred_contact": "phone", "may_leave_message": "y",
        "language": "pl", "interpreter": "none", "access_needs": "",
    }  # fmt: skip
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _correct(client, case_id: int, **overrides):
    path = f"/staff/referrals/{case_id}/correct"
    return client.post(path, data={"csrf_token": csrf_token(client, path)} | _answers(**overrides))


def test_the_form_opens_with_the_details_and_a_save_changes_only_what_changed(app, staff):
    case_id = _case(app)
    client = app.test_client()
    sign_in(client, "link_worker@example.org")
    form = client.get(f"/staff/referrals/{case_id}/correct").get_data(as_text=True)
    assert 'value="07700 900982"' in form and 'value="Ann Example"' in form
    response = _correct(client, case_id, phone="020 7946 0000", postcode="sw1a 1aa", may_text="y")
    assert response.status_code == 302
    with app.app_context():
        case = db.session.get(Referral, case_id)
        assert (case.phone, case.postcode, case.may_text) == ("020 7946 0000", "SW1A 1AA", True)
        assert case.phone_key == "+442079460000"
        changes = {c.field: (c.old_value, c.new_value) for c in case.corrections}
        assert changes == {
            "phone": ("07700 900982", "020 7946 0000"),
            "postcode": ("E8 1AG", "SW1A 1AA"),
            "may_text": ("no", "yes"),
        }
        assert all(c.changed_by_id == staff["link_worker"] for c in case.corrections)
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "referral.corrected")
        ).one()
        assert event.detail == {"fields": ["phone", "may_text", "postcode"]}
    # Saving the same details again records nothing new.
    _correct(client, case_id, phone="020 7946 0000", postcode="SW1A 1AA", may_text="y")
    with app.app_context():
        assert len(db.session.scalars(select(ReferralCorrection)).all()) == 3


def test_the_case_page_shows_the_history(app, staff):
    case_id = _case(app)
    client = app.test_client()
    sign_in(client, "link_worker@example.org")
    _correct(client, case_id, phone="020 7946 0000", full_name="Anne Example")
    page = client.get(f"/staff/referrals/{case_id}").get_data(as_text=True)
    assert f'href="/staff/referrals/{case_id}/correct"' in page and "Correct their details" in page
    assert "Phone changed by Link_Worker Person, " in page
    assert "<bdi>07700 900982</bdi> → <bdi>020 7946 0000</bdi>" in page
    assert "Full name changed by Link_Worker Person" in page


def test_corrections_are_checked_like_the_public_form(app, staff):
    case_id = _case(app)
    client = app.test_client()
    sign_in(client, "link_worker@example.org")
    response = _correct(client, case_id, email="not an email", full_name="", dob_year="2020")
    problems = errors(response.get_data(as_text=True))
    assert "Enter an email address in the correct format, like name@example.com" in problems
    assert "Enter their full name" in problems
    assert any("18 or over" in problem for problem in problems)
    with app.app_context():
        assert db.session.scalars(select(ReferralCorrection)).first() is None
        assert db.session.get(Referral, case_id).email == "ann@example.com"


def test_anonymising_clears_the_casework(app, staff):
    case_id = _case(app)
    client = app.test_client()
    sign_in(client, "link_worker@example.org")
    _correct(client, case_id, phone="020 7946 0000")
    activity_id = published_activity_id(app)
    with app.app_context():
        case = db.session.get(Referral, case_id)
        case.referrer_name, case.referrer_email = "Dr Shah", "shah@example.nhs.uk"
        case.consent_given_by = "Her son"
        case.attempts.append(ContactAttempt(method="phone", outcome="voicemail", note="Son said"))
        case.messages.append(CaseMessage(template="appointment", language="pl"))
        case.shortlist.append(ShortlistItem(activity_id=activity_id))
        organisation_id = db.session.get(Activity, activity_id).organisation_id
        db.session.add(
            OnwardReferral(
                referral=case, activity_id=activity_id, organisation_id=organisation_id,
                shared={"first_name": "Ann"}, message="Mornings", decline_note="Full",
            )
        )  # fmt: skip
        commit()
        anonymise(db.session.get(Referral, case_id), datetime.now(UTC))
        commit()
        case = db.session.get(Referral, case_id)
        for name in (
            "full_name", "phone", "email", "consent_given_by", "referrer_name", "referrer_email",
            "phone_key", "email_key", "name_key",
        ):  # fmt: skip
            assert getattr(case, name) == "", name
        assert db.session.scalars(select(ReferralCorrection)).first() is None
        assert db.session.scalars(select(ShortlistItem)).first() is None
        assert [a.note for a in db.session.scalars(select(ContactAttempt))] == [""]
        assert len(db.session.scalars(select(CaseMessage)).all()) == 1
        onward = db.session.scalars(select(OnwardReferral)).one()
        assert (onward.shared, onward.message, onward.decline_note) == ({}, "", "")
    assert client.get(f"/staff/referrals/{case_id}/correct").status_code == 404
