"""How far through the search log one index is: its cursor, kept inside the index itself.

The cursor is ``high``, the highest log id applied, and ``gaps``, the ids below it that were
missing when ``high`` passed them. Log ids are given when a transaction inserts its row, but
transactions commit in any order: a change with id 10 can commit after one with id 11. So a
missing id is not skipped for good at once; it is a gap, looked for again on every pass,
until it shows up (a late commit, applied then) or is older than ``gap_seconds`` (a rolled
back transaction, whose id will never appear). Everything up to ``applied_through`` (just
below the lowest gap) is certainly in the index; that is what a host reports, and what the
log may be pruned to.

The file lives in the index generation's own folder, so a rebuilt index starts with the
cursor of the moment its rebuild began, and copying an index copies its cursor. Writing
it after the index commits (and replacing it atomically) means a crash in between only
applies some rows twice, which is harmless: applying a row rewrites the activity's
document from the database as it is now.
"""

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

CURSOR_FILE = "LOG_CURSOR"


@dataclass
class LogCursor:
    high: int = 0
    gaps: dict[int, float] = field(default_factory=dict)  # id -> when first missed (epoch s)

    @property
    def applied_through(self) -> int:
        return min(self.gaps) - 1 if self.gaps else self.high

    def passed(self, ids: list[int], now: float | None = None) -> None:
        """Record that these ids (any order) are now in the index."""
        now = time.time() if now is None else now
        for log_id in sorted(ids):
            self.gaps.pop(log_id, None)
            if log_id > self.high:
                for missing in range(self.high + 1, log_id):
                    self.gaps[missing] = now
                self.high = log_id

    def forget_old_gaps(self, gap_seconds: float, now: float | None = None) -> None:
        """Give up on ids missing for longer than any transaction lasts (rolled back)."""
        limit = (time.time() if now is None else now) - gap_seconds
        self.gaps = {log_id: seen for log_id, seen in self.gaps.items() if seen >= limit}


def read(generation_dir: str | Path) -> LogCursor:
    """The cursor of an index generation; an index without one has applied nothing."""
    try:
        data = json.loads((Path(generation_dir) / CURSOR_FILE).read_text("utf-8"))
    except FileNotFoundError:
        return LogCursor()
    return LogCursor(
        high=int(data["high"]), gaps={int(k): float(v) for k, v in data["gaps"].items()}
    )


def write(generation_dir: str | Path, cursor: LogCursor) -> None:
    path = Path(generation_dir) / CURSOR_FILE
    temporary = path.with_name(f"{CURSOR_FILE}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"high": cursor.high, "gaps": cursor.gaps}), "utf-8")
    os.replace(temporary, path)
