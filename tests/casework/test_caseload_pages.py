"""The caseload's pages: the reference search, the search that shows itself and is
forgotten, names shown one way, the staff header, and the email to a link worker given a case."""

from datetime import timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import EmailOutboxMessage, StaffUser
from tests.casework.caseload_helpers import (
    INBOX,
    add_case,
    assign,
    case,
    search,
    signed_in,
    today,
    visible_text,
)
from tests.outbox import latest_email
from tests.staff import csrf_token, sign_in


@pytest.mark.parametrize("typed", ["sr{body}", "SR {spaced}", "{dashed}"])
def test_a_reference_is_found_without_dashes_and_in_any_case(app, staff, typed):
    referral_id = add_case(app, "Ref Person")
    add_case(app, "Other Person")
    reference = case(app, referral_id).reference  # e.g. SR-7KQ2-M4XD
    body = reference[3:].replace("-", "")
    text = typed.format(
        body=body.lower(), spaced=f"{body[:4]} {body[4:]}", dashed=reference.lower()
    )
    html = search(signed_in(app), text)
    assert "Ref Person" in html and "Other Person" not in html


def test_the_search_shows_what_is_searched_and_clears(app, staff):
    add_case(app, "Ann Example")
    add_case(app, "Bob Other", phone="07700 900111", email="bob@example.net")
    client = signed_in(app)
    html = search(client, "bob")
    assert "Showing only requests matching “bob”" in html and "Clear search" in html
    assert "Ann Example" not in html
    # It sticks across pages of the same list…
    assert "Ann Example" not in client.get(INBOX + "?sort=newest").get_data(as_text=True)
    html = search(client, "")  # the Clear search button sends an empty search
    assert "Ann Example" in html and "Clear search" not in html


def test_the_search_is_not_applied_to_my_cases_unless_typed_there(app, staff):
    mine = staff["link_worker"]
    add_case(app, "Ann Example", assigned_to_id=mine)
    add_case(app, "Bob Other", assigned_to_id=mine, phone="07700 900111", email="b@example.net")
    client = signed_in(app)
    search(client, "bob")
    html = client.get(INBOX + "?view=mine").get_data(as_text=True)
    assert "Ann Example" in html and "Bob Other" in html
    assert "Your search is not applied to this list" in html
    html = search(client, "ann", view="mine")
    assert "Ann Example" in html and "Bob Other" not in html and "Clear search" in html


def test_the_search_is_forgotten_on_sign_out(app, staff):
    add_case(app, "Ann Example")
    add_case(app, "Bob Other", phone="07700 900111", email="bob@example.net")
    client = signed_in(app)
    search(client, "bob")
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/staff/")})
    sign_in(client, "link_worker@example.org")
    html = client.get(INBOX).get_data(as_text=True)
    assert "Ann Example" in html and "Clear search" not in html


def test_names_are_shown_one_way_on_the_list_and_the_case(app, staff):
    both = add_case(app, "Ann Example", preferred_name="Annie")
    add_case(app, "Bob Same", preferred_name="bob same")
    add_case(app, "Carla Only")
    client = signed_in(app)
    text = visible_text(client.get(INBOX).get_data(as_text=True))
    assert "Annie (Ann Example)" in text
    assert "(Bob Same)" not in text
    assert "bob same (" not in text and "Carla Only" in text
    page = client.get(f"{INBOX}{both}").get_data(as_text=True)
    assert "<h1><bdi>Annie (Ann Example)</bdi>" in page


def _header(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


def test_signed_in_staff_see_their_own_header_links_and_the_public_does_not(app, staff):
    public = app.test_client().get("/").get_data(as_text=True)
    assert "Talk to a link worker" in _header(public) and "Staff sign in" in public
    html = signed_in(app).get(INBOX).get_data(as_text=True)
    header = _header(html)
    assert "Talk to a link worker" not in header and "Staff sign in" not in html
    for link in ("Inbox", "My cases", "Due today", "Moderation", "Sign out"):
        assert link in header, link
    assert ("Buddies" in header) == ("buddies.buddy_list" in app.view_functions)
    provider = _header(signed_in(app, "provider").get("/staff/").get_data(as_text=True))
    assert "My groups" in provider and "Inbox" not in provider and "Sign out" in provider


def test_the_inbox_links_to_entering_a_phone_referral(app, staff):
    html = signed_in(app).get(INBOX).get_data(as_text=True)
    assert 'href="/staff/referrals/new"' in html
    assert "Enter a referral taken by phone or in person" in html


def test_a_case_given_to_a_colleague_emails_them_in_their_language(app, staff):
    day = today(app)
    referral_id = add_case(app, "Ann Example", follow_up_on=day + timedelta(days=3))
    with app.app_context():
        db.session.get(StaffUser, staff["admin"]).language = "pl"
        commit()
    reference = case(app, referral_id).reference
    assert assign(signed_in(app), referral_id, str(staff["admin"])).status_code == 302
    message = latest_email(app)
    assert message.to_address == "admin@example.org"
    assert reference in message.subject and reference in message.body
    assert format_date(case(app, referral_id).respond_by, "long", locale="pl") in message.body
    assert format_date(day + timedelta(days=3), "long", locale="pl") in message.body
    assert (
        f"{app.config['PUBLIC_URL'].rstrip('/')}/pl/staff/referrals/{referral_id}" in message.body
    )
    for personal in ("Ann", "Example", "07700", "ann@example.com"):
        assert personal not in message.body and personal not in message.subject


def test_taking_a_case_yourself_sends_no_email(app, staff):
    referral_id = add_case(app)
    client = signed_in(app)
    before = _outbox_size(app)
    assign(client, referral_id, "me")
    assign(client, referral_id, str(staff["link_worker"]))
    assert _outbox_size(app) == before
    assert case(app, referral_id).assigned_to_id == staff["link_worker"]


def _outbox_size(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(EmailOutboxMessage))
