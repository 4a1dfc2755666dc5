"""A request is never lost when email fails; retention anonymises on time."""

import socket
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.models import AuditEvent, EmailOutboxMessage, Referral, ReferralNote
from directory_app.referrals.retention import purge
from tests.apps import app_for, sqlite_copy
from tests.referrals.helpers import SELF_REFERRAL, start, valid_self_referral


class Inbox:
    """An SMTP handler that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mail_app(tmp_path, sqlite_template):
    port = _free_port()
    url = sqlite_copy(sqlite_template, tmp_path)
    for app in app_for(url, tmp_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=2.0):
        app.config["TEST_SMTP_PORT"] = port
        yield app


def _send(client):
    data = start(client, SELF_REFERRAL) | valid_self_referral() | {"step": "send"}
    return client.post(SELF_REFERRAL, data=data)


def _send_mail(app):
    return app.test_cli_runner().invoke(args=["mail", "send"])


def test_request_is_kept_while_the_mail_server_is_down_and_sent_when_it_returns(mail_app):
    client = mail_app.test_client()
    response = _send(client)
    assert response.status_code == 302
    assert "Your request has been sent" in client.get("/get-help/sent").get_data(as_text=True)
    # The web request never talks to the mail server: the notice waits in the outbox.
    result = _send_mail(mail_app)  # the mail server is down
    assert "Sent 0; 1 to try again later; 0 failed." in result.output
    with mail_app.app_context():
        referral = db.session.scalar(select(Referral))
        message = db.session.scalar(select(EmailOutboxMessage))
        assert referral is not None
        assert message.sent_at is None and message.attempts == 1 and message.last_error
        reference, referral_id = referral.reference, referral.id
        message.next_attempt_at = datetime.now(UTC)  # the retry's delay has passed
        commit()

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=mail_app.config["TEST_SMTP_PORT"])
    controller.start()
    try:
        result = _send_mail(mail_app)
    finally:
        controller.stop()
    assert result.exit_code == 0 and "Sent 1; 0 to try again later; 0 failed." in result.output
    assert len(inbox.messages) == 1
    received = inbox.messages[0]
    assert received.rcpt_tos == [mail_app.config["INBOX_EMAIL"]]
    text = received.content.decode()
    assert reference in text and f"/staff/referrals/{referral_id}" in text
    assert "Ann" not in text and "07700" not in text
    with mail_app.app_context():
        assert db.session.scalar(select(EmailOutboxMessage)).sent_at is not None
        assert len(db.session.scalars(select(Referral)).all()) == 1


def test_email_goes_out_once_when_the_server_is_up(mail_app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=mail_app.config["TEST_SMTP_PORT"])
    controller.start()
    try:
        _send(mail_app.test_client())
        _send_mail(mail_app)
        _send_mail(mail_app)
    finally:
        controller.stop()
    assert len(inbox.messages) == 1


def _closed_request(app, days_ago: int, invalid: bool = False) -> int:
    from tests.referrals.helpers import submit

    client = app.test_client()
    answers = valid_self_referral(
        email=f"p{days_ago}{invalid}@example.com", gp_practice="Elm Tree Surgery"
    )
    submit(client, SELF_REFERRAL, answers)
    with app.app_context():
        referral = db.session.scalars(select(Referral).order_by(Referral.id.desc())).first()
        # A link worker's note says more about the person than any field.
        referral.notes.append(ReferralNote(text="Called twice; prefers mornings."))
        referral.status = "declined" if invalid else "closed"
        referral.declined_as_invalid = invalid
        referral.outcome = "Done"
        referral.closed_at = datetime.now(UTC) - timedelta(days=days_ago)
        commit()
        return referral.id


def test_purge_anonymises_past_retention_and_is_safe_to_repeat(app):
    old = _closed_request(app, 400)
    recent = _closed_request(app, 100)
    spam = _closed_request(app, 40, invalid=True)
    fresh_spam = _closed_request(app, 5, invalid=True)
    result = app.test_cli_runner().invoke(args=["referrals", "purge"])
    assert result.exit_code == 0
    assert (
        "Anonymised 1 closed or declined requests older than 12 months and 1 declined as not genuine older than 30 days."
        in result.output
    )
    with app.app_context():
        anonymised = db.session.get(Referral, old)
        assert anonymised.anonymised_at is not None
        assert (
            anonymised.full_name
            == anonymised.phone
            == anonymised.email
            == anonymised.help_wanted
            == ""
        )
        assert anonymised.date_of_birth is None and not anonymised.notes
        assert anonymised.postcode == anonymised.gp_practice == ""
        assert (
            db.session.scalar(select(ReferralNote).where(ReferralNote.referral_id == old)) is None
        )
        assert db.session.get(Referral, recent).notes  # kept while within retention
        # What the figures need survives.
        assert anonymised.reasons == ["loneliness", "anxiety"] and anonymised.area == "Hackney"
        assert db.session.get(Referral, spam).anonymised_at is not None
        assert db.session.get(Referral, recent).anonymised_at is None
        assert db.session.get(Referral, fresh_spam).anonymised_at is None
        assert db.session.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "referral.anonymised", AuditEvent.subject_id == old
            )
        )
        again = purge(datetime.now(UTC), 12, 30)
        assert again.anonymised_closed == again.anonymised_invalid == 0
