"""Finding our records for the ids in someone else's feed.

A feed's ids become our records' public ids, and the records get a key made from them
("oruk-<id>"), so importing the same feed again finds what the first import made. The
records a run needs are loaded in a few queries at its start (``Existing``): one query per
service, each loading the listing's sessions, categories and translations, made a feed of
150 services take 17 seconds to find unchanged.
"""

import uuid

from sqlalchemy import or_, select

from directory_app.core.extensions import db
from directory_app.models import Activity, ListingChange, Organisation, Venue
from directory_app.models.public_ids import IMPORTED_KEY_PREFIX as KEY_PREFIX

BATCH = 500  # ids per query, well within every database's limit on parameters


def batched(items, size: int):
    """The items in lists of at most ``size`` (itertools.batched is Python 3.12's)."""
    items = list(items)
    return [items[start : start + size] for start in range(0, len(items), size)]


def key_for(public_id: uuid.UUID) -> str:
    """Our key for a record from a feed: stable, so a second import finds it."""
    return f"{KEY_PREFIX}{public_id}"


def imported(record) -> bool:
    """Whether a record came from a feed: ours are never overwritten by one."""
    return record is not None and record.key.startswith(KEY_PREFIX)


class Existing:
    """Our organisations, venues and listings for a feed's ids, and what refers to them."""

    def __init__(self, records):
        self._found = {Activity: {}, Organisation: {}, Venue: {}}
        # What the feed says of each organisation, from the first service that nests it:
        # another service may name it by id alone.
        self.organisations = {}
        for record in records:
            if record.organisation is not None:
                self.organisations.setdefault(record.organisation_id, record.organisation)
        wanted = {
            Activity: {record.public_id for record in records},
            Organisation: {record.organisation_id for record in records},
            Venue: {record.venue.public_id for record in records if record.venue},
        }
        for model, ids in wanted.items():
            for batch in batched(sorted(ids - {None}), BATCH):
                keys = [key_for(public_id) for public_id in batch]
                for found in db.session.scalars(
                    select(model).where(or_(model.public_id.in_(batch), model.key.in_(keys)))
                ):
                    self.add(found)
        links = sorted({record.at_venue_public_id for record in records} - {None})
        self._links = {}
        for batch in batched(links, BATCH):
            rows = db.session.execute(
                select(Activity.at_venue_public_id, Activity.public_id).where(
                    Activity.at_venue_public_id.in_(batch)
                )
            )
            self._links.update({link: holder for link, holder in rows})
        self._waiting = {}
        activity_ids = sorted(found.id for found in self._found[Activity].values())
        for batch in batched(activity_ids, BATCH):
            for change in db.session.scalars(
                select(ListingChange)
                .where(ListingChange.activity_id.in_(batch), ListingChange.status == "pending")
                .order_by(ListingChange.id)
            ):
                self._waiting[change.activity_id] = change  # the newest, as the editor's

    def add(self, record) -> None:
        """Know a record (found, or made by this run) by its public id and its key."""
        self._found[type(record)][record.public_id] = record
        self._found[type(record)][record.key] = record

    def find(self, model, public_id: uuid.UUID | None):
        """The record a feed's id stands for: by public id, else by the key made from it."""
        if public_id is None:
            return None
        found = self._found[model]
        return found.get(public_id) or found.get(key_for(public_id))

    def link_holder(self, link_id: uuid.UUID) -> uuid.UUID | None:
        """The public id of our listing whose at-venue id this is, if any."""
        return self._links.get(link_id)

    def waiting(self, activity) -> ListingChange | None:
        """The listing's change waiting for a moderator, as the run began."""
        return self._waiting.get(activity.id) if activity.id is not None else None
