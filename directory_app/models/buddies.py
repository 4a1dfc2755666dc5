"""Volunteer buddies, who go with a person to their first session.

A volunteer's record holds their contact details, the languages they speak, the areas
they cover, when they are free, and the checks a service needs before matching (DBS,
training, references) with their dates.
"""

from datetime import date

from sqlalchemy import JSON, Boolean, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from directory_app.core.extensions import db
from directory_app.models.timestamps import TimestampMixin


class Buddy(TimestampMixin, db.Model):
    __tablename__ = "buddy"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    languages: Mapped[list] = mapped_column(JSON, default=list)  # language codes
    areas: Mapped[list] = mapped_column(JSON, default=list)  # boroughs
    availability: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    dbs_checked_on: Mapped[date | None] = mapped_column(Date)
    trained_on: Mapped[date | None] = mapped_column(Date)
    references_checked_on: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"<Buddy {self.id}>"
