"""Referrals from every route: taken by phone or in person, and from professionals."""

import re
from datetime import date, timedelta

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.models import AuditEvent, Referral
from tests.casework.intake_helpers import (
    NEW_REFERRAL,
    PROFESSIONAL,
    enter,
    link_worker,
    phone_referral,
    professional_referral,
)
from tests.outbox import latest_email
from tests.referrals.helpers import SELF_REFERRAL, errors, start, submit, valid_self_referral
from tests.staff import csrf_token, sign_in


def _case_id(response) -> int:
    return int(re.search(r"/staff/referrals/(\d+)$", response.headers["Location"]).group(1))


def test_a_phone_referral_end_to_end_finds_and_merges_the_earlier_self_referral(db_app):
    app = db_app
    client = app.test_client()
    # The person first wrote in themselves, typing their number their own way.
    submit(
        client,
        SELF_REFERRAL,
        valid_self_referral(
            full_name="Zoe OBrien", phone="07700900982", email="Zoe@Example.com",
            help_wanted="I would like a walking group.", reasons=["physical-health"],
            gp_practice="Elm Tree Surgery",
        ),
    )  # fmt: skip
    worker_id = link_worker(app)
    sign_in(client, "lw@example.org")
    response, _hidden = enter(client, phone_referral(assign_to_me="y"))
    case_id = _case_id(response)
    with app.app_context():
        earlier = db.session.scalars(select(Referral).where(Referral.id != case_id)).one()
        case = db.session.get(Referral, case_id)
        assert (case.source, case.consent_method, case.consent_referral) == (
            "phone",
            "verbal",
            True,
        )
        assert case.entered_by_id == case.consent_recorded_by_id == case.assigned_to_id == worker_id
        assert case.consent_given_at is not None and case.respond_by > date.today()
        assert case.phone_key == earlier.phone_key == "+447700900982"
        entered = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "referral.entered")
        ).one()
        assert entered.subject_id == case_id and entered.actor_id == worker_id
        assert "Zo" not in str(entered.detail) and "7700" not in str(entered.detail)
        earlier_id, earlier_reference = earlier.id, earlier.reference

    page = client.get(f"/staff/referrals/{case_id}").get_data(as_text=True)
    assert "Possible duplicates" in page and earlier_reference in page
    assert "Taken by phone" in page and "Verbal" in page and "Lin Worker" in page
    merged = client.post(
        f"/staff/referrals/{case_id}/merge",
        data={"csrf_token": csrf_token(client, "/staff/"), "duplicate": str(earlier_id)},
    )
    assert merged.status_code == 302
    with app.app_context():
        case = db.session.get(Referral, case_id)
        assert case.email == "zoe@example.com" and case.gp_practice == "Elm Tree Surgery"
        assert case.full_name == "Zoë O'Brien"  # the kept case's own answers stay
        assert case.help_wanted.startswith("Lives alone since her husband died.")
        assert f"From {earlier_reference}, " in case.help_wanted
        assert case.help_wanted.endswith("I would like a walking group.")
        assert case.reasons == ["loneliness", "physical-health"]
        assert any("Carried over: " in note.text and "email" in note.text for note in case.notes)
        assert db.session.get(Referral, earlier_id).merged_into_id == case_id


def test_a_double_click_on_the_staff_form_stores_one_case(app, staff):
    client = app.test_client()
    sign_in(client, "link_worker@example.org")
    first, hidden = enter(client, phone_referral(source="in_person", consent_method="written"))
    second = client.post(NEW_REFERRAL, data=hidden | phone_referral())
    assert second.headers["Location"] == first.headers["Location"]
    with app.app_context():
        assert len(db.session.scalars(select(Referral)).all()) == 1
        case = db.session.scalars(select(Referral)).one()
        assert (case.source, case.assigned_to_id) == ("in_person", None)


def test_the_staff_form_checks_the_person_and_the_consent(app, staff):
    client = app.test_client()
    sign_in(client, "link_worker@example.org")
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    response = client.post(
        NEW_REFERRAL,
        data=start(client, NEW_REFERRAL)
        | phone_referral(consent_method=None, postcode="nowhere", consent_on=tomorrow),
    )
    problems = errors(response.get_data(as_text=True))
    assert "Select how they agreed to be referred" in problems
    assert "Enter a full UK postcode, like E8 1AG" in problems
    assert "The date they agreed must be now or in the past" in problems
    with app.app_context():
        assert db.session.scalars(select(Referral)).first() is None


def test_consent_given_earlier_is_stored_as_that_moment(app, staff):
    client = app.test_client()
    sign_in(client, "link_worker@example.org")
    given = phone_referral(
        consent_on="2026-11-30", consent_time="14:05", consent_given_by="Her son"
    )
    _case_id(enter(client, given)[0])
    with app.app_context():
        case = db.session.scalars(select(Referral)).one()
        assert case.consent_given_by == "Her son"
        # 14:05 in London at the end of November is 14:05 UTC.
        assert case.consent_given_at.strftime("%Y-%m-%d %H:%M") == "2026-11-30 14:05"
    page = client.get(f"/staff/referrals/{case.id}").get_data(as_text=True)
    assert "Her son" in page and "Agreed by" in page


def test_providers_cannot_enter_referrals(app, staff):
    client = app.test_client()
    sign_in(client, "provider@example.org")
    assert client.get(NEW_REFERRAL).status_code == 403


def _professional_send(client, answers: dict, path: str = PROFESSIONAL):
    data = start(client, path) | answers
    check = client.post(path, data=data | {"step": "check"})
    return data, check


def test_a_professional_referral_end_to_end(app, staff):
    client = app.test_client()
    assert PROFESSIONAL in client.get("/get-help").get_data(as_text=True)
    data, check = _professional_send(client, professional_referral())
    page = check.get_data(as_text=True)
    assert "Check your answers before sending" in page, errors(page)
    assert "Elm Tree Surgery" in page and "GP practice" in page and "Tomasz Nowak" in page
    assert "Yes, an interpreter for their language" in page  # asked about them
    sent = client.post(PROFESSIONAL, data=data | {"step": "send"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/refer-someone/sent")
    confirmation = client.get(sent.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        referral = db.session.scalars(select(Referral)).one()
        assert referral.reference in confirmation and "Your referral has been sent" in confirmation
        assert (referral.source, referral.consent_method) == (
            "professional",
            "confirmed_by_referrer",
        )
        assert referral.consent_given_at is not None and referral.consent_referral
        assert (referral.referrer_kind, referral.referrer_name) == ("gp_practice", "Dr Priya Shah")
        assert referral.referrer_email == "p.shah@example.nhs.uk"
        assert referral.referrer_organisation == "Elm Tree Surgery"
        assert (referral.full_name, referral.postcode, referral.language) == (
            "Tomasz Nowak", "E8 1AG", "pl",
        )  # fmt: skip
        assert referral.respond_by > date.today() and referral.kind == "self_referral"
        reference, case_id = referral.reference, referral.id
    email = latest_email(app)
    assert email.to_address == "linkworkers@example.org" and reference in email.subject
    assert email.subject.startswith("New referral from a professional")
    assert "Tomasz" not in email.body
    # Sending the same form again stores nothing new.
    client.post(PROFESSIONAL, data=data | {"step": "send"})
    with app.app_context():
        assert len(db.session.scalars(select(Referral)).all()) == 1
    sign_in(client, "link_worker@example.org")
    case = client.get(f"/staff/referrals/{case_id}").get_data(as_text=True)
    assert "Referred by a professional" in case and "Confirmed by the referrer" in case
    assert 'href="mailto:p.shah@example.nhs.uk"' in case and "Dr Priya Shah" in case


def test_the_professional_form_needs_the_referrer_and_the_persons_agreement(app):
    client = app.test_client()
    _data, check = _professional_send(
        client, professional_referral(referrer_email="", person_agreed=None, full_name="")
    )
    problems = errors(check.get_data(as_text=True))
    assert "Enter your work email address" in problems
    assert "Confirm that the person agreed to be referred" in problems
    assert "Enter their full name" in problems  # asked about them, not "your"
    with app.app_context():
        assert db.session.scalars(select(Referral)).first() is None


def test_the_professional_forms_errors_are_translated(app):
    client = app.test_client()
    _data, check = _professional_send(
        client, professional_referral(postcode="nowhere"), path="/pl" + PROFESSIONAL
    )
    page = check.get_data(as_text=True)
    assert 'lang="pl"' in page
    assert "Błąd: Wpisz pełny brytyjski kod pocztowy, np. E8 1AG" in errors(page)


def test_the_professional_forms_honeypot_stores_nothing(app):
    client = app.test_client()
    data = start(client, PROFESSIONAL) | professional_referral(website="http://spam.example")
    response = client.post(PROFESSIONAL, data=data | {"step": "send"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Referral)).first() is None
