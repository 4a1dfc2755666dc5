"""Reminders sent to groups to confirm their listings, and their one-click links."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.core.extensions import db
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


PROBLEM_KINDS = ("stopped", "wrong_time_or_place", "something_else")


class ProblemReport(db.Model):
    """Someone told us a listing is wrong. Goes to the group and the moderators."""

    __tablename__ = "problem_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    details: Mapped[str] = mapped_column(String(1000), default="")
    # Optional, only so a moderator can reply; blanked when the report is resolved.
    reply_email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # The page language the report was made in: a moderator's reply is written in it.
    language: Mapped[str] = mapped_column(String(12), default="", server_default="")

    activity = relationship("Activity", lazy="joined")
    notes = relationship(
        "ProblemReportNote", cascade="all, delete-orphan", order_by="ProblemReportNote.id"
    )


class ProblemReportNote(db.Model):
    """A moderator's note on a problem report: what was checked, who was asked."""

    __tablename__ = "problem_report_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("problem_report.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    text: Mapped[str] = mapped_column(String(1000))

    author = relationship("StaffUser", lazy="joined")
