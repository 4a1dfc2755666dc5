"""Stable public ids for everything the Open Referral UK feed publishes.

Records with a row of their own use the random public id given once when the row was made
(``models.public_ids``): organisations, venues (locations), activities (services) and an
activity at its venue (``at_venue_public_id``, a service_at_location). Taxonomies and their
terms are our fixed vocabularies, whose codes never change, so their ids are name-based
UUIDs (version 5) under one namespace of ours. Parts of a record without a row of their own
(a contact, a phone, a schedule, an address…) get a UUID5 under their parent's public id
from their kind and a stable position or code: editing any other field leaves them alone.
"""

import re
import uuid

# Ours alone, chosen once: changing it would change every taxonomy and term id.
NAMESPACE = uuid.UUID("5f0b7a3e-2c4d-4e8a-9b61-3d2f0c8e7a15")

# The canonical form only: 8-4-4-4-12 hexadecimal digits, optionally in capitals.
_CANONICAL = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def taxonomy_id(name: str) -> uuid.UUID:
    """The id of one of our taxonomies ("categories", "audiences", "accessibility")."""
    return uuid.uuid5(NAMESPACE, f"taxonomy:{name}")


def term_id(taxonomy: str, code: str) -> uuid.UUID:
    """The id of a term (a vocabulary code) in one of our taxonomies."""
    return uuid.uuid5(NAMESPACE, f"term:{taxonomy}:{code}")


def part_id(parent: uuid.UUID, kind: str, key: object = "") -> uuid.UUID:
    """The id of a part of a record: ``kind`` ("phone", "schedule"…) and a stable key
    (a position or a code) under the record's public id."""
    return uuid.uuid5(parent, f"{kind}:{key}")


def parse_uuid(text: str) -> uuid.UUID | None:
    """A UUID in its canonical written form, or None for anything else."""
    if not _CANONICAL.match(text):
        return None
    return uuid.UUID(text)
