"""Shortlists of activities a link worker puts together for a person on their case.

A resident's own shortlist needs no row: it lives in its link (``shortlists``).
"""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.core.extensions import db
from directory_app.models.timestamps import utcnow


class ShortlistItem(db.Model):
    __tablename__ = "shortlist_item"
    __table_args__ = (UniqueConstraint("referral_id", "activity_id", name="shortlisted_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    activity = relationship("Activity", lazy="joined")
