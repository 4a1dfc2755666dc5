"""Residents refer themselves or ask for a buddy: validation, checking, sending, no duplicates."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from directory_app.core.extensions import db, limiter
from directory_app.models import EmailOutboxMessage, Referral
from directory_app.referrals.public_views import FORM_POST_LIMIT
from tests.apps import app_for, sqlite_copy
from tests.referrals.helpers import (
    BUDDY,
    SELF_REFERRAL,
    errors,
    published_activity_id,
    start,
    submit,
    valid_buddy,
    valid_self_referral,
)


def _count(app, model=Referral) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_forms_show_the_safety_block_and_who_the_service_is_for(client):
    for path in (SELF_REFERRAL, BUDDY):
        html = client.get(path).get_data(as_text=True)
        assert "This is not an emergency service" in html
        for number in ("tel:999", "tel:111", "tel:116123"):
            assert f'href="{number}"' in html
    assert "aged 18 or over" in client.get(SELF_REFERRAL).get_data(as_text=True)


def test_activity_page_links_to_both_forms_prefilled(client, app):
    activity_id = published_activity_id(app)
    html = client.get(f"/activities/{activity_id}").get_data(as_text=True)
    assert f'href="{SELF_REFERRAL}?activity={activity_id}"' in html
    assert f'href="{BUDDY}?activity={activity_id}"' in html
    buddy = client.get(f"{BUDDY}?activity={activity_id}").get_data(as_text=True)
    assert "I am not sure yet" in buddy and buddy.count("<option value=") >= 3


def test_self_referral_end_to_end(client, app):
    activity_id = published_activity_id(app)
    response = submit(client, SELF_REFERRAL, valid_self_referral(), activity_id)
    assert response.status_code == 302 and response.headers["Location"] == "/get-help/sent"
    html = client.get("/get-help/sent").get_data(as_text=True)
    assert "Your request has been sent" in html and "within 5 working days" in html
    assert "This is not an emergency service" in html
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.reference in html
        assert referral.kind == "self_referral" and referral.status == "new"
        assert referral.postcode == "E8 1AG" and referral.area == "Hackney"
        assert referral.activity_id == activity_id
        assert referral.reasons == ["loneliness", "anxiety"]
        assert referral.date_of_birth.year == 1958 and referral.email == "ann@example.com"
        assert (referral.respond_by - referral.created_at.date()).days >= 5
        email = db.session.scalar(select(EmailOutboxMessage))
        # The inbox email says a request arrived and links to it; nothing about the person.
        assert (
            referral.reference in email.subject and f"/staff/referrals/{referral.id}" in email.body
        )
        for private in ("Ann", "07700", "ann@example.com", "E8 1AG", "meet people", "anxiety"):
            assert private not in email.subject + email.body


def test_buddy_request_end_to_end(client, app):
    response = submit(client, BUDDY, valid_buddy(), published_activity_id(app))
    assert response.status_code == 302
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.kind == "buddy" and referral.reference.startswith("BR-")
        assert referral.buddy_help == ["meet-at-door"] and referral.consent_share_with_volunteer


def test_sending_twice_stores_once(client, app):
    data = start(client, SELF_REFERRAL) | valid_self_referral() | {"step": "send"}
    first = client.post(SELF_REFERRAL, data=data)
    second = client.post(SELF_REFERRAL, data=data)  # the back button, or a double tap
    assert first.status_code == second.status_code == 302
    assert _count(app) == 1 and _count(app, EmailOutboxMessage) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"full_name": ""}, "Enter your full name"),
        ({"full_name": "x" * 121}, "Full name must be 120 characters or fewer"),
        (
            {"phone": "", "email": ""},
            "Enter a phone number or an email address so we can contact you",
        ),
        ({"phone": "12"}, "Enter a phone number, like 07700 900 982 or 01632 960 001"),
        (
            {"email": "not-an-email"},
            "Enter an email address in the correct format, like name@example.com",
        ),
        ({"preferred_contact": None}, "Select how you would like us to contact you"),
        (
            {"preferred_contact": "email", "email": ""},
            "Enter an email address, or choose a phone call or text",
        ),
        ({"preferred_contact": "text", "phone": ""}, "Enter a phone number, or choose email"),
        (
            {"dob_day": "", "dob_month": "", "dob_year": ""},
            "Enter your date of birth, or tick that you are 18 or over",
        ),
        (
            {"dob_day": "31", "dob_month": "2", "dob_year": "1960"},
            "Date of birth must be a real date, like 27 3 1961",
        ),
        (
            {"dob_year": "2015"},
            "This service is for people aged 18 or over. Call us and we will tell you who can help.",
        ),
        ({"postcode": ""}, "Enter your postcode"),
        ({"postcode": "not a postcode"}, "Enter a full UK postcode, like E8 1AG"),
        ({"reasons": None}, "Select what you would like help with"),
        ({"help_wanted": "x" * 1501}, "What matters to you must be 1500 characters or fewer"),
        ({"consent_referral": None}, "You need to agree before we can help you"),
        (
            {"preferred_name": "x" * 61},
            "The name we should call you must be 60 characters or fewer",
        ),
        ({"email": "a" * 250 + "@b.com"}, "Email address must be 254 characters or fewer"),
        ({"good_times": "x" * 201}, "Good times to contact you must be 200 characters or fewer"),
        ({"gp_practice": "x" * 121}, "GP practice must be 120 characters or fewer"),
        (
            {"access_needs": "x" * 1001},
            "Access or communication needs must be 1000 characters or fewer",
        ),
        (
            {"dob_day": "1", "dob_month": "1", "dob_year": str(date.today().year + 1)},
            "Date of birth must be a real date, like 27 3 1961",
        ),
    ],
)
def test_self_referral_errors(client, app, overrides, message):
    data = start(client, SELF_REFERRAL) | valid_self_referral(**overrides) | {"step": "check"}
    html = client.post(SELF_REFERRAL, data=data).get_data(as_text=True)
    assert message in errors(html)
    assert "<title>Error:" in html and "There is a problem" in html
    assert 'aria-invalid="true"' in html
    # Nothing typed is lost: every answer is kept in the draft, the first page's too.
    if overrides.get("full_name", "Ann Example") == "Ann Example":
        about = client.get(SELF_REFERRAL + "/about?return=check").get_data(as_text=True)
        assert 'value="Ann Example"' in about
    assert _count(app) == 0


def test_adults_can_skip_their_date_of_birth(client, app):
    answers = valid_self_referral(dob_day="", dob_month="", dob_year="", confirmed_adult="y")
    assert submit(client, SELF_REFERRAL, answers).status_code == 302
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.date_of_birth is None and referral.confirmed_adult


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"activity_name": ""}, "Enter the activity you would like to go to"),
        ({"buddy_help": None}, "Select how a buddy could help"),
        (
            {"consent_share_with_volunteer": None},
            "You need to agree to share your first name and phone number with the volunteer",
        ),
        ({"consent_referral": None}, "You need to agree before we can arrange a buddy"),
        ({"worries": "x" * 1001}, "Your worries must be 1000 characters or fewer"),
        ({"activity_name": "x" * 201}, "The activity must be 200 characters or fewer"),
        ({"buddy_preferences": "x" * 201}, "Your preferences must be 200 characters or fewer"),
        ({"availability": "x" * 201}, "When you are free must be 200 characters or fewer"),
        (
            {"phone": "", "preferred_contact": "text"},
            "Enter a phone number or an email address so we can contact you",
        ),
    ],
)
def test_buddy_errors(client, overrides, message):
    data = start(client, BUDDY) | valid_buddy(**overrides) | {"step": "check"}
    assert message in errors(client.post(BUDDY, data=data).get_data(as_text=True))


def test_check_answers_shows_answers_and_change_links_keep_everything(client, app):
    data = start(client, SELF_REFERRAL) | valid_self_referral()
    html = client.post(SELF_REFERRAL, data=data | {"step": "check"}).get_data(as_text=True)
    for shown in (
        "Ann Example",
        "14 February 1958",
        "E8 1AG",
        "Feeling lonely or isolated",
        "Polski",
        "Phone call",
    ):
        assert shown in html
    change = SELF_REFERRAL + "/about?focus=postcode&amp;return=check"
    assert f'href="{change}"' in html
    changing = client.get(change.replace("&amp;", "&")).get_data(as_text=True)
    assert 'value="Ann Example"' in changing and 'value="e8 1ag"' in changing
    assert re.search(r'id="postcode"[^>]*autofocus', changing)  # straight to the answer to change
    assert "There is a problem" not in changing
    assert _count(app) == 0


def test_honeypot_stores_nothing(client, app):
    data = (
        start(client, SELF_REFERRAL)
        | valid_self_referral(website="http://spam.example")
        | {"step": "send"}
    )
    response = client.post(SELF_REFERRAL, data=data)
    assert response.status_code == 302
    assert "Your request has been sent" in client.get("/get-help/sent").get_data(as_text=True)
    assert _count(app) == 0 and _count(app, EmailOutboxMessage) == 0


def test_missing_csrf_token_is_refused(client, app):
    data = start(client, SELF_REFERRAL) | valid_self_referral() | {"step": "send", "csrf_token": ""}
    assert client.post(SELF_REFERRAL, data=data).status_code == 400
    assert _count(app) == 0


def test_forms_are_rate_limited(tmp_path, sqlite_template):
    LIMIT = int(FORM_POST_LIMIT.split()[0])  # noqa: N806
    url = sqlite_copy(sqlite_template, tmp_path)
    for limited in app_for(url, tmp_path, RATELIMIT_ENABLED=True):
        with limited.app_context():
            limiter.reset()
        client = limited.test_client()
        data = start(client, BUDDY) | {"step": "check"}
        statuses = [client.post(BUDDY, data=data).status_code for _ in range(LIMIT + 1)]
        assert statuses[:LIMIT] == [200] * LIMIT and statuses[LIMIT] == 429
        assert "Too many attempts" in client.post(BUDDY, data=data).get_data(as_text=True)


def test_sent_page_without_a_request_goes_to_get_help(client):
    response = client.get("/get-help/sent")
    assert response.status_code == 302 and response.headers["Location"] == "/get-help"
