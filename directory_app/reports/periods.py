"""The date range a report covers, read from the query string.

Either a preset (``?period=last_quarter``) or two ISO dates (``?from=2026-04-01&to=2026-06-30``),
both days included. Quarters and the financial year are the UK public sector's: the year
starts on 1 April, so its quarters start in April, July, October and January. A range
that is still running ends today, so a report never claims days that have not happened.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from directory_app.domain.dates import add_months

PRESETS = {
    "this_quarter": _l("This quarter so far"),
    "last_quarter": _l("Last quarter"),
    "this_financial_year": _l("This financial year so far"),
    "last_12_months": _l("The last 12 months"),
}
DEFAULT_PRESET = "last_quarter"
CUSTOM = "custom"  # the form's "dates I choose" option: ``from`` and ``to`` are read
# Longer ranges are better answered as several reports; it also bounds the work per request.
MAX_SPAN_YEARS = 3


class PeriodError(ValueError):
    """A range that cannot be reported on; ``errors`` maps each form field to its message."""

    def __init__(self, errors: dict):
        super().__init__(", ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included; ``preset`` names a preset, or is ""."""

    start: date
    end: date
    preset: str = ""

    def moments(self) -> tuple[datetime, datetime]:
        """The range as UTC moments: the start's local midnight up to (not including) the
        midnight after the end, so a request made at 00:30 in British Summer Time falls on
        the day the link worker saw it arrive."""
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        start = datetime.combine(self.start, time(), zone).astimezone(UTC)
        end = datetime.combine(self.end + timedelta(days=1), time(), zone).astimezone(UTC)
        return start, end

    def as_detail(self) -> dict:
        """The range for an audit entry or a file name: dates only, nothing personal."""
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def quarter_start(day: date) -> date:
    """The first day of the quarter ``day`` falls in (quarters start Jan, Apr, Jul, Oct)."""
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def financial_year_start(day: date) -> date:
    """1 April on or before ``day``."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def preset_period(name: str, today: date) -> Period:
    """One of ``PRESETS`` as dates, ending today at the latest."""
    if name == "this_quarter":
        return Period(quarter_start(today), today, name)
    if name == "last_quarter":
        end = quarter_start(today) - timedelta(days=1)
        return Period(quarter_start(end), end, name)
    if name == "this_financial_year":
        return Period(financial_year_start(today), today, name)
    if name == "last_12_months":
        return Period(add_months(today, -12) + timedelta(days=1), today, name)
    raise KeyError(name)


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def period_from_args(args, today: date) -> Period:
    """The range a request's query string asks for: a preset, or ``from`` and ``to`` (with
    ``period=custom``, or alone); the default preset when it names nothing.

    Raises :class:`PeriodError` with a message per field for dates that are missing, not
    dates, the wrong way round or too far apart.
    """
    start_text, end_text = args.get("from", ""), args.get("to", "")
    preset = args.get("period", "")
    if preset != CUSTOM and (preset or not (start_text.strip() or end_text.strip())):
        preset = preset or DEFAULT_PRESET
        if preset not in PRESETS:
            raise PeriodError({"period": _("Choose a period from the list")})
        return preset_period(preset, today)
    errors = {}
    start, end = _iso_date(start_text), _iso_date(end_text)
    if start is None:
        errors["from"] = _("Enter the start date as a real date, for example 2026-04-01")
    if end is None:
        errors["to"] = _("Enter the end date as a real date, for example 2026-06-30")
    if not errors and end < start:
        errors["to"] = _("The end date must be the same as or after the start date")
    if not errors and add_months(start, 12 * MAX_SPAN_YEARS) <= end:
        errors["to"] = ngettext(
            "A report can cover at most %(num)d year: choose a later start date",
            "A report can cover at most %(num)d years: choose a later start date",
            MAX_SPAN_YEARS,
        )
    if errors:
        raise PeriodError(errors)
    return Period(start, end)
