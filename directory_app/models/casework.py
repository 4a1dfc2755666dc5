"""Casework around a request: contact attempts, corrections to a person's details, and the
messages sent from the case. All of it is personal data, seen only by link workers, and
anonymising a request deletes it (``referrals.retention``)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.core.extensions import db
from directory_app.models.checks import one_of
from directory_app.models.timestamps import utcnow

ATTEMPT_METHODS = ("phone", "text", "email", "letter", "in_person")
ATTEMPT_OUTCOMES = ("answered", "no_answer", "voicemail", "wrong_number", "sent")


class ContactAttempt(db.Model):
    """One try at reaching the person: call 1, 2, 3, then write (``inbox.attempts``)."""

    __tablename__ = "contact_attempt"
    __table_args__ = (
        CheckConstraint(one_of("method", ATTEMPT_METHODS), name="known_method"),
        CheckConstraint(one_of("outcome", ATTEMPT_OUTCOMES), name="known_outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    method: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")

    made_by = relationship("StaffUser", lazy="joined")


class ReferralCorrection(db.Model):
    """One field of a person's details corrected by a link worker: the old and new value."""

    __tablename__ = "referral_correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")

    changed_by = relationship("StaffUser", lazy="joined")


class CaseMessage(db.Model):
    """An email sent to the person from their case, by template, in their language."""

    __tablename__ = "case_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    template: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(12), default="en")
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="SET NULL"))

    sent_by = relationship("StaffUser", lazy="joined")
    activity = relationship("Activity", lazy="joined")
