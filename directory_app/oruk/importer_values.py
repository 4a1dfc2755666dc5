"""Reading one record of someone else's Open Referral UK feed, assuming it is hostile.

Every field may be missing, null, of the wrong JSON type, huge, or full of control
characters. ``Fields`` reads each one as the type we need and, when it cannot, notes a
problem naming the record and the field's path ("service_at_locations[0].location.name"),
so the importer always ends in a report and never in a traceback.
"""

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from directory_app.web.input import form_text

# Long free text (descriptions, accessibility details) is cut here: the Text columns have no
# limit of their own, and a feed can send megabytes in one field.
LONG_TEXT = 10_000


@dataclass(frozen=True)
class Problem:
    """Something wrong with one service of the feed (or, as a note, something left out)."""

    service: str  # the service's id as the feed gave it, or its place ("#3") when it has none
    field: str
    message: str


class Fields:
    """Typed reads of one service's JSON, collecting problems and notes as they are found."""

    def __init__(self, service: str, problems: list[Problem], notes: list[Problem]):
        self.service = service
        self.problems = problems
        self.notes = notes

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.service, path, message))

    def note(self, path: str, message: str) -> None:
        self.notes.append(Problem(self.service, path, message))

    def present(self, data: dict | None, key: str) -> bool:
        """Whether the feed gave this field at all (null counts as given: it clears ours)."""
        return isinstance(data, dict) and key in data

    def object(self, data: dict | None, key: str, path: str) -> dict | None:
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(path, _("This should be an object"))
            return None
        return value

    def items(self, data: dict | None, key: str, path: str, limit: int) -> list[tuple[str, dict]]:
        """The objects of a list, each with its path; at most ``limit`` of them."""
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, _("This should be a list"))
            return []
        if len(value) > limit:
            self.note(
                path,
                ngettext(
                    "Only the first %(num)d is read", "Only the first %(num)d are read", limit
                ),
            )
        found = []
        for number, item in enumerate(value[:limit]):
            if isinstance(item, dict):
                found.append((f"{path}[{number}]", item))
            else:
                self.problem(f"{path}[{number}]", _("This should be an object"))
        return found

    def text(self, data: dict | None, key: str, path: str, limit: int, required=False) -> str:
        """Plain text, control characters out, cut to ``limit``; "" when absent.

        Markup is kept as the characters it is: pages escape it, nothing renders it.
        """
        value = data.get(key) if isinstance(data, dict) else None
        if value is not None and not isinstance(value, str):
            self.problem(path, _("This should be text"))
            return ""
        cleaned = form_text(value, limit + 1) if value else ""
        if not cleaned:
            if required:
                self.problem(path, _("This is missing or empty"))
            return ""
        if len(cleaned) > limit:
            cleaned = cleaned[:limit].rstrip()
            self.note(
                path, ngettext("Cut to %(num)d character", "Cut to %(num)d characters", limit)
            )
        return cleaned

    def _is_number(self, value, path: str) -> bool:
        """True for a finite JSON number (not true/false, which Python counts as ints);
        anything else is a problem."""
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.problem(path, _("This should be a number"))
            return False
        return True

    def whole_number(self, data: dict | None, key: str, path: str, low: int, high: int):
        """A whole number from low to high, or None when absent (or wrong: a problem)."""
        value = data.get(key) if isinstance(data, dict) else None
        if value is None or not self._is_number(value, path):
            return None
        if value != int(value) or not low <= value <= high:
            self.problem(
                path,
                _("Use a whole number from {low} to {high}").format(low=low, high=high),
            )
            return None
        return int(value)

    def amount(self, data: dict | None, key: str, path: str, highest: float) -> float | None:
        """A non-negative amount (of pounds), or None when absent (or wrong: a problem)."""
        value = data.get(key) if isinstance(data, dict) else None
        if value is None or not self._is_number(value, path):
            return None
        if not 0 <= value <= highest:
            self.problem(
                path, _("Use an amount from 0 to {highest}").format(highest=f"{highest:g}")
            )
            return None
        return float(value)

    def day(self, data: dict | None, key: str, path: str) -> date | None:
        """A date ("2026-12-01", or the date of a date-time), or None."""
        text = self.text(data, key, path, 40)
        if not text:
            return None
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            self.problem(path, _("Use a date like 2026-12-01"))
            return None

    def moment(self, data: dict | None, key: str, path: str) -> datetime | None:
        """A date-time, in UTC (a date alone is its midnight), or None."""
        text = self.text(data, key, path, 40)
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            self.problem(path, _("Use a date and time like 2026-12-01T10:30:00Z"))
            return None
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)

    def identifier(self, data: dict | None, key: str, path: str, required=True):
        """A UUID (the standard's identifiers), or None (a problem when required)."""
        text = self.text(data, key, path, 60, required=required)
        if not text:
            return None
        try:
            return uuid.UUID(text)
        except ValueError:
            self.problem(path, _("This should be a UUID"))
            return None
