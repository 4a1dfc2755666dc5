"""Reports of spreadsheets that could not be imported: kept a day, summarised, paged.

A file of 20,000 bad rows made a 13.9 MB page. The report is stored once; its page shows
how many problems of each kind there are, then the problems a hundred at a time.
"""

import math
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select

from directory_app.core.extensions import db
from directory_app.domain.dates import aware, utcnow
from directory_app.models import ImportReportRecord

PAGE_SIZE = 100
KEPT_FOR = timedelta(days=1)
KINDS_SHOWN = 20


@dataclass
class ProblemsPage:
    record: ImportReportRecord
    number: int
    count: int  # pages in all
    problems: list  # (row, column, message) on this page
    kinds: list  # ((column, message), how many), the most common first

    @property
    def total(self) -> int:
        return len(self.record.problems)


def keep(report, user) -> ImportReportRecord:
    """Store a report's problems (and forget reports older than a day)."""
    db.session.execute(
        delete(ImportReportRecord).where(ImportReportRecord.created_at < utcnow() - KEPT_FOR)
    )
    record = ImportReportRecord(
        token=secrets.token_hex(16),
        created_by_id=user.id,
        rows=report.rows,
        problems=[[p.row, p.column, p.message] for p in report.problems],
    )
    db.session.add(record)
    db.session.flush()
    return record


def find(token: str) -> ImportReportRecord | None:
    record = db.session.scalar(select(ImportReportRecord).where(ImportReportRecord.token == token))
    if record is None or aware(record.created_at) < utcnow() - KEPT_FOR:
        return None
    return record


def page_of(record: ImportReportRecord, number: int) -> ProblemsPage:
    count = max(1, math.ceil(len(record.problems) / PAGE_SIZE))
    number = min(number, count)
    start = (number - 1) * PAGE_SIZE
    kinds = Counter((column, message) for _row, column, message in record.problems)
    return ProblemsPage(
        record=record,
        number=number,
        count=count,
        problems=record.problems[start : start + PAGE_SIZE],
        kinds=kinds.most_common(KINDS_SHOWN),
    )
