"""A resident's unsent answers between the pages of a public form (GOV.UK "one thing per page").

The person's browser holds only an opaque draft key in the signed session cookie; the row
is found by the key's SHA-256, so the table never holds a key that opens a draft. Drafts are
the resident's own and unsent: never shown to staff, never audited, never logged. They expire
``DRAFT_HOURS`` after the last change and are deleted then (``referrals.drafts``).
"""

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from directory_app.core.extensions import db
from directory_app.models.timestamps import TimestampMixin


class RequestDraft(TimestampMixin, db.Model):
    __tablename__ = "request_draft"

    # The SHA-256 (hex) of the key in the person's session cookie.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    # The answers so far, as the form posted them: {field name: [values]}, JSON.
    answers: Mapped[str] = mapped_column(Text, default="{}")
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
