"""VCSE groups asking for accounts, and which organisations a provider account may manage."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.core.extensions import db
from directory_app.models.timestamps import utcnow

provider_organisation = Table(
    "provider_organisation",
    db.metadata,
    Column("staff_user_id", ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
)


class AccountRequest(db.Model):
    """'Add your group' or 'Claim this organisation', waiting for an admin."""

    __tablename__ = "account_request"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'declined')", name="known_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    contact_name: Mapped[str] = mapped_column(String(120))
    role_in_group: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(40), default="")
    # The language of the page the request was made on: the answer is written in it.
    language: Mapped[str | None] = mapped_column(String(12))
    # Set when claiming an organisation already listed; otherwise the new group's details.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    organisation_name: Mapped[str] = mapped_column(String(200), default="")
    organisation_description: Mapped[str] = mapped_column(Text, default="")
    organisation_website: Mapped[str] = mapped_column(String(300), default="")
    charity_number: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decline_reason: Mapped[str] = mapped_column(String(300), default="")

    organisation = relationship("Organisation", lazy="joined")
    decided_by = relationship("StaffUser")
