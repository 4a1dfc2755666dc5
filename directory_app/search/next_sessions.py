"""Sorting by next session, fast enough for every document in the index.

Each document's timetable is read once per segment and flattened into arrays (one entry
per slot). For a given moment, every slot's next start is then a few vectorised sums, and
each document's next session is the minimum over its slots. This replaces a Python call per
document per search, which at 100,000 listings took seconds.

Times are naive local wall-clock minutes, as in ``schedules``.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from directory_app.domain import recurrence, schedules
from directory_app.search import segments
from directory_app.search.index_store import per_searcher

EPOCH = datetime(2000, 1, 3)  # a Monday
MINUTES_PER_DAY = 24 * 60
NEVER = np.inf
# How far ahead monthly and term-time sessions are worked out when a segment is first read;
# segments are rewritten as listings change, and a year and more is far past any search.
EXPANDED_DAYS = 800


def _minutes(moment: datetime) -> int:
    return int((moment - EPOCH).total_seconds() // 60)


def _day_minutes(day: date) -> int:
    return _minutes(datetime.combine(day, datetime.min.time()))


@dataclass
class SlotArrays:
    doc: np.ndarray  # document number of each slot
    period: np.ndarray  # 0 for a one-off session, else minutes between sessions
    anchor: np.ndarray  # minutes of one session's start (any one, for recurring slots)
    duration: np.ndarray
    first_day: np.ndarray  # minutes at the start of the first day it runs (or -inf)
    after_last_day: np.ndarray  # minutes at the end of the last day it runs (or +inf)
    doc_count: int


_EPOCH_DAY = EPOCH.date().toordinal()


def _day_of(iso: str) -> int:
    """Minutes from EPOCH to the start of an ISO date."""
    return (date.fromisoformat(iso).toordinal() - _EPOCH_DAY) * MINUTES_PER_DAY


def _minute_of_day(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _segment_slots(reader) -> tuple[np.ndarray, ...]:
    """One segment's slots (document numbers local to it), read from the stored
    ``schedules.encode`` form directly, without building a Timetable per document.

    Slots that repeat at a fixed number of weeks are one row each (a course's row stops
    after its last week). A monthly or term-time slot has no fixed period: its sessions
    over the coming ``EXPANDED_DAYS`` are worked out by ``recurrence`` (as on the activity
    page) and stored as one-off rows.
    """
    rows = []
    today = date.today()
    for docnum, encoded in enumerate(reader.column_reader("schedule")):
        if not encoded:
            continue
        data = json.loads(encoded.decode("utf-8") if isinstance(encoded, bytes) else encoded)
        starts = _day_of(data["from"]) if data["from"] else -np.inf
        ends = _day_of(data["to"]) + MINUTES_PER_DAY if data["to"] else np.inf
        for frequency, weekday, on_date, start_text, end_text, *more in data["s"]:
            extras = more[0] if more else {}
            start = _minute_of_day(start_text)
            length = max(1, _minute_of_day(end_text) - start)
            if frequency == "monthly" or extras.get("t"):
                slot = schedules.decoded_slot(
                    [frequency, weekday, on_date, start_text, end_text, *more]
                )
                for day in _coming_dates(slot, schedules.decoded_terms(data), today):
                    rows.append((docnum, 0, _day_of(day.isoformat()) + start, length, starts, ends))
                continue
            first, last = starts, ends
            if frequency == "once":
                period, anchor = 0, _day_of(on_date) + start
            else:
                weeks = extras.get("n") or (2 if frequency == "fortnightly" else 1)
                period = weeks * 7 * MINUTES_PER_DAY
                # EPOCH is a Monday, so weekday * days lands on the right day of the week.
                reference = _day_of(on_date) if on_date else weekday * MINUTES_PER_DAY
                anchor = reference + start
                if frequency == "course":
                    first = max(first, _day_of(on_date))
                    last = min(last, _day_of(on_date) + extras["c"] * 7 * MINUTES_PER_DAY)
            rows.append((docnum, period, anchor, length, first, last))
    if not rows:
        return (np.empty(0, dtype=np.int64), *(np.empty(0) for _ in range(5)))
    columns = list(zip(*rows, strict=True))
    return (
        np.array(columns[0], dtype=np.int64),
        *(np.array(c, dtype=np.float64) for c in columns[1:]),
    )


def _coming_dates(slot, terms, today: date):
    """The dates of a slot with no fixed period over the coming ``EXPANDED_DAYS``."""
    return recurrence.occurrences(
        slot, today - timedelta(days=1), today + timedelta(days=EXPANDED_DAYS), terms
    )


def _slot_arrays(searcher) -> SlotArrays:
    """Every segment's slots, joined, with document numbers over the whole index.

    Deleted documents keep their slots: the caller counts only live documents.
    """
    parts = [
        (offset, segments.cached(reader, ("slots",), lambda reader=reader: _segment_slots(reader)))
        for reader, offset in segments.leaves(searcher)
    ]
    if not parts:
        return SlotArrays(*(np.empty(0) for _ in range(6)), 0)
    joined = [
        np.concatenate([part[index] + (offset if index == 0 else 0) for offset, part in parts])
        for index in range(6)
    ]
    return SlotArrays(*joined, searcher.reader().doc_count_all())


def minutes_until_next_session(searcher, now: datetime) -> np.ndarray:
    """For every document number, minutes until its next session starts (inf for none).

    A session in progress counts (negative minutes), as on the activity page. Cached on
    the searcher for the same minute.
    """
    cache = per_searcher(searcher)
    if "slots" not in cache:
        cache["slots"] = _slot_arrays(searcher)
    arrays = cache["slots"]
    key = _minutes(now)
    cached = cache.get("next")
    if cached is not None and cached[0] == key:
        return cached[1]
    # The earliest start that still counts: not ended yet, and on or after the first day.
    earliest = np.maximum(key - arrays.duration + 1, arrays.first_day)
    recurring = arrays.period > 0
    steps = np.zeros_like(arrays.anchor)
    steps[recurring] = np.ceil(
        (earliest[recurring] - arrays.anchor[recurring]) / arrays.period[recurring]
    )
    starts = arrays.anchor + steps * arrays.period
    one_off_gone = ~recurring & (starts < earliest)
    starts[one_off_gone | (starts >= arrays.after_last_day)] = NEVER
    result = np.full(arrays.doc_count, NEVER)
    np.minimum.at(result, arrays.doc, starts - key)
    cache["next"] = (key, result)
    return result
