"""Listing text in other languages, written by the group or by volunteers.

The original text stays on the activity or organisation, with the language it is written in;
a translation row holds the same fields in one other language.
"""

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from directory_app.core.extensions import db
from directory_app.models.timestamps import TimestampMixin


def translation_in(record, language: str):
    """The record's translation into ``language`` (an activity's or organisation's), or None."""
    return next((row for row in record.translations if row.language == language), None)


class ActivityTranslation(TimestampMixin, db.Model):
    __tablename__ = "activity_translation"
    __table_args__ = (
        UniqueConstraint("activity_id", "language", name="activity_translation_one_per_language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    # A language code from vocabulary.ACTIVITY_LANGUAGES, such as "pl" or "ur".
    language: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    first_visit: Mapped[str] = mapped_column(Text, default="")


class OrganisationTranslation(TimestampMixin, db.Model):
    __tablename__ = "organisation_translation"
    __table_args__ = (
        UniqueConstraint(
            "organisation_id", "language", name="organisation_translation_one_per_language"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
