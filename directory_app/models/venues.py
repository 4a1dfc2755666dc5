"""Venues, shared by the activities held there, and their accessibility."""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.core.extensions import db
from directory_app.domain.vocabulary import ACCESS_FEATURES, codes
from directory_app.models.checks import one_of
from directory_app.models.public_ids import PublicIdMixin
from directory_app.models.timestamps import TimestampMixin


class Venue(PublicIdMixin, TimestampMixin, db.Model):
    __tablename__ = "venue"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address_line: Mapped[str] = mapped_column(String(300))
    town: Mapped[str] = mapped_column(String(100))
    postcode: Mapped[str] = mapped_column(String(10), index=True)
    # British National Grid metres (from Code-Point Open), used for distances;
    # latitude/longitude for map and directions links.
    easting: Mapped[int | None] = mapped_column(Integer)
    northing: Mapped[int | None] = mapped_column(Integer)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    borough: Mapped[str] = mapped_column(String(100), index=True)
    neighbourhood: Mapped[str] = mapped_column(String(100), default="")
    getting_there: Mapped[str] = mapped_column(Text, default="")
    accessibility_detail: Mapped[str] = mapped_column(Text, default="")
    # The group that added the venue, so it can keep it right before any activity is held
    # there; null for venues from the seed data or an import.
    added_by_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )

    # An admin archives a venue nobody meets at any more: it leaves the public pages, the
    # feeds and the editors' choices, but stays for the versions and listings that name it.
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    archived_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL")
    )

    access_features = relationship(
        "VenueAccessFeature", cascade="all, delete-orphan", lazy="selectin"
    )
    activities = relationship("Activity", back_populates="venue")
    archived_by = relationship("StaffUser", foreign_keys=[archived_by_id])

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    @property
    def feature_codes(self) -> set[str]:
        return {feature.feature for feature in self.access_features}

    def __repr__(self) -> str:
        return f"<Venue {self.id} {self.key}>"


class VenueAccessFeature(db.Model):
    __tablename__ = "venue_access_feature"
    __table_args__ = (
        UniqueConstraint("venue_id", "feature"),
        CheckConstraint(one_of("feature", codes(ACCESS_FEATURES)), name="known_feature"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id", ondelete="CASCADE"), index=True)
    feature: Mapped[str] = mapped_column(String(40))
