"""The audit log: who did what to which record, and when. Admins can read it.

Entries name records by type and id and never copy personal data into ``detail``, so the
log itself needs no retention rule beyond the records it points to.
"""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.extensions import db
from directory_app.models.timestamps import utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # Null for events with no signed-in actor (a failed sign-in, a cron job).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject_type: Mapped[str] = mapped_column(String(40), default="")
    subject_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("StaffUser", lazy="joined")
