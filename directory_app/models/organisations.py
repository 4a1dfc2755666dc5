"""Voluntary, community and social enterprise (VCSE) organisations that run activities."""

from sqlalchemy import Boolean, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.core.extensions import db
from directory_app.models.public_ids import PublicIdMixin
from directory_app.models.timestamps import TimestampMixin


class Organisation(PublicIdMixin, TimestampMixin, db.Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A stable key for seed and import files, so re-loading updates rather than duplicates.
    key: Mapped[str] = mapped_column(String(80), unique=True)
    text_language: Mapped[str] = mapped_column(String(12), default="en", server_default="en")
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    charity_number: Mapped[str | None] = mapped_column(String(20))
    # A trusted group's changes go live at once; others wait for a moderator.
    trusted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    activities = relationship("Activity", back_populates="organisation")
    translations = relationship(
        "OrganisationTranslation",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="OrganisationTranslation.language",
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.key}>"
