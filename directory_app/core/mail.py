"""Email through an outbox: queued in the request's transaction, sent by the mail worker.

A message is a row committed with whatever caused it, so a mail server that is down never
loses one. The web workers never talk to the mail server: ``flask mail worker`` (started by
``make run`` beside gunicorn) or ``flask mail send`` (from cron) sends them, retrying with
backoff over days (``mail_sender``). Header values are cleaned here, where messages are
made, so no title or name can break a message or the queue behind it.
"""

import base64
import logging
import re
from collections.abc import Iterable
from datetime import datetime
from email.utils import make_msgid
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from directory_app.core.extensions import db
from directory_app.domain.dates import utcnow

log = logging.getLogger(__name__)

SUBJECT_LENGTH = 200
# One address, nothing else: no second header smuggled in after a line break.
ADDRESS_RE = re.compile(r"^[^@\s<>,;:\"()\[\]\\]+@[^@\s<>,;:\"()\[\]\\]+\.[^@\s<>,;:\"()\[\]\\]+$")
_HEADER_BREAKS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u0085]+")


class EmailOutboxMessage(db.Model):
    """An email to send, stored in the same transaction as what caused it.

    The sender claims a message before trying it (``claimed_by`` until ``claimed_until``),
    so two senders never send the same one; a failed try sets ``next_attempt_at`` later
    and later, and after the last try the message is marked ``failed_at`` and shown to
    admins: nothing is dropped silently.
    """

    __tablename__ = "email_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    to_address: Mapped[str] = mapped_column(String(254))
    reply_to: Mapped[str] = mapped_column(String(254), default="", server_default="")
    subject: Mapped[str] = mapped_column(String(SUBJECT_LENGTH))
    body: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(255), default="", server_default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    claimed_by: Mapped[str] = mapped_column(String(64), default="", server_default="")
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # Files sent with the message ("add to my calendar"): a list of {"filename", "mime_type",
    # "data" (base64)}. Small by design, so they travel in the row and the outbox stays the
    # one place a message lives until it is sent.
    attachments: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")


def header_text(text: str, limit: int = SUBJECT_LENGTH) -> str:
    """A header value on one line: line breaks and control characters become spaces."""
    flat = " ".join(_HEADER_BREAKS.sub(" ", str(text)).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def clean_address(address: str | None) -> str | None:
    """The address if it is exactly one plain address, else None."""
    address = (address or "").strip()
    return address if ADDRESS_RE.match(address) and len(address) <= 254 else None


Attachment = tuple[str, str, bytes]
# A header-safe file name: what a calendar file or a letter needs, nothing a client could
# read as a path.
_FILENAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _stored(attachments: Iterable[Attachment]) -> list[dict]:
    stored = []
    for filename, mime_type, data in attachments:
        name = _FILENAME_UNSAFE.sub("-", header_text(filename, 100)).strip(".-") or "attachment"
        kind = mime_type if re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", mime_type or "") else ""
        stored.append(
            {
                "filename": name,
                "mime_type": kind or "application/octet-stream",
                "data": base64.b64encode(bytes(data)).decode("ascii"),
            }
        )
    return stored


def attachment_parts(message: EmailOutboxMessage) -> list[Attachment]:
    """A queued message's files as (filename, mime type, bytes)."""
    return [
        (part["filename"], part["mime_type"], base64.b64decode(part["data"]))
        for part in message.attachments or ()
    ]


def queue(
    to_address: str, subject: str, body: str, attachments: Iterable[Attachment] = ()
) -> EmailOutboxMessage | None:
    """Add a message to the outbox (the caller's transaction commits it).

    ``attachments`` are (filename, mime type, bytes), e.g. an activity's ``.ics`` file.

    Every message can be answered: ``Reply-To`` is ``MAIL_REPLY_TO``, a person, since the
    sender address is not read. A recipient that is not one plain address is not queued
    (and says so in the log, without the address).
    """
    recipient = clean_address(to_address)
    if recipient is None:
        log.warning("An email was not queued: its recipient is not a valid address.")
        return None
    config = current_app.config
    domain = urlsplit(config["PUBLIC_URL"]).hostname or "localhost"
    message = EmailOutboxMessage(
        to_address=recipient,
        reply_to=clean_address(config["MAIL_REPLY_TO"]) or "",
        subject=header_text(subject),
        body=body,
        message_id=make_msgid(domain=domain),
        next_attempt_at=utcnow(),
        attachments=_stored(attachments),
    )
    db.session.add(message)
    return message
