"""The audit log: who did what to which record, and when. Admins can read it.

Entries name records by type and id and never copy personal data into ``detail``, so the
log itself needs no retention rule beyond the records it points to. Writing adds only: the
request (or command) commits.
"""

from datetime import datetime

from flask_login import current_user
from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.core.extensions import db
from directory_app.domain.dates import utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    # The audit log's filters: one record's events, one person's, newest first.
    __table_args__ = (
        Index("ix_audit_event_subject", "subject_type", "subject_id", "id"),
        Index("ix_audit_event_actor_id_id", "actor_id", "id"),
        Index("ix_audit_event_action_id", "action", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # Null for events with no signed-in actor (a failed sign-in, a cron job).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject_type: Mapped[str] = mapped_column(String(40), default="")
    subject_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("StaffUser", lazy="joined")


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
