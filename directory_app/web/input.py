"""Reading what a request carries, assuming it is hostile: ids, numbers and free text.

Ids above PostgreSQL's integer range, digits such as "²" that pass ``str.isdigit`` but not
``int``, and NUL bytes (which PostgreSQL cannot store or even compare) all reached the
database and gave a 500. Here they are simply not ids, numbers or text.
"""

import re
import unicodedata

from werkzeug.routing import IntegerConverter

# The largest id PostgreSQL's integer columns hold (SQLite's hold more; we use the smaller).
MAX_ID = 2**31 - 1
_ID_RE = re.compile(r"[0-9]{1,10}")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_TEXT_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def record_id(value) -> int | None:
    """An id from a form or the query string, or None for anything that is not one."""
    text = str(value or "").strip()
    if not _ID_RE.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def whole_number(value, low: int, high: int) -> int | None:
    """A whole number between low and high, or None. Digits of any script count ("٦٧" is
    67, as a resident typing in Arabic means it); "²" and the like do not."""
    text = str(value or "").strip()
    if not text or len(text) > 6 or not all(char.isdecimal() for char in text):
        return None
    number = int("".join(str(unicodedata.decimal(char)) for char in text))
    return number if low <= number <= high else None


def plain_text(value, limit: int) -> str:
    """Free text from the query string: control characters out, at most ``limit`` long."""
    return _CONTROL_RE.sub("", str(value or "")).strip()[:limit]


def form_text(value, limit: int) -> str:
    """Free text typed into a staff form (a note, a comment): line breaks and tabs kept,
    other control characters out, at most ``limit`` long."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return _TEXT_CONTROL_RE.sub("", text).strip()[:limit]


class RecordIdConverter(IntegerConverter):
    """``<int:…>`` in routes, but never beyond an id the database can hold: a 404."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)
