"""The Realtime Paged Data Exchange (RPDE 1.0) mechanics both feeds share.

Items are ordered by ``modified`` and then ``id`` ("Modified Timestamp and ID" ordering);
a page holds the items after a position, and ``next`` names the position of its last item.
``modified`` is an integer, the microseconds since the Unix epoch of the moment the item
last changed: RPDE recommends integers, and microseconds are what both databases store, so
the value a page shows and the value the next query compares are exactly the same.

Three rules hold for every item of both feeds:

- Its ``modified`` is never later than ``settled_now`` (``SETTLE`` before the request): a
  change flushed just now may belong to a transaction that commits a moment later, and a
  consumer that had already read past its timestamp would never see it.
- An item that changes moves to the end of the list, never backwards.
- A "deleted" item stays in the list for ``RETENTION`` after it was deleted, then leaves.
  RPDE asks for at least 7 days; 14 let a consumer that reads once a week miss none.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from directory_app.domain.dates import aware

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
PAGE_SIZE = 500  # RPDE's suggested size; OpenActive's validator warns about smaller pages
RETENTION = timedelta(days=14)
SETTLE = timedelta(seconds=5)
# RPDE asks that pages before the last may be cached for an hour and the last for seconds.
FULL_PAGE_CACHE = "public, max-age=3600"
LAST_PAGE_CACHE = "public, max-age=8"

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MICROSECOND = timedelta(microseconds=1)
_LATEST = datetime(9999, 1, 1, tzinfo=UTC)
_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")  # ASCII digits only: str.isdigit takes "²"


class FeedRequestError(ValueError):
    """A feed address with parameters that do not name a position (a 400, not a 500)."""


def microseconds(moment: datetime) -> int:
    """A moment as RPDE's ``modified``: whole microseconds since the Unix epoch."""
    return (aware(moment) - _EPOCH) // _ONE_MICROSECOND


def moment_of(value: int) -> datetime:
    """The moment a ``modified`` value stands for (UTC), clamped to what datetime holds."""
    try:
        return min(_EPOCH + value * _ONE_MICROSECOND, _LATEST)
    except OverflowError:
        return _LATEST


@dataclass(frozen=True, order=True)
class Position:
    """A place in a feed's order: after every item with a smaller (modified, id)."""

    modified: int
    id: str


@dataclass(frozen=True)
class FeedRequest:
    """What a consumer asked for: the position to start after (None: the beginning) and
    how many items at most."""

    after: Position | None = None
    limit: int = PAGE_SIZE

    @classmethod
    def from_args(cls, args) -> "FeedRequest":
        """Read ``afterTimestamp``, ``afterId`` and ``limit``; raise FeedRequestError."""
        timestamp, after_id = args.get("afterTimestamp"), args.get("afterId")
        if (timestamp is None) != (after_id is None):
            raise FeedRequestError("afterTimestamp and afterId must be given together")
        after = None
        if timestamp is not None:
            if not _WHOLE_NUMBER.fullmatch(timestamp):
                raise FeedRequestError("afterTimestamp must be a whole number")
            if not after_id or len(after_id) > 120:
                raise FeedRequestError("afterId must be an item id")
            after = Position(int(timestamp), after_id)
        limit = args.get("limit", str(PAGE_SIZE))
        if not _WHOLE_NUMBER.fullmatch(limit) or not 1 <= int(limit) <= PAGE_SIZE:
            raise FeedRequestError(f"limit must be a whole number from 1 to {PAGE_SIZE}")
        return cls(after, int(limit))

    def parameters(self) -> dict:
        """The parameters naming this page, in a fixed order (for the last page's ``next``,
        which must be the page's own address)."""
        values = {}
        if self.after is not None:
            values = {"afterTimestamp": self.after.modified, "afterId": self.after.id}
        if self.limit != PAGE_SIZE:
            values["limit"] = self.limit
        return values

    def is_after(self, position: Position) -> bool:
        """Whether an item at ``position`` belongs after this request's starting point."""
        return self.after is None or position > self.after


@dataclass(frozen=True)
class FeedItem:
    """One item of a page: "updated" with its data, or "deleted" with none."""

    position: Position
    kind: str
    state: str
    data: dict | None = field(default=None, compare=False)

    def as_json(self) -> dict:
        """The item as RPDE has it: a deleted item carries no ``data``."""
        item = {
            "state": self.state,
            "kind": self.kind,
            "id": self.position.id,
            "modified": self.position.modified,
        }
        if self.state == "updated":
            item["data"] = self.data
        return item


def settled_now(now: datetime) -> datetime:
    """The moment a feed shows the data as of (see the module's first rule)."""
    return aware(now) - SETTLE


def first_page_of(items, request: FeedRequest) -> list:
    """The first ``request.limit`` of some (Position, …) tuples after the request's
    position, in order; ``items`` may come in any order."""
    after = [item for item in items if request.is_after(item[0])]
    after.sort(key=lambda item: item[0])
    return after[: request.limit]


def next_parameters(items: list[FeedItem], request: FeedRequest) -> dict:
    """The ``next`` page's parameters: after the last item, or this page again when empty."""
    if not items:
        return request.parameters()
    last = items[-1].position
    parameters = {"afterTimestamp": last.modified, "afterId": last.id}
    if request.limit != PAGE_SIZE:
        parameters["limit"] = request.limit
    return parameters


def page_body(items: list[FeedItem], next_url: str) -> str:
    """The page as RPDE JSON text."""
    body = {"next": next_url, "items": [item.as_json() for item in items], "license": LICENSE}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def cache_control(items: list[FeedItem]) -> str:
    """An empty page is the last (its ``next`` is itself): consumers poll it, so seconds."""
    return FULL_PAGE_CACHE if items else LAST_PAGE_CACHE
