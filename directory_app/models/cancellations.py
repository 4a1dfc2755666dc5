"""Single sessions of an activity that are not happening: "not on 25 December (bank holiday)".

A cancellation names a date, not a slot: when an activity meets twice on that day, neither
session runs. It is written by the group (or a moderator) and takes effect at once; the
activity page, the result cards and the calendar files all read it through
``schedules.timetable_for`` (``Timetable.cancelled``).
"""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from directory_app.core.extensions import db
from directory_app.models.timestamps import utcnow

REASON_LENGTH = 100


class SessionCancellation(db.Model):
    __tablename__ = "session_cancellation"
    __table_args__ = (
        UniqueConstraint("activity_id", "on_date", name="session_cancellation_once_per_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    on_date: Mapped[date] = mapped_column(Date)
    # Shown beside the date, as the group wrote it ("Bank holiday"); may be empty.
    reason: Mapped[str] = mapped_column(String(REASON_LENGTH), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # ``Activity.cancellations`` comes from this backref, so the activity model needs no
    # change; "selectin" like the activity's other child rows, because every timetable
    # reads it (a lazy load would be one query per listing in a reindex).
    activity = relationship(
        "Activity",
        backref=backref(
            "cancellations",
            cascade="all, delete-orphan",
            lazy="selectin",
            order_by="SessionCancellation.on_date",
        ),
    )
