"""Onward referrals: a link worker refers the person to a group's listing.

The group sees only what the person agreed to share (``shared`` names the fields, copied
at the moment of sending), answers in its account, and records first contact and
attendance; the link worker's two-week "did they make contact?" check is ``check_due_on``.
"""

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.core.extensions import db
from directory_app.models.checks import one_of
from directory_app.models.timestamps import utcnow

ONWARD_STATUSES = ("sent", "accepted", "declined", "contacted", "attending", "stopped", "withdrawn")
DECLINE_REASONS = ("full", "not_suitable", "not_eligible", "no_response", "other")


class OnwardReferral(db.Model):
    __tablename__ = "onward_referral"
    __table_args__ = (CheckConstraint(one_of("status", ONWARD_STATUSES), name="known_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="sent", index=True)
    # What the person agreed the group may see, copied when sent: {"first_name": "Ana", …}.
    shared: Mapped[dict] = mapped_column(JSON, default=dict)
    message: Mapped[str] = mapped_column(Text, default="")
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    decline_reason: Mapped[str] = mapped_column(String(20), default="")
    decline_note: Mapped[str] = mapped_column(String(500), default="")
    first_contact_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    check_due_on: Mapped[date | None] = mapped_column(Date, index=True)
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_session_on: Mapped[date | None] = mapped_column(Date)
    attended_first_session: Mapped[bool | None] = mapped_column(Boolean)
    still_attending_at_six_weeks: Mapped[bool | None] = mapped_column(Boolean)

    referral = relationship("Referral", backref="onward_referrals")
    activity = relationship("Activity", lazy="joined")
    organisation = relationship("Organisation", lazy="joined")
    sent_by = relationship("StaffUser", foreign_keys=[sent_by_id], lazy="joined")
    answered_by = relationship("StaffUser", foreign_keys=[answered_by_id], lazy="joined")

    def __repr__(self) -> str:  # no personal data
        return f"<OnwardReferral {self.id} {self.status}>"
