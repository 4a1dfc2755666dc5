"""Email through an outbox: queued in the request's transaction, sent after it commits.

If the mail server is down the message stays queued and is retried by the next send
(``flask mail send``, safe from cron, or the next request that queues mail). With no
``MAIL_SERVER`` configured, messages are written to the log instead; they never contain
personal data, so that is safe.
"""

import logging
import smtplib
from datetime import datetime
from email.message import EmailMessage

from flask import after_this_request, current_app, has_request_context
from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from directory_app.core import transaction
from directory_app.core.extensions import db
from directory_app.domain.dates import utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 50


class EmailOutboxMessage(db.Model):
    """An email to send, stored in the same transaction as what caused it, sent after commit.

    Failed sends are retried (``flask mail send``, or the next commit that queues mail).
    """

    __tablename__ = "email_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)


def queue(to_address: str, subject: str, body: str) -> EmailOutboxMessage:
    """Add a message to the outbox (the caller's transaction commits it)."""
    message = EmailOutboxMessage(to_address=to_address, subject=subject, body=body)
    db.session.add(message)
    transaction.mark_queued("mail")
    return message


def _deliver(config, message: EmailOutboxMessage) -> None:
    if not config.get("MAIL_SERVER"):
        log.info(
            "Email (no MAIL_SERVER set) to %s: %s\n%s",
            message.to_address,
            message.subject,
            message.body,
        )
        return
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email.set_content(message.body)
    with smtplib.SMTP(
        config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
    ) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def send_pending() -> tuple[int, int]:
    """Try every unsent message once; return (sent, still waiting)."""
    config = current_app.config
    sent = waiting = 0
    with transaction.separate_session() as session:
        ids = session.scalars(
            select(EmailOutboxMessage.id)
            .where(EmailOutboxMessage.sent_at.is_(None), EmailOutboxMessage.attempts < MAX_ATTEMPTS)
            .order_by(EmailOutboxMessage.id)
        ).all()
    for message_id in ids:
        with transaction.separate_session() as session:
            message = session.get(EmailOutboxMessage, message_id)
            message.attempts += 1
            try:
                _deliver(config, message)
            except (OSError, smtplib.SMTPException) as error:
                message.last_error = f"{type(error).__name__}: {error}"[:300]
                waiting += 1
                log.warning(
                    "Email %s not sent yet (attempt %s): %s",
                    message.id,
                    message.attempts,
                    type(error).__name__,
                )
            else:
                message.sent_at = utcnow()
                sent += 1
    return sent, waiting


@transaction.after_commit
def hand_to_sender(queued: dict) -> None:
    """After a request that queued mail has committed, try it once the response has gone.

    A slow or absent mail server never delays the page a person is waiting for; what it
    refuses stays in the outbox for ``flask mail send``. Commands send when they choose to.
    """
    if not transaction.queued(queued, "mail") or not has_request_context():
        return
    app = current_app._get_current_object()

    def send() -> None:
        with app.app_context():
            try:
                send_pending()
            except Exception:  # what triggered the email is stored; the outbox keeps it
                log.exception("Sending queued email failed; it stays in the outbox.")

    @after_this_request
    def send_when_closed(response):
        response.call_on_close(send)
        return response
