"""Reminders sent to groups to confirm their listings, and their one-click links."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.extensions import db
from directory_app.models.timestamps import utcnow


class ListingReminder(db.Model):
    __tablename__ = "listing_reminder"
    # One reminder per stage per confirmation: confirming starts a new cycle.
    __table_args__ = (UniqueConstraint("activity_id", "stage_months", "cycle_confirmed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    stage_months: Mapped[int] = mapped_column(Integer)
    cycle_confirmed_on: Mapped[date] = mapped_column(Date)
    # The random part of the signed link, so a link can be used once.
    token_id: Mapped[str] = mapped_column(String(32), unique=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    activity = relationship("Activity", lazy="joined")
