"""One reminder email per group and reader: to each keeper in their language, else the
group's public address; each listing in it keeps its own signed links."""

import re
from datetime import date, timedelta

from flask_babel import force_locale, format_date
from sqlalchemy import func, select, update

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.listings.reminders import send_reminders
from directory_app.models import Activity, AuditEvent, EmailOutboxMessage, ListingReminder
from tests.staff import PASSWORD, csrf_token, sign_in

TODAY = date.today()
DUE = TODAY - timedelta(days=200)
CONFIRM_LINK = r"https?://[^/\s]+(?:/pl)?/listings/confirm/\S+"
UPDATE_LINK = r"https?://[^/\s]+(?:/pl)?/listings/update/\S+"


def _group_with_three_due(app) -> tuple[int, list[int]]:
    """A group with at least three published listings: three of them due, everything else
    in the directory freshly checked."""
    with app.app_context():
        counts = (
            select(Activity.organisation_id)
            .where(Activity.status == "published")
            .group_by(Activity.organisation_id)
            .having(func.count() >= 3)
            .order_by(Activity.organisation_id)
            .limit(1)
        )
        organisation_id = db.session.scalar(counts)
        due = list(
            db.session.scalars(
                select(Activity.id)
                .where(Activity.organisation_id == organisation_id, Activity.status == "published")
                .order_by(Activity.id)
                .limit(3)
            )
        )
        # An UPDATE statement, not the listings' objects: these tests read reminders, and
        # changing every object queued every listing for the search index again.
        db.session.execute(update(Activity).values(last_confirmed_on=TODAY - timedelta(days=10)))
        db.session.execute(
            update(Activity).where(Activity.id.in_(due)).values(last_confirmed_on=DUE)
        )
        commit()
    return organisation_id, due


def _keeper(app, organisation_id: int, email: str, language: str | None, active=True) -> int:
    with app.app_context():
        user = create_user(email, email.split("@")[0].title(), "provider", PASSWORD)
        user.organisations.append(
            db.session.get(Activity, _any_listing(organisation_id)).organisation
        )
        user.language = language
        user.active = active
        commit()
        return user.id


def _any_listing(organisation_id: int) -> int:
    return db.session.scalar(
        select(Activity.id).where(Activity.organisation_id == organisation_id).limit(1)
    )


def _remind(app):
    with app.app_context():
        report = send_reminders(TODAY)
        commit()
        return report


def _outbox(app) -> dict[str, list[EmailOutboxMessage]]:
    with app.app_context():
        found: dict[str, list] = {}
        for message in db.session.scalars(
            select(EmailOutboxMessage).order_by(EmailOutboxMessage.id)
        ):
            db.session.expunge(message)
            found.setdefault(message.to_address, []).append(message)
        return found


def test_two_keepers_each_get_one_digest_of_three_listings_in_their_language(app):
    organisation_id, due = _group_with_three_due(app)
    _keeper(app, organisation_id, "ola@example.org", "pl")
    _keeper(app, organisation_id, "sam@example.org", "en_GB")
    report = _remind(app)
    assert (report.first_reminders, report.digests_sent, report.no_email_address) == (3, 2, 0)
    outbox = _outbox(app)
    assert sorted(outbox) == ["ola@example.org", "sam@example.org"]
    assert [len(messages) for messages in outbox.values()] == [1, 1]
    polish, english = outbox["ola@example.org"][0], outbox["sam@example.org"][0]
    with app.app_context():
        titles = [db.session.get(Activity, activity_id).title for activity_id in due]
        with force_locale("pl"):
            polish_date = format_date(DUE, "long")
        with force_locale("en_GB"):
            english_date = format_date(DUE, "long")
    assert f"„{titles[0]}”" in polish.body and f'"{titles[0]}"' in english.body
    for message in (polish, english):
        # Each title as it is (the Polish wraps it in „…”, the English in "…").
        assert all(title in message.body for title in titles)
        assert len(set(re.findall(CONFIRM_LINK, message.body))) == 3
        assert len(set(re.findall(UPDATE_LINK, message.body))) == 3
    assert english.subject.startswith("3 listings need checking")
    assert polish.body.count("/pl/listings/confirm/") == 3 and polish_date in polish.body
    assert "/pl/" not in english.body and english_date in english.body
    assert polish_date != english_date
    # Both keepers got the same listing's links: each listing has one reminder, one link.
    assert set(re.findall(CONFIRM_LINK, english.body)) == {
        link.replace("/pl/listings/", "/listings/")
        for link in re.findall(CONFIRM_LINK, polish.body)
    }
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ListingReminder)) == 3


def test_a_second_run_sends_nothing_new(app):
    organisation_id, _due = _group_with_three_due(app)
    _keeper(app, organisation_id, "sam@example.org", "en_GB")
    assert _remind(app).digests_sent == 1
    again = _remind(app)
    assert (again.first_reminders, again.second_reminders, again.digests_sent) == (0, 0, 0)
    assert len(_outbox(app)["sam@example.org"]) == 1


def test_a_group_with_no_keeper_is_written_to_at_its_public_address(app):
    organisation_id, _due = _group_with_three_due(app)
    report = _remind(app)
    assert (report.first_reminders, report.digests_sent) == (3, 1)
    with app.app_context():
        public = db.session.get(Activity, _any_listing(organisation_id)).organisation.email
    outbox = _outbox(app)
    assert list(outbox) == [public]
    (message,) = outbox[public]
    assert len(set(re.findall(CONFIRM_LINK, message.body))) == 3
    # No account, so no "your group's page" link for whoever reads the shared address.
    assert "/staff/my-groups" not in message.body


def test_a_deactivated_keeper_gets_nothing(app):
    organisation_id, _due = _group_with_three_due(app)
    _keeper(app, organisation_id, "left@example.org", "pl", active=False)
    _keeper(app, organisation_id, "stays@example.org", "en_GB")
    _remind(app)
    assert list(_outbox(app)) == ["stays@example.org"]


def test_a_group_whose_only_keeper_left_falls_back_to_its_public_address(app):
    organisation_id, _due = _group_with_three_due(app)
    _keeper(app, organisation_id, "left@example.org", "pl", active=False)
    _remind(app)
    with app.app_context():
        public = db.session.get(Activity, _any_listing(organisation_id)).organisation.email
    assert list(_outbox(app)) == [public]


def test_a_group_with_no_address_at_all_is_counted(app):
    organisation_id, _due = _group_with_three_due(app)
    with app.app_context():
        for activity in db.session.scalars(
            select(Activity).where(Activity.organisation_id == organisation_id)
        ):
            activity.organisation.email = None
            activity.contact_email = ""
        commit()
    report = _remind(app)
    assert (report.no_email_address, report.digests_sent, report.first_reminders) == (3, 0, 0)
    assert _outbox(app) == {}


def _signed_in_keeper(app, organisation_id: int, email: str):
    _keeper(app, organisation_id, email, "en_GB")
    client = app.test_client()
    sign_in(client, email)
    return client


def test_still_correct_from_the_groups_own_page(app):
    organisation_id, due = _group_with_three_due(app)
    client = _signed_in_keeper(app, organisation_id, "sam@example.org")
    _remind(app)
    with app.app_context():
        token = db.session.scalar(
            select(ListingReminder.token_id).where(ListingReminder.activity_id == due[0])
        )
    emailed_link = re.search(r"https?://[^/\s]+(/listings/confirm/\S+)", _digest_block(app, due[0]))
    page = client.get("/staff/my-groups").get_data(as_text=True)
    assert page.count("A check is due") >= 3
    assert f"/staff/my-groups/activities/{due[0]}/still-correct" in page
    response = client.post(
        f"/staff/my-groups/activities/{due[0]}/still-correct",
        data={"csrf_token": csrf_token(client, "/staff/my-groups")},
    )
    assert response.status_code == 302
    assert "is confirmed as still correct" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(Activity, due[0]).last_confirmed_on == TODAY
        assert db.session.get(Activity, due[1]).last_confirmed_on == DUE
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "listing.confirmed")
        )
        assert event.subject_id == due[0] and event.detail == {"via": "group account"}
        assert event.actor_id is not None
        used = db.session.scalar(
            select(ListingReminder.used_at).where(ListingReminder.token_id == token)
        )
        assert used is not None
    # Same effect as the emailed link: that link now says the listing is up to date.
    assert "already been used" in client.get(emailed_link.group(1)).get_data(as_text=True)
    # And the listing's own page shows the next check, with the button coming back there.
    listing_page = client.get(f"/staff/my-groups/activities/{due[0]}").get_data(as_text=True)
    assert "Next check due" in listing_page and 'name="back" value="listing"' in listing_page


def _digest_block(app, activity_id: int) -> str:
    with app.app_context():
        title = db.session.get(Activity, activity_id).title
        body = db.session.scalars(select(EmailOutboxMessage.body)).first()
    return body[body.index(f'"{title}"') :]


def test_still_correct_is_refused_for_another_groups_listing(app):
    organisation_id, _due = _group_with_three_due(app)
    client = _signed_in_keeper(app, organisation_id, "sam@example.org")
    with app.app_context():
        other = db.session.scalar(
            select(Activity).where(
                Activity.organisation_id != organisation_id, Activity.status == "published"
            )
        )
        other_id, checked_on = other.id, other.last_confirmed_on
    response = client.post(
        f"/staff/my-groups/activities/{other_id}/still-correct",
        data={"csrf_token": csrf_token(client, "/staff/my-groups")},
    )
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Activity, other_id).last_confirmed_on == checked_on
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "listing.confirmed")
            )
            == 0
        )


def test_still_correct_needs_the_forms_token(app):
    organisation_id, due = _group_with_three_due(app)
    client = _signed_in_keeper(app, organisation_id, "sam@example.org")
    response = client.post(f"/staff/my-groups/activities/{due[0]}/still-correct")
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Activity, due[0]).last_confirmed_on == DUE
