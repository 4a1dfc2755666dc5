"""Emails to groups are written in the language they use the site in, not always English."""

import re

from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import (
    AccountRequest,
    Activity,
    ListingChange,
    Organisation,
    StaffUser,
)
from tests.outbox import latest_email
from tests.staff import PASSWORD, csrf_token, sign_in


def _ask_in(app, prefix: str, email: str) -> int:
    client = app.test_client()
    path = f"{prefix}/groups/join"
    client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "contact_name": "Ola Nowak",
            "email": email,
            "organisation_name": "Polska Szkoła Sobotnia",
        },
    )
    with app.app_context():
        return db.session.scalar(select(AccountRequest.id).where(AccountRequest.email == email))


def test_a_group_that_asks_in_polish_hears_back_in_polish(app, admin):
    # The admin works on English pages.
    request_id = _ask_in(app, "/pl", "ola@szkola.example")
    # The admins' own notice stays in English.
    assert latest_email(app).subject == "A group has asked for an account"
    admin.post(
        f"/staff/account-requests/{request_id}/approve",
        data={"csrf_token": csrf_token(admin, "/staff/account-requests")},
    )
    welcome = latest_email(app)
    assert welcome.to_address == "ola@szkola.example"
    assert welcome.subject == "Twoje konto dla organizacji Polska Szkoła Sobotnia"
    assert "You can now" not in welcome.body
    # The link opens the page in Polish too, and works.
    path = re.search(r"https?://[^/]+(/pl/staff/password/set/\S+)", welcome.body).group(1)
    assert '<html lang="pl"' in app.test_client().get(path).get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == "ola@szkola.example"))
        assert user.language == "pl"

    declined_id = _ask_in(app, "/ro", "ana@grup.example")
    admin.post(
        f"/staff/account-requests/{declined_id}/decline",
        data={
            "csrf_token": csrf_token(admin, "/staff/account-requests"),
            "reason": "We could not find the group.",
        },
    )
    declined = latest_email(app)
    assert declined.subject == "Cererea dumneavoastră de cont"
    assert "We could not find the group." in declined.body  # the admin's own words, as written


def test_a_provider_hears_about_their_change_in_the_language_they_sign_in_with(app):
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).order_by(Organisation.id))
        provider = create_user("amal@example.org", "Amal", "provider", PASSWORD)
        provider.organisations.append(organisation)
        create_user("lw@example.org", "Lee", "link_worker", PASSWORD)
        activity = db.session.scalar(
            select(Activity).where(Activity.organisation_id == organisation.id)
        )
        commit()
        activity_id, title = activity.id, activity.title
    client = app.test_client()
    path = "/ar/staff/sign-in"
    client.post(
        path,
        data={"csrf_token": csrf_token(client, path), "email": "amal@example.org",
              "password": PASSWORD},
    )  # fmt: skip
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == "amal@example.org"))
        assert user.language == "ar"
        change = ListingChange(
            activity_id=activity_id, submitted_by_id=user.id, before={}, after={"title": "X"}
        )
        db.session.add(change)
        commit()
        change_id = change.id
    moderator = app.test_client()
    sign_in(moderator, "lw@example.org")  # on an English page
    moderator.post(
        f"/staff/listing-changes/{change_id}/return",
        data={"csrf_token": csrf_token(moderator, "/staff/listing-changes"), "comment": "Why?"},
    )
    email = latest_email(app)
    assert email.to_address == "amal@example.org"
    assert email.subject == f"بخصوص إدراجك: {title}"
    assert "Why?" in email.body
    assert f"/ar/staff/my-groups/activities/{activity_id}" in email.body

    # A sign-in link asked for on an English page still comes in Arabic: it is their language.
    public = app.test_client()
    public.post(
        "/staff/sign-in/email",
        data={
            "csrf_token": csrf_token(public, "/staff/sign-in/email"),
            "email": "amal@example.org",
        },
    )
    link_email = latest_email(app)
    assert link_email.to_address == "amal@example.org"
    assert re.search(r"[\u0600-\u06FF]", link_email.subject), link_email.subject


def test_people_whose_language_we_do_not_know_get_english(app):
    with app.app_context():
        user = create_user("old@example.org", "Old", "provider", PASSWORD)
        assert user.language is None
        commit()
    public = app.test_client()
    public.post(
        "/pl/staff/sign-in/email",
        data={"csrf_token": csrf_token(public, "/pl/staff/sign-in/email"),
              "email": "old@example.org"},
    )  # fmt: skip
    email = latest_email(app)
    assert email.subject == "Your sign-in link" and "/pl/" not in email.body


def test_staff_choose_their_email_language_and_signing_in_elsewhere_keeps_it(app):
    with app.app_context():
        create_user("mo@example.org", "Mo", "link_worker", PASSWORD)
        commit()
    client = app.test_client()
    path = "/so/staff/sign-in"
    client.post(
        path,
        data={"csrf_token": csrf_token(client, path), "email": "mo@example.org",
              "password": PASSWORD},
    )  # fmt: skip
    home = client.get("/staff/").get_data(as_text=True)
    assert re.search(r'<option value="so" lang="so" selected>Soomaali</option>', home)
    saved = client.post(
        "/en/staff/language",
        data={"csrf_token": csrf_token(client, "/en/staff/"), "language": "bn"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Emails to you will now be written in Bangla." in saved
    # Signing in again on a page in another language does not undo the choice.
    other = app.test_client()
    other.post(
        "/pl/staff/sign-in",
        data={"csrf_token": csrf_token(other, "/pl/staff/sign-in"), "email": "mo@example.org",
              "password": PASSWORD},
    )  # fmt: skip
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == "mo@example.org"))
        assert user.language == "bn"
    # A language we do not ship is refused quietly.
    client.post(
        "/staff/language", data={"csrf_token": csrf_token(client, "/staff/"), "language": "xx"}
    )
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == "mo@example.org"))
        assert user.language == "bn"
