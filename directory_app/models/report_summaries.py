"""Daily report summaries: the commissioners' report's counts for one day at a time, so a
report over any range sums at most a year's days of small rows instead of re-counting
100,000 requests (``reports.daily``).

Nothing here is personal: each row is a number of requests (or onward referrals) that
share a day and one value of one breakdown. The numbers are true counts; the small-number
rule is applied to the summed figures when a report shows them, never per day.
"""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from directory_app.core.extensions import db
from directory_app.models.timestamps import utcnow


class ReportChange(db.Model):
    """How many committed flushes have changed what a summary counts: ``day:2026-12-02``
    for one day's requests and onward referrals, ``wellbeing`` for any measure (or merge).
    Writers add one (``reports.freshness``); a count is up to date only while it was made
    from the number it still shows, so a writer committing while a reader counts leaves the
    reader's count out of date rather than wrongly fresh."""

    __tablename__ = "report_change"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    changes: Mapped[int] = mapped_column(Integer, default=0)


class ReportDay(db.Model):
    """A day whose summary rows were counted, and from which number of its changes
    (``ReportChange``): up to date while that is still the number. A day without a row has
    never been counted."""

    __tablename__ = "report_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    counted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    counted_changes: Mapped[int] = mapped_column(Integer, default=0)


class ReportDailyCount(db.Model):
    """How many requests received (or onward referrals sent) on ``day`` fall in ``key`` of
    the breakdown ``measure``: ("source", "phone") = 12; ("wait", "3") = 4 first contacted
    three days after asking."""

    __tablename__ = "report_daily_count"
    __table_args__ = (
        # One breakdown over every day (the inbox's counts per status), from the index alone.
        Index("ix_report_daily_count_measure", "measure", "day", "key", "value"),
    )

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    measure: Mapped[str] = mapped_column(String(30), primary_key=True)
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class ReportWellbeing(db.Model):
    """The wellbeing change of one range, per scale, as ``reports.wellbeing`` counted it:
    a person's change runs from their first to their latest measure in the range, so it
    is kept per range read (a report's presets, the dashboard's last 12 months), not per
    day. Up to date while no measure has changed since (``ReportChange`` "wellbeing")."""

    __tablename__ = "report_wellbeing"

    start: Mapped[date] = mapped_column(Date, primary_key=True)
    end: Mapped[date] = mapped_column(Date, primary_key=True)
    scale: Mapped[str] = mapped_column(String(20), primary_key=True)
    people: Mapped[int] = mapped_column(Integer)
    # The sum of the people's changes in hundredths of a point (exact on SQLite too).
    hundredths: Mapped[int] = mapped_column(Integer)
    improved: Mapped[int] = mapped_column(Integer)
    # The ``wellbeing`` changes number the figures were counted from (``ReportChange``).
    counted_changes: Mapped[int] = mapped_column(Integer, default=0)
