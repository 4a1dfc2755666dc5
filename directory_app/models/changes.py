"""Every version of a listing or venue: what a group proposed, and what moderators decided."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from directory_app.core.extensions import db
from directory_app.models.timestamps import utcnow


class ReviewedChange:
    """The fields before and after, who proposed them, and the moderator's decision.

    'pending' waits for a moderator while the published version stays live; 'applied'
    went live (approved, or from a trusted group); 'returned' was sent back with a comment.
    """

    @declared_attr.directive
    def __table_args__(cls):
        return (
            CheckConstraint("status IN ('pending', 'applied', 'returned')", name="known_status"),
        )

    id: Mapped[int] = mapped_column(primary_key=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    before: Mapped[dict] = mapped_column(JSON)
    after: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str] = mapped_column(String(500), default="")

    @declared_attr
    def submitted_by(cls):
        return relationship("StaffUser", foreign_keys=[cls.submitted_by_id], lazy="joined")

    @declared_attr
    def reviewed_by(cls):
        return relationship("StaffUser", foreign_keys=[cls.reviewed_by_id], lazy="joined")

    @property
    def changed_fields(self) -> list[str]:
        # A field added in this change (a new translation) has no "before": compare with "".
        return [name for name in self.after if self.after[name] != self.before.get(name, "")]


class ListingChange(ReviewedChange, db.Model):
    """A proposed change to an activity."""

    __tablename__ = "listing_change"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    activity = relationship("Activity", lazy="joined")


class VenueChange(ReviewedChange, db.Model):
    """A proposed change to a venue, made on behalf of one of the groups that meet there.

    Venues are shared: a change to a hall's address or ramp shows on every group's listings
    held there, so it is checked unless only trusted groups of the proposer's meet there.
    """

    __tablename__ = "venue_change"

    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    venue = relationship("Venue", lazy="joined")
    organisation = relationship("Organisation", lazy="joined")
