"""Reading what the app queued to send, as tests need to in many places."""

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.models import EmailOutboxMessage


def latest_email(app) -> EmailOutboxMessage:
    """The message queued last, detached so it can be read after the app context closes."""
    with app.app_context():
        message = db.session.scalars(
            select(EmailOutboxMessage).order_by(EmailOutboxMessage.id.desc())
        ).first()
        db.session.expunge(message)
        return message
