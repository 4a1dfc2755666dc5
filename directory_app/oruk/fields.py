"""How values are written in the feed: empty fields left out, times, money, English text.

The standard's consumers treat a field that is there as a fact, so an empty one (None, "",
an empty list) is left out rather than sent as null or "".
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time

from directory_app.domain.dates import aware


def present(**fields) -> dict:
    """The fields that hold something, in the order given."""
    return {name: value for name, value in fields.items() if value not in (None, "", [], {})}


def timestamp(moment: datetime) -> str:
    """A moment in UTC with milliseconds, as the standard's ``last_modified`` asks."""
    moment = aware(moment).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def clock(moment: time) -> str:
    """A time of day as HH:MM (local time, as organisers publish their sessions)."""
    return moment.strftime("%H:%M")


def pounds(pence: int | None) -> int | float | None:
    """An amount in pence as pounds: 300 is 3, 250 is 2.5."""
    if pence is None:
        return None
    whole, rest = divmod(pence, 100)
    return whole if rest == 0 else pence / 100


def paragraphs(*parts: str) -> str:
    """Non-empty texts, one paragraph each."""
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


@dataclass(frozen=True)
class ListingText:
    title: str
    summary: str
    description: str
    first_visit: str


def english_text(activity, translation=None) -> ListingText:
    """The listing's words in English: its own, or its English translation when it is
    written in another language and has one (``translation``), else its own as written."""
    source = translation if activity.text_language != "en" and translation else activity
    return ListingText(
        source.title or activity.title,
        source.summary or activity.summary,
        source.description or "",
        source.first_visit or "",
    )
