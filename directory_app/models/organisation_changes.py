"""Every version of an organisation's public details: what its group proposed, and what
moderators decided (the same workflow as listings' and venues' changes)."""

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory_app.core.extensions import db
from directory_app.models.changes import ReviewedChange


class OrganisationChange(ReviewedChange, db.Model):
    """A proposed change to an organisation's name, description, contact details or their
    translations. Checked by a moderator unless the organisation is trusted: the details
    show on the organisation's page and beside every one of its listings."""

    __tablename__ = "organisation_change"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    organisation = relationship("Organisation", lazy="joined")
