"""Sending the outbox: outside every web request, each message once, none dropped silently.

``send_due`` claims the messages that are due, tries each, and records what happened. A
claim is a lease: on PostgreSQL the rows are picked with ``FOR UPDATE SKIP LOCKED``; on
SQLite, whose writers take turns, one conditional ``UPDATE`` claims them. Another sender
(a second worker, a cron job) skips claimed rows, so no message goes twice; a sender that
dies mid-send leaves a lease that runs out, and the message is tried again.

A failure of any kind touches only its own message. A temporary one (the server is down,
slow or says "try later") is retried after a delay that grows from a minute to a day, over
about five days; a permanent one (a refused recipient), or the last try, marks the message
failed, which admins see on their staff page and ``flask mail send`` reports.

With no ``MAIL_SERVER`` (a developer's machine) each message is written to a file in
``MAIL_FILE_DIR`` instead, and only its number goes into the log: messages hold sign-in
links and what groups were told.
"""

import logging
import os
import smtplib
import socket
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

from flask import current_app
from sqlalchemy import and_, func, or_, select, update

from directory_app.core import transaction
from directory_app.core.extensions import db
from directory_app.core.mail import EmailOutboxMessage, attachment_parts
from directory_app.domain.dates import utcnow

log = logging.getLogger(__name__)

# The wait after each failed try; after the last, a message is marked failed.
RETRY_DELAYS = tuple(
    timedelta(minutes=minutes)
    for minutes in (1, 5, 15, 30, 60, 120, 240, 480, 720, 1440, 1440, 1440, 1440)
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
BATCH_SIZE = 20


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


class PermanentFailure(Exception):
    """The message can never be sent as it is (the server refused the recipient)."""


def _sender_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def _due(now):
    return and_(
        EmailOutboxMessage.sent_at.is_(None),
        EmailOutboxMessage.failed_at.is_(None),
        or_(
            EmailOutboxMessage.next_attempt_at.is_(None), EmailOutboxMessage.next_attempt_at <= now
        ),
        or_(EmailOutboxMessage.claimed_until.is_(None), EmailOutboxMessage.claimed_until < now),
    )


def claim_due(limit: int = BATCH_SIZE) -> list[int]:
    """Claim up to ``limit`` due messages for this sender; their ids, oldest first."""
    config = current_app.config
    now = utcnow()
    lease = timedelta(seconds=config["MAIL_TIMEOUT"] * 3 + 30)
    me = f"{_sender_id()}:{now.timestamp()}"
    with transaction.separate_session() as session:
        due = select(EmailOutboxMessage.id).where(_due(now)).order_by(EmailOutboxMessage.id)
        if session.bind.dialect.name == "postgresql":
            ids = list(session.scalars(due.limit(limit).with_for_update(skip_locked=True)))
            if not ids:
                return []
            session.execute(
                update(EmailOutboxMessage)
                .where(EmailOutboxMessage.id.in_(ids))
                .values(claimed_by=me, claimed_until=now + lease)
            )
            return ids
        session.execute(
            update(EmailOutboxMessage)
            .where(EmailOutboxMessage.id.in_(due.limit(limit).scalar_subquery()))
            .values(claimed_by=me, claimed_until=now + lease)
        )
        return list(
            session.scalars(
                select(EmailOutboxMessage.id)
                .where(EmailOutboxMessage.claimed_by == me)
                .order_by(EmailOutboxMessage.id)
            )
        )


def as_email(config, message: EmailOutboxMessage) -> EmailMessage:
    """The message as the mail server receives it: plain text, then any files as parts."""
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.to_address
    if message.reply_to:
        email["Reply-To"] = message.reply_to
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False, usegmt=True)
    email["Message-ID"] = message.message_id
    email.set_content(message.body)
    for filename, mime_type, data in attachment_parts(message):
        maintype, subtype = mime_type.split("/", 1)
        email.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return email


def _deliver(config, message: EmailOutboxMessage) -> None:
    email = as_email(config, message)
    if not config.get("MAIL_SERVER"):
        folder = Path(config["MAIL_FILE_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{message.id}.eml"
        path.write_bytes(email.as_bytes())
        path.chmod(0o600)
        log.info("Email %s written to %s (no MAIL_SERVER set).", message.id, folder)
        return
    try:
        with smtplib.SMTP(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
        ) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(email)
    except smtplib.SMTPRecipientsRefused as error:
        raise PermanentFailure("the server refused the recipient") from error
    except smtplib.SMTPResponseException as error:
        if 500 <= error.smtp_code < 600:
            raise PermanentFailure(f"the server refused it ({error.smtp_code})") from error
        raise


def _try(message_id: int, report: SendReport) -> None:
    """Try one claimed message and record the outcome; never raises.

    The message is read, then sent with no database transaction open (a slow mail server
    holds nothing), then the outcome is written.
    """
    config = current_app.config
    with transaction.separate_session() as session:
        message = session.get(EmailOutboxMessage, message_id)
        session.expunge(message)
    failure = None
    try:
        _deliver(config, message)
    except Exception as error:  # any failure stays with its own message
        failure = error
    with transaction.separate_session() as session:
        message = session.get(EmailOutboxMessage, message_id)
        message.attempts += 1
        message.claimed_until = None
        if failure is None:
            message.sent_at = utcnow()
            report.sent += 1
            return
        _record_failure(message, failure, report)
        log.warning(
            "Email %s not sent (try %s of %s): %s",
            message.id,
            message.attempts,
            MAX_ATTEMPTS,
            type(failure).__name__,
        )


def _record_failure(message: EmailOutboxMessage, error: Exception, report: SendReport) -> None:
    # Only the kind of error: an SMTP server's reply can quote the recipient's address.
    reason = str(error) if isinstance(error, PermanentFailure) else type(error).__name__
    message.last_error = reason[:300]
    if isinstance(error, PermanentFailure | ValueError) or message.attempts >= MAX_ATTEMPTS:
        message.failed_at = utcnow()
        report.failed += 1
    else:
        message.next_attempt_at = utcnow() + RETRY_DELAYS[message.attempts - 1]
        report.retrying += 1


def send_due(limit: int | None = None) -> SendReport:
    """Send every message that is due now (at most ``limit``); report what happened."""
    report = SendReport()
    while limit is None or report.sent + report.retrying + report.failed < limit:
        batch = claim_due(BATCH_SIZE if limit is None else min(BATCH_SIZE, limit))
        if not batch:
            break
        for message_id in batch:
            _try(message_id, report)
    return report


def outbox_counts() -> dict[str, int]:
    """How many messages wait (due now or later) and how many have failed for good."""
    with transaction.separate_session() as session:
        waiting = session.scalar(
            select(func.count()).where(
                EmailOutboxMessage.sent_at.is_(None), EmailOutboxMessage.failed_at.is_(None)
            )
        )
        failed = session.scalar(
            select(func.count()).where(EmailOutboxMessage.failed_at.is_not(None))
        )
    return {"waiting": waiting, "failed": failed}


def try_again(message_id: int) -> None:
    """An admin asks for a failed message to be tried once more (in the request)."""
    message = db.session.get(EmailOutboxMessage, message_id)
    if message is not None and message.sent_at is None:
        message.failed_at = None
        message.attempts = max(0, MAX_ATTEMPTS - 1)
        message.next_attempt_at = utcnow()
