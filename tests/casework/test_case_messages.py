"""A link worker's shortlist for a person, and the emails sent from a case."""

import email
import logging
import re

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar
from sqlalchemy import select

from directory_app.accounts.service import create_user
from directory_app.core import mail
from directory_app.core.extensions import db
from directory_app.core.mail_sender import send_due
from directory_app.core.transaction import commit
from directory_app.models import Activity, AuditEvent, EmailOutboxMessage, Referral
from directory_app.models.casework import CaseMessage
from tests.outbox import latest_email
from tests.referrals.helpers import SELF_REFERRAL, submit, valid_self_referral
from tests.security.test_mail import Inbox, _free_port
from tests.staff import PASSWORD, sign_in

PUBLIC = "https://directory.example.org"


def _referral(app, **answers) -> int:
    answers = {"language": "pl", "preferred_contact": "email"} | answers
    submit(app.test_client(), SELF_REFERRAL, valid_self_referral(**answers))
    with app.app_context():
        return db.session.scalars(select(Referral.id).order_by(Referral.id.desc())).first()


def _worker(app):
    with app.app_context():
        create_user("lw@example.org", "Lena Worker", "link_worker", PASSWORD)
        commit()
    client = app.test_client()
    sign_in(client, "lw@example.org")
    return client


def _csrf(client, referral_id) -> str:
    html = client.get(f"/staff/referrals/{referral_id}").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _activities(app, count) -> list[Activity]:
    with app.app_context():
        found = db.session.scalars(
            select(Activity)
            .where(Activity.status == "published", Activity.venue_id.is_not(None))
            .order_by(Activity.id)
            .limit(count)
        ).all()
        db.session.expunge_all()
        return found


def _post(client, referral_id, path, **data):
    data["csrf_token"] = _csrf(client, referral_id)
    return client.post(f"/staff/referrals/{referral_id}/{path}", data=data)


def _actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _emails(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(EmailOutboxMessage.id)).all())


# The link worker's shortlist.


def test_a_link_worker_builds_a_shortlist_and_sends_it_in_polish_with_public_links(app):
    app.config["PUBLIC_URL"] = PUBLIC
    referral_id = _referral(app)
    client = _worker(app)
    one, two, three = _activities(app, 3)
    word = one.title.split()[0]
    found = client.get(f"/staff/referrals/{referral_id}/shortlist/search?q={word}")
    assert found.status_code == 200 and "Add to the shortlist" in found.get_data(as_text=True)
    for activity in (one, two, three):
        assert _post(client, referral_id, "shortlist/add", activity=activity.id).status_code == 302
    with app.app_context():
        items = db.session.get(Referral, referral_id).shortlist
        ids = {item.activity_id: item.id for item in items}
    _post(client, referral_id, "shortlist/remove", item=ids[two.id])
    _post(client, referral_id, "shortlist/move", item=ids[three.id], direction="up")
    page = client.get(f"/staff/referrals/{referral_id}").get_data(as_text=True)
    assert page.index(three.title.replace("'", "&#39;")) < page.index(
        one.title.replace("'", "&#39;")
    )
    before = _emails(app)
    assert _post(client, referral_id, "shortlist/send").status_code == 302
    assert _emails(app) == before + 1
    sent = latest_email(app)
    assert sent.to_address == "ann@example.com"
    # Written in Polish: the days come from Polish (the catalogue's strings follow later).
    polish_days = ("poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela")
    assert any(day in sent.body.lower() for day in polish_days), sent.body
    assert f"{PUBLIC}/pl/activities/{three.id}" in sent.body
    assert f"{PUBLIC}/pl/activities/{one.id}" in sent.body
    assert f"/activities/{two.id}" not in sent.body
    assert sent.body.index(f"/activities/{three.id}") < sent.body.index(f"/activities/{one.id}")
    with app.app_context():
        (message,) = db.session.scalars(select(CaseMessage)).all()
        assert (message.template, message.language) == ("shortlist", "pl")
    actions = _actions(app)
    assert actions.count("referral.shortlist_added") == 3
    assert "referral.shortlist_removed" in actions and "referral.shortlist_reordered" in actions
    assert "referral.message_sent" in actions
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "referral.message_sent")
        ).one()
        assert event.detail == {"template": "shortlist"}


def test_the_printed_shortlist_is_in_their_language_without_navigation(app):
    referral_id = _referral(app)
    client = _worker(app)
    (one,) = _activities(app, 1)
    _post(client, referral_id, "shortlist/add", activity=one.id)
    html = client.get(f"/staff/referrals/{referral_id}/shortlist/print").get_data(as_text=True)
    assert 'lang="pl"' in html and "<nav" not in html
    assert f"/pl/activities/{one.id}" in html
    assert "referral.viewed" in _actions(app)


def test_a_shortlist_is_not_emailed_to_someone_who_chose_the_phone(app):
    referral_id = _referral(app, preferred_contact="phone")
    client = _worker(app)
    (one,) = _activities(app, 1)
    _post(client, referral_id, "shortlist/add", activity=one.id)
    page = client.get(f"/staff/referrals/{referral_id}").get_data(as_text=True)
    assert "Send to them by email" not in page
    assert "They asked to be contacted another way" in page
    before = _emails(app)
    response = _post(client, referral_id, "shortlist/send")
    assert response.status_code == 302 and _emails(app) == before
    assert "No email can be sent" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_an_activity_that_is_not_public_cannot_be_shortlisted(app):
    referral_id = _referral(app)
    client = _worker(app)
    _post(client, referral_id, "shortlist/add", activity=999999)
    with app.app_context():
        assert db.session.get(Referral, referral_id).shortlist == []


# Messages from the case.


def test_an_appointment_is_previewed_then_sent_signed_with_the_first_name(app):
    referral_id = _referral(app, language="en")
    client = _worker(app)
    form = {"template": "appointment", "on": "2027-01-12", "at": "10:30", "where": "Hub"}
    preview = _post(client, referral_id, "messages/preview", **form)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Check the email before sending" in html
    assert "12 January 2027" in html and "Lena" in html and "Worker" not in html.split("<pre")[1]
    before = _emails(app)
    assert _emails(app) == before  # a preview sends nothing
    assert _post(client, referral_id, "messages/send", **form).status_code == 302
    sent = latest_email(app)
    assert "Dear Annie," in sent.body and "Hub" in sent.body and sent.body.endswith("Lena")
    assert "referral.message_sent" in _actions(app)


def test_a_message_without_its_details_shows_an_error_summary(app):
    referral_id = _referral(app)
    client = _worker(app)
    response = _post(client, referral_id, "messages/preview", template="appointment")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'class="error-summary"' in html
    assert "Enter the date of the appointment" in html and "<title>Error:" in html


def test_no_message_goes_to_someone_without_an_email(app):
    referral_id = _referral(app, email="", preferred_contact="phone")
    client = _worker(app)
    page = client.get(f"/staff/referrals/{referral_id}").get_data(as_text=True)
    assert "They did not give an email address" in page
    before = _emails(app)
    response = _post(client, referral_id, "messages/send", template="how_did_it_go")
    assert response.status_code == 302 and _emails(app) == before


def test_the_panel_lists_what_was_sent_when_and_by_whom(app):
    referral_id = _referral(app)
    client = _worker(app)
    _post(client, referral_id, "messages/send", template="how_did_it_go")
    page = client.get(f"/staff/referrals/{referral_id}").get_data(as_text=True)
    panel = page.split('id="messages-heading"')[1]
    assert "How did it go?" in panel and "Lena Worker" in panel


@pytest.fixture
def smtp_app(db_app):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    db_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=2.0)
    yield db_app, inbox
    controller.stop()


def test_the_activity_details_arrive_with_a_calendar_file_through_smtp(smtp_app):
    app, inbox = smtp_app
    referral_id = _referral(app)
    client = _worker(app)
    (one,) = _activities(app, 1)
    _post(client, referral_id, "shortlist/add", activity=one.id)
    form = {"template": "activity_details", "activity": str(one.id)}
    assert "activity-" in _post(client, referral_id, "messages/preview", **form).get_data(
        as_text=True
    )
    assert _post(client, referral_id, "messages/send", **form).status_code == 302
    with app.app_context():
        send_due()
    received = [m for m in inbox.messages if "ann@example.com" in m.rcpt_tos]
    assert len(received) == 1
    parsed = email.message_from_bytes(received[0].content)
    (attachment,) = [part for part in parsed.walk() if part.get_filename()]
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == f"activity-{one.id}.ics"
    calendar = Calendar.from_ical(attachment.get_payload(decode=True))
    events = [c for c in calendar.walk("VEVENT")]
    assert events and str(events[0]["UID"]).startswith(str(one.public_id))
    with app.app_context():
        assert db.session.scalars(select(CaseMessage.template)).all() == ["activity_details"]


def test_a_failed_message_leaves_no_name_or_address_in_the_logs(app, caplog):
    caplog.set_level(logging.DEBUG)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port(), MAIL_TIMEOUT=1.0)
    referral_id = _referral(app)
    client = _worker(app)
    _post(client, referral_id, "messages/send", template="how_did_it_go")
    with app.app_context():
        report = send_due()
    assert report.retrying + report.failed >= 1
    for secret in ("ann@example.com", "Annie", "Ann Example"):
        assert secret not in caplog.text


# Attachments in the outbox.


def test_queued_mail_keeps_its_attachments_and_old_calls_still_work(app):
    with app.app_context():
        plain = mail.queue("a@example.org", "Hello", "Body")
        with_file = mail.queue(
            "a@example.org", "Hi", "Body", [("../x y.ics", "text/calendar", b"BEGIN:VCALENDAR")]
        )
        commit()
        assert plain.attachments == [] and mail.attachment_parts(plain) == []
        assert mail.attachment_parts(with_file) == [
            ("x-y.ics", "text/calendar", b"BEGIN:VCALENDAR")
        ]
