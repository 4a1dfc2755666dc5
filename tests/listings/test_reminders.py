"""Reminders to groups and the one-click "Still correct" link: stages, expiry, reuse, tampering."""

import re
from datetime import date, timedelta

import itsdangerous.timed
import pytest
from sqlalchemy import func, select, update

from directory_app.accounts.service import create_user
from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.listings.reminders import send_reminders
from directory_app.models import (
    Activity,
    AuditEvent,
    EmailOutboxMessage,
    ListingReminder,
    StaffUser,
)

TODAY = date.today()


def _set_all_confirmed(app, days_ago_by_id: dict[int, int]) -> None:
    """Every listing checked 10 days ago, but those named. An UPDATE statement, not the
    listings' objects: these tests read reminders, and changing every object queued every
    listing for the search index again (2 s a test)."""
    with app.app_context():
        db.session.execute(update(Activity).values(last_confirmed_on=TODAY - timedelta(days=10)))
        for activity_id, days_ago in days_ago_by_id.items():
            confirmed_on = TODAY - timedelta(days=days_ago)
            db.session.execute(
                update(Activity)
                .where(Activity.id == activity_id)
                .values(last_confirmed_on=confirmed_on)
            )
        commit()


def _first_ids(app, count=3) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Activity.id)
                .where(Activity.status == "published")
                .order_by(Activity.id)
                .limit(count)
            )
        )


def _remind(app):
    with app.app_context():
        report = send_reminders(TODAY)
        commit()
        return report


def _link(app, activity_id: int, kind: str = "confirm") -> str:
    """The listing's own link in the newest digest that lists it."""
    with app.app_context():
        title = db.session.get(Activity, activity_id).title
        message = next(
            message
            for message in db.session.scalars(
                select(EmailOutboxMessage).order_by(EmailOutboxMessage.id.desc())
            )
            if f'"{title}"' in message.body
        )
        block = message.body[message.body.index(f'"{title}"') :]
        return re.search(rf"https?://[^/]+(/listings/{kind}/\S+)", block).group(1)


def test_reminders_at_six_and_nine_months_once_each(app):
    fresh, six, nine = _first_ids(app)
    _set_all_confirmed(app, {six: 200, nine: 300})
    report = _remind(app)
    assert (report.first_reminders, report.second_reminders) == (1, 1)
    assert report.digests_sent == 2  # two groups, one listing each
    again = _remind(app)
    assert (again.first_reminders, again.second_reminders, again.digests_sent) == (0, 0, 0)
    with app.app_context():
        stages = dict(
            db.session.execute(
                select(ListingReminder.activity_id, ListingReminder.stage_months)
            ).all()
        )
        assert stages == {six: 6, nine: 9}
        emails = db.session.scalars(select(EmailOutboxMessage)).all()
        assert len(emails) == 2
        assert all("It is still correct: http" in e.body for e in emails)


def test_listings_imported_from_another_directory_get_no_reminder(app):
    imported, ours = _first_ids(app, 2)
    with app.app_context():
        db.session.get(Activity, imported).key = "oruk-8a1f0c52-3f0e-4b8e-9d7a-2b1c0e4f5a6d"
        commit()
    _set_all_confirmed(app, {imported: 200, ours: 200})
    report = _remind(app)
    assert report.first_reminders == 1
    with app.app_context():
        reminded = db.session.scalars(select(ListingReminder.activity_id)).all()
        assert reminded == [ours]


def test_the_second_reminder_follows_the_first(app):
    listing = _first_ids(app, 1)[0]
    _set_all_confirmed(app, {listing: 200})
    assert _remind(app).first_reminders == 1
    with app.app_context():
        three_months_on = send_reminders(TODAY + timedelta(days=92))
        commit()
        assert (three_months_on.first_reminders, three_months_on.second_reminders) == (0, 1)
        assert db.session.scalar(select(func.count()).select_from(ListingReminder)) == 2


def test_stale_listings_are_counted(app):
    first, second, third = _first_ids(app)
    _set_all_confirmed(app, {first: 400, second: 500})
    report = _remind(app)
    assert (report.may_be_out_of_date, report.hidden) == (1, 1)


def test_one_click_confirmation(app, client):
    listing = _first_ids(app, 1)[0]
    _set_all_confirmed(app, {listing: 200})
    _remind(app)
    link = _link(app, listing)
    page = client.get(link).get_data(as_text=True)
    # Opening the link changes nothing: email scanners open links too.
    with app.app_context():
        assert db.session.get(Activity, listing).last_confirmed_on == TODAY - timedelta(days=200)
    assert "Is this listing still correct?" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    done = client.post(link, data={"csrf_token": token}).get_data(as_text=True)
    assert "Thank you: your listing is confirmed" in done
    with app.app_context():
        assert db.session.get(Activity, listing).last_confirmed_on == TODAY
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "listing.confirmed")
            )
            == 1
        )
    # Used once: the link now says so, and changes nothing.
    reused = client.post(link, data={"csrf_token": token})
    assert "already been used" in reused.get_data(as_text=True)
    # A new cycle: nothing is due for another six months.
    report = _remind(app)
    assert (report.first_reminders, report.second_reminders) == (0, 0)


def test_update_link_shows_how_to_send_changes(app, client):
    listing = _first_ids(app, 1)[0]
    _set_all_confirmed(app, {listing: 200})
    _remind(app)
    html = client.get(_link(app, listing, "update")).get_data(as_text=True)
    assert "Tell us what has changed" in html and "mailto:" in html


def test_tampered_link_is_refused(app, client):
    listing = _first_ids(app, 1)[0]
    _set_all_confirmed(app, {listing: 200})
    _remind(app)
    link = _link(app, listing)
    tampered = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    response = client.get(tampered)
    assert response.status_code == 400 and "This link is not valid" in response.get_data(
        as_text=True
    )


def test_expired_link_is_refused(app, client, monkeypatch):
    listing = _first_ids(app, 1)[0]
    _set_all_confirmed(app, {listing: 200})
    _remind(app)
    link = _link(app, listing)
    later = itsdangerous.timed.time.time() + 31 * 86400
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later)
    response = client.get(link)
    assert response.status_code == 400 and "This link has expired" in response.get_data(
        as_text=True
    )


@pytest.mark.parametrize("command", [["listings", "remind"]])
def test_remind_command_reports(app, command):
    listing = _first_ids(app, 1)[0]
    _set_all_confirmed(app, {listing: 200})
    result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 0, result.output
    assert "Reminders: 1 first (6 months), 0 second (9 months)" in result.output
    assert "Digests queued: 1. Emails sent: " in result.output


def test_each_keeper_is_reminded_in_their_own_language(app):
    """Ivan uses the site in Bulgarian: his digest is in Bulgarian, with Bulgarian links and
    dates. His colleague who never signed in has no language yet, so theirs is in English."""
    (six,) = _first_ids(app, 1)
    _set_all_confirmed(app, {six: 200})
    with app.app_context():
        activity = db.session.get(Activity, six)
        provider = create_user("ivan@example.org", "Ivan", "provider", "a long enough passphrase")
        provider.organisations.append(activity.organisation)
        provider.language = "bg"
        quiet = create_user("quiet@example.org", "Q", "provider", "a long enough passphrase")
        quiet.organisations.append(activity.organisation)
        commit()
        assert db.session.scalar(select(StaffUser.language).where(StaffUser.id == quiet.id)) is None
    _remind(app)
    with app.app_context():
        by_address = {m.to_address: m for m in db.session.scalars(select(EmailOutboxMessage))}
        assert set(by_address) == {"ivan@example.org", "quiet@example.org"}
        bulgarian, english = by_address["ivan@example.org"], by_address["quiet@example.org"]
        assert "/bg/listings/confirm/" in bulgarian.body
        # The date is written the Bulgarian way, not as 2026-05-07.
        assert not re.search(r"\d{4}-\d{2}-\d{2}", bulgarian.body)
        assert "г." in bulgarian.body
        assert "/bg/" not in english.body and "/listings/confirm/" in english.body
    path = re.search(r"https?://[^/]+(/bg/listings/confirm/\S+)", bulgarian.body).group(1)
    assert '<html lang="bg"' in app.test_client().get(path).get_data(as_text=True)
