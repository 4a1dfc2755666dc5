"""Dates and times as the directory reads them: local wall-clock time, months, and
timezone-aware moments (also from databases that drop the zone)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware, for stored moments and column defaults."""
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """A stored moment with its zone: SQLite returns naive datetimes for UTC columns."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local_now() -> datetime:
    """The deployment's wall-clock time, naive, as activity times are published."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.now(zone).replace(tzinfo=None, microsecond=0)


def local_today() -> date:
    """Today in the deployment's timezone."""
    return local_now().date()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the end of shorter months."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def months_old(since: date, today: date) -> int:
    """Whole months between two dates."""
    months = (today.year - since.year) * 12 + (today.month - since.month)
    return months - 1 if today.day < since.day else months
