"""Every version of a listing: what a group proposed, and what moderators decided."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.extensions import db
from directory_app.models.timestamps import utcnow


class ListingChange(db.Model):
    """A proposed change to an activity: the fields before and after, and its review.

    'pending' waits for a moderator while the published version stays live; 'applied'
    went live (approved, or from a trusted group); 'returned' was sent back with a comment.
    """

    __tablename__ = "listing_change"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'applied', 'returned')", name="known_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    before: Mapped[dict] = mapped_column(JSON)
    after: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str] = mapped_column(String(500), default="")

    activity = relationship("Activity", lazy="joined")
    submitted_by = relationship("StaffUser", foreign_keys=[submitted_by_id], lazy="joined")
    reviewed_by = relationship("StaffUser", foreign_keys=[reviewed_by_id], lazy="joined")

    @property
    def changed_fields(self) -> list[str]:
        # A translation added in this change has no "before": compare it with empty text.
        return [name for name in self.after if self.after[name] != self.before.get(name, "")]
