"""Email through an outbox: queued in the request's transaction, sent after it commits.

If the mail server is down the message stays queued and is retried by the next send
(``flask mail send``, safe from cron, or the next request that queues mail). With no
``MAIL_SERVER`` configured, messages are written to the log instead; they never contain
personal data, so that is safe.
"""

import logging
import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory_app.extensions import db
from directory_app.models import EmailOutboxMessage

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 50


def queue(to_address: str, subject: str, body: str) -> EmailOutboxMessage:
    """Add a message to the outbox (the caller's transaction commits it)."""
    message = EmailOutboxMessage(to_address=to_address, subject=subject, body=body)
    db.session.add(message)
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
    with Session(bind=db.engine) as session:
        messages = session.scalars(
            select(EmailOutboxMessage)
            .where(EmailOutboxMessage.sent_at.is_(None), EmailOutboxMessage.attempts < MAX_ATTEMPTS)
            .order_by(EmailOutboxMessage.id)
        ).all()
        for message in messages:
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
                message.sent_at = datetime.now(UTC)
                sent += 1
            session.commit()
    return sent, waiting


def send_after(response):
    """Try the queued mail once this response has been sent, and return the response.

    A slow or absent mail server never delays the page a person is waiting for; what it
    refuses stays in the outbox for ``flask mail send``.
    """
    app = current_app._get_current_object()

    def send() -> None:
        with app.app_context():
            try:
                send_pending()
            except Exception:  # what triggered the email is stored; the outbox keeps it
                log.exception("Sending queued email failed; it stays in the outbox.")

    response.call_on_close(send)
    return response
