"""Public identifiers: the ids other systems see in open-data feeds (Open Referral UK).

Database ids are private and can change in a rebuild; a public id is a random UUID given
once when a record is created and never changed by an edit, so a consumer that syncs the
feed can tell an update from a new record.
"""

import uuid

from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped, mapped_column


class PublicIdMixin:
    public_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, unique=True, default=uuid.uuid4, nullable=False
    )
