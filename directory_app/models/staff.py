"""Staff accounts: administrators, link workers and (later) VCSE providers."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.core.extensions import db
from directory_app.models.timestamps import TimestampMixin

ROLES = ("admin", "link_worker", "provider")
# Roles allowed to see referrals and buddy requests (special-category health data).
REFERRAL_ROLES = ("admin", "link_worker")
# Roles that moderate listings (and so still see listings hidden from the public).
MODERATOR_ROLES = ("admin", "link_worker")


class StaffUser(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "staff_user"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'link_worker', 'provider')", name="known_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lowercased, so sign-in is case-insensitive and duplicates impossible.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When an admin deactivated the account (a leaver); null while active.
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The language of the pages they last signed in on (or asked for their account on):
    # emails to them are written in it. Null until known; emails then go in English.
    language: Mapped[str | None] = mapped_column(String(12))
    # Changing this signs the user out everywhere (Flask-Login uses it as the session id):
    # signing out, a new password and deactivation all change it.
    session_token: Mapped[str] = mapped_column(String(64), unique=True)
    # The inbox's search, kept here rather than in the session cookie, which the browser
    # holds readable: it is a name or a phone number.
    inbox_search: Mapped[str] = mapped_column(String(100), default="", server_default="")

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return self.session_token

    # Loaded when first asked for (group accounts' pages), not with every signed-in
    # request: link workers and admins belong to none, and a selectin load was two
    # statements of each inbox search.
    organisations = relationship(
        "Organisation",
        secondary="provider_organisation",
        lazy="select",
        order_by="Organisation.name",
    )

    @property
    def can_see_referrals(self) -> bool:
        return self.role in REFERRAL_ROLES

    def __repr__(self) -> str:
        return f"<StaffUser {self.id} {self.role}>"


class SignInLock(db.Model):
    """Failed sign-ins for one (address, client) pair, and until when it is locked.

    The key is a keyed hash of the two (``accounts.lockout``): no address is stored.
    """

    __tablename__ = "sign_in_lock"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class EmailedLink(db.Model):
    """A one-time link emailed to a staff member: to sign in, or to set a password."""

    __tablename__ = "emailed_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(20))
    token_id: Mapped[str] = mapped_column(String(32), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user = relationship("StaffUser", lazy="joined")
