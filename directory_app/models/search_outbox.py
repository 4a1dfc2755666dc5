"""The search outbox: index changes recorded in the same transaction as the data change.

A row is written whenever an activity (or its venue or organisation) changes, in the same
database transaction. After the transaction commits, the rows are applied to the Whoosh index
and marked applied. If the write to the index fails, or the process dies first, the rows stay
pending and the next sync applies them, so no change is ever lost; if the transaction rolls
back, the rows vanish with it, so the index never shows a change that did not happen.
"""

from datetime import datetime

from sqlalchemy import DateTime, Integer
from sqlalchemy.orm import Mapped, mapped_column

from directory_app.core.extensions import db
from directory_app.models.timestamps import utcnow


class SearchOutboxEntry(db.Model):
    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Not a foreign key: a deleted activity's entry must outlive it so the index drops it.
    activity_id: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
