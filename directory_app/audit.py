"""Writing to the audit log. Adds only: the request (or command) commits."""

from flask_login import current_user

from directory_app.extensions import db
from directory_app.models import AuditEvent


def record(action: str, subject=None, actor=None, **detail) -> AuditEvent:
    """Record that ``actor`` (default: the signed-in user) did ``action`` to ``subject``.

    ``detail`` must not contain personal data: name records by id instead.
    """
    if actor is None and current_user and getattr(current_user, "is_authenticated", False):
        actor = current_user
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        subject_type=type(subject).__name__ if subject is not None else "",
        subject_id=getattr(subject, "id", None),
        detail=detail,
    )
    db.session.add(event)
    return event
