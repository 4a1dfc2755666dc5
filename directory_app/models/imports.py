"""The problems found in an uploaded spreadsheet, kept for a day so the report can be paged."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from directory_app.core.extensions import db
from directory_app.domain.dates import utcnow


class ImportReportRecord(db.Model):
    __tablename__ = "import_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    # In the report's address: random, so one admin's report is not guessed by counting.
    token: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    rows: Mapped[int] = mapped_column(Integer, default=0)
    # [[row, column, message], …] in file order; the messages are already translated.
    problems: Mapped[list] = mapped_column(JSON, default=list)
