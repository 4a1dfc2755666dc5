"""A resident's own shortlist: the activities it holds are written in its link.

Nothing is stored on the server and no account is needed: ``/shortlist/3f-a2-1b`` lists
activities 135, 362 and 47 (their ids in base 36, in the order saved). A link can be sent,
printed or opened on another phone and shows the same list; a small cookie holds the same
code so the "Save" buttons know which list to add to. Listings no longer public are dropped
when the list is shown, and the page says how many.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from directory_app.directory.listings import public_activity
from directory_app.models import Activity

MAX_ITEMS = 30
# Ids up to 36**8: far more activities than a directory will ever hold.
_CODE = re.compile(rf"^[0-9a-z]{{1,8}}(?:-[0-9a-z]{{1,8}}){{0,{MAX_ITEMS - 1}}}$")
COOKIE_NAME = "shortlist"
COOKIE_MAX_AGE = 180 * 24 * 60 * 60


class NotAShortlist(ValueError):
    """The code is not one this site makes (too long, or not ids)."""


class ShortlistFull(Exception):
    """The list already holds ``MAX_ITEMS`` activities."""


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
        if number == 0:
            return text


def encode(activity_ids: list[int]) -> str:
    """The code for these activities, in order, each once; "" for none."""
    unique = list(dict.fromkeys(i for i in activity_ids if i > 0))[:MAX_ITEMS]
    return "-".join(_base36(i) for i in unique)


def decode(code: str) -> list[int]:
    """The activity ids a code lists; raises ``NotAShortlist`` for anything else."""
    code = (code or "").strip().lower()
    if not code:
        return []
    if not _CODE.match(code):
        raise NotAShortlist(code)
    return list(dict.fromkeys(int(part, 36) for part in code.split("-")))


def decode_or_empty(code: str | None) -> list[int]:
    """The ids in a code from a cookie, or none if it is not one of ours."""
    try:
        return decode(code or "")
    except NotAShortlist:
        return []


def with_activity(code: str | None, activity_id: int) -> str:
    """The code with one more activity at the end (no change if it is already there)."""
    ids = decode_or_empty(code)
    if activity_id in ids:
        return encode(ids)
    if len(ids) >= MAX_ITEMS:
        raise ShortlistFull()
    return encode(ids + [activity_id])


def without_activity(code: str, activity_id: int) -> str:
    """The code with one activity taken out."""
    return encode([i for i in decode(code) if i != activity_id])


@dataclass
class OwnShortlist:
    """What a shortlist link shows: the public activities, and how many were dropped."""

    code: str
    activities: list[Activity] = field(default_factory=list)
    removed: int = 0


def shortlist_for(code: str, today: date) -> OwnShortlist:
    """The public activities a code lists, in order; those no longer public are left out
    and counted, and ``code`` is the link without them."""
    ids = decode(code)
    activities = [a for a in (public_activity(i, today) for i in ids) if a is not None]
    return OwnShortlist(
        code=encode([a.id for a in activities]),
        activities=activities,
        removed=len(ids) - len(activities),
    )
