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


# Keys of records imported from another directory's Open Referral feed ("oruk-<their id>").
# That directory keeps them right: re-importing its feed updates them, and its providers
# never asked us for email, so our reminders leave them alone.
IMPORTED_KEY_PREFIX = "oruk-"
