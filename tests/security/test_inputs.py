"""The inputs that gave a 500 before, one by one: each now gets a clear answer."""

import pytest
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import Organisation, Referral
from tests.referrals.helpers import SELF_REFERRAL, errors, start, submit, valid_self_referral
from tests.staff import PASSWORD, csrf_token, sign_in


@pytest.fixture
def app(db_app):
    """PostgreSQL's integers are 32-bit and its text refuses NUL: run on both databases."""
    return db_app


@pytest.mark.parametrize(
    "path",
    [
        f"/activities/{2**63}",
        f"/activities/{2**31}",
        f"/organisations/{10**30}",
        f"/venues/{2**31}",
        f"/listings/{2**40}/report-a-problem",
        "/activities/%00",
        "/categories/social%00",
        "/staff/sign-in/link/%00abc",
    ],
)
def test_ids_and_codes_no_database_can_hold_are_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "query", ["activity=²", "activity=٣", f"activity={2**70}", "activity=%00", "activity=-1"]
)
def test_a_form_for_an_odd_activity_id_is_the_form_for_no_activity(client, query):
    response = client.get(f"{SELF_REFERRAL}?{query}")
    assert response.status_code == 200 and "Talk to a link worker" in response.get_data(
        as_text=True
    )


def test_a_twenty_digit_day_of_birth_is_a_clear_error(client):
    data = start(client, SELF_REFERRAL) | valid_self_referral(dob_day="9" * 20) | {"step": "check"}
    html = client.post(SELF_REFERRAL, data=data).get_data(as_text=True)
    assert "Date of birth must be a real date, like 27 3 1961" in errors(html)


def test_a_day_of_birth_in_arabic_digits_is_understood(client):
    answers = valid_self_referral(dob_day="١٤", dob_month="٢", dob_year="١٩٥٨")
    data = start(client, SELF_REFERRAL) | answers | {"step": "check"}
    assert "14 February 1958" in client.post(SELF_REFERRAL, data=data).get_data(as_text=True)


def test_a_nul_byte_at_sign_in_is_a_clear_error(app, staff):
    client = app.test_client()
    html = client.post(
        "/staff/sign-in",
        data={"csrf_token": csrf_token(client), "email": "admin@example.org\x00", "password": "x"},
    ).get_data(as_text=True)
    assert "Remove the unusual characters from this answer" in html


@pytest.mark.parametrize("near", ["E8\x00", "\x00", "²", "Hackney\r\nX"])
def test_odd_places_get_the_place_message(client, near):
    response = client.get("/search", query_string={"near": near, "q": "tea\x00"})
    assert response.status_code == 200


@pytest.fixture
def link_worker(app, staff):
    submit(app.test_client(), SELF_REFERRAL, valid_self_referral())
    client = app.test_client()
    sign_in(client, "link_worker@example.org")
    with app.app_context():
        return client, db.session.scalar(select(Referral.id))


@pytest.mark.parametrize("page", ["²", "٣", "9" * 30, "-4", "\x00"])
def test_odd_inbox_pages_show_the_first(link_worker, page):
    client, _referral_id = link_worker
    assert client.get("/staff/referrals/", query_string={"page": page}).status_code == 200


@pytest.mark.parametrize("duplicate", ["²", "9" * 30, "\x00", ""])
def test_merging_an_odd_duplicate_says_choose_one(link_worker, duplicate):
    client, referral_id = link_worker
    path = f"/staff/referrals/{referral_id}"
    response = client.post(
        f"{path}/merge",
        data={"csrf_token": csrf_token(client, path), "duplicate": duplicate},
        follow_redirects=True,
    )
    assert "Choose one of the possible duplicates" in response.get_data(as_text=True)


def test_a_nul_in_a_note_is_dropped_and_the_note_kept(app, link_worker):
    client, referral_id = link_worker
    path = f"/staff/referrals/{referral_id}"
    client.post(
        f"{path}/note", data={"csrf_token": csrf_token(client, path), "note": "Rang\x00 twice"}
    )
    with app.app_context():
        assert [note.text for note in db.session.get(Referral, referral_id).notes] == ["Rang twice"]


def test_inviting_a_staff_address_does_not_say_it_is_staff(app, staff):
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).order_by(Organisation.id))
        provider = create_user("pat@example.org", "Pat", "provider", PASSWORD)
        provider.organisations.append(organisation)
        commit()
        organisation_id = organisation.id
    client = app.test_client()
    sign_in(client, "pat@example.org")
    html = client.post(
        "/staff/my-groups",
        data={
            "csrf_token": csrf_token(client, "/staff/my-groups"),
            "organisation": str(organisation_id),
            "name": "Lee",
            "email": "link_worker@example.org",
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "That address cannot be invited" in html
    assert "staff account" not in html
