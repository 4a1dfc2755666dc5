"""The report's counts kept per day, so a report sums at most a few hundred small rows per
breakdown rather than counting every request of the period again.

A day is counted by the direct queries themselves (``counts``, ``onward_counts``) over
that one day, so a summed report is exactly the direct one: every figure the report
shows is a count of requests received (or onward referrals sent) on a day, and counts add
up over days. Small numbers are hidden after summing (``suppression``), never per day.

Keeping the days right: ``freshness`` adds a change to a day (``ReportChange``) whenever
a flush touches a request or onward referral of that day; a read counts again each day of
its range never counted, or counted from fewer changes than it has now, before summing.
So the figures are correct on every read without a cron, even when a writer commits while
a reader counts; ``flask reports refresh`` counts every stale day in advance (after a bulk
import written around the ORM, say, or to spare the first reader).

Wellbeing change is not kept here: one person's change is between their first and latest
measure in the range, which no sum of days can give; ``wellbeing`` keeps it per range.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from directory_app.core.extensions import db
from directory_app.domain.vocabulary import REFERRAL_REASONS
from directory_app.models import OnwardReferral, Referral
from directory_app.models.onward import DECLINE_REASONS
from directory_app.models.report_summaries import ReportChange, ReportDailyCount, ReportDay
from directory_app.reports import counts, onward_counts
from directory_app.reports.direct import DirectCounts
from directory_app.reports.freshness import changes_now, day_key, day_key_of, local_day
from directory_app.reports.periods import Period

# The grouped counts kept per value ("activity" by id), beside the fixed ones below.
GROUPED_MEASURES = ("kind", "source", "area", "language", "status", "activity")
BUDDY_FIELDS = ("requests", "matched", "attended")
ONWARD_FIELDS = ("sent", "awaiting", "accepted", "declined", "withdrawn", "attended", "six_weeks")


def days_of(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def day_counts(day: date) -> list[tuple[str, str, int]]:
    """Every count of one day as (measure, key, value), zeros left out: what the direct
    queries say about the requests received and the onward referrals sent that day."""
    found = DirectCounts(Period(day, day))
    rows = []
    total = found.total()
    if total:
        rows.append(("total", "", total))
        for measure in GROUPED_MEASURES:
            rows += [(measure, key, n) for key, n in found.by_measure(measure)]
        rows += [("reason", code, n) for code, n in found.by_reason()]
        rows += [("age_band", band, n) for band, n in found.by_age_band()]
        contact = found.first_contact()
        rows += [("contact", "contacted", contact.contacted)]
        rows += [("contact", "within_target", contact.within_target)]
        rows += [("wait", str(days), n) for days, n in contact.waits.items()]
        buddies = found.buddy_counts()
        rows += [("buddy", name, getattr(buddies, name)) for name in BUDDY_FIELDS]
        rows += [("declined_by_person", "", found.declined_by_person())]
    onward = found.onward_counts()
    if onward.sent:
        rows += [("onward", name, getattr(onward, name)) for name in ONWARD_FIELDS]
        rows += [("decline_reason", code, n) for code, n in onward.decline_reasons]
    return [(measure, key, n) for measure, key, n in rows if n]


def count_days(days: Iterable[date]) -> int:
    """Count each day again and mark it up to date; returns how many were counted.

    Each day's number of changes is read before it is counted, and kept with the counts:
    a writer that commits meanwhile has moved the number on, so the day stays out of date.
    Each day is its own savepoint: when two readers count the same day at once, the second
    one's mark collides with the first's and is dropped (the first's rows stand)."""
    counted = 0
    for day in days:
        seen = changes_now([day_key(day)])[day_key(day)]
        rows = day_counts(day)
        try:
            with db.session.begin_nested():
                db.session.execute(delete(ReportDailyCount).where(ReportDailyCount.day == day))
                db.session.execute(delete(ReportDay).where(ReportDay.day == day))
                if rows:
                    db.session.execute(
                        insert(ReportDailyCount),
                        [{"day": day, "measure": m, "key": k, "value": n} for m, k, n in rows],
                    )
                db.session.execute(
                    insert(ReportDay),
                    [{"day": day, "counted_at": datetime.now(UTC), "counted_changes": seen}],
                )
            counted += 1
        except IntegrityError:
            continue
    return counted


def stale_days(start: date, end: date) -> list[date]:
    """The days from ``start`` to ``end`` whose counts are missing or out of date."""
    counted_days = db.session.scalar(_counted_days(start, end))
    if counted_days == (end - start).days + 1:  # every day counted (the usual case)
        return _changed_since_counted(start, end)
    days = days_of(start, end)
    counted = dict(
        db.session.execute(
            select(ReportDay.day, ReportDay.counted_changes).where(
                ReportDay.day.between(start, end)
            )
        ).all()
    )
    now = changes_now([day_key(day) for day in days]) if counted else {}
    return [day for day in days if day not in counted or counted[day] != now[day_key(day)]]


def _counted_days(start: date, end: date):
    return select(func.count()).select_from(ReportDay).where(ReportDay.day.between(start, end))


def _changed_days(start: date, end: date, dialect: str | None = None):
    """The counted days whose number of changes has moved on, compared in the database:
    the inbox asks on every view about every day since the first request (two years is
    730 days; fetching both sides' rows to compare them took 10 to 25 ms)."""
    key = day_key_of(ReportDay.day, dialect or db.session.get_bind().dialect.name)
    changes = func.coalesce(ReportChange.changes, 0)
    return (
        select(ReportDay.day)
        .outerjoin(ReportChange, ReportChange.key == key)
        .where(ReportDay.day.between(start, end), changes != ReportDay.counted_changes)
    )


def _changed_since_counted(start: date, end: date) -> list[date]:
    return list(db.session.scalars(_changed_days(start, end).order_by(ReportDay.day)))


def recorded_span() -> tuple[date, date] | None:
    """The first and last day anything was received or sent on, from the two indexes on
    those moments (None while there is nothing)."""
    moments = db.session.execute(_span_statement()).one()
    days = [local_day(moment) for moment in moments if moment is not None]
    return (min(days), max(days)) if days else None


@lru_cache(maxsize=1)
def _span_statement():
    """One statement (the inbox asks on every view): each end is one index look-up."""
    ends = (
        func.min(Referral.created_at),
        func.max(Referral.created_at),
        func.min(OnwardReferral.sent_at),
        func.max(OnwardReferral.sent_at),
    )
    return select(*(select(end).scalar_subquery() for end in ends))


def refresh(start: date | None = None, end: date | None = None) -> int:
    """Count every stale day from ``start`` to ``end`` (by default every day with a request
    or an onward referral); returns how many days were counted."""
    span = recorded_span()
    if span is None:
        return 0
    start, end = start or span[0], end or span[1]
    return count_days(stale_days(start, end))


# Built once for each range (the inbox's all-time range changes once a day): building the
# sum and its freshness checks afresh was a millisecond or two of every inbox view, and a
# statement is immutable once built.
@lru_cache(maxsize=64)
def _sum_statement(start: date, end: date, measures: tuple[str, ...], dialect: str):
    query = select(
        ReportDailyCount.measure, ReportDailyCount.key, func.sum(ReportDailyCount.value)
    ).where(ReportDailyCount.day.between(start, end))
    if measures:
        query = query.where(ReportDailyCount.measure.in_(measures))
    query = query.group_by(ReportDailyCount.measure, ReportDailyCount.key)
    every_day = (end - start).days + 1
    fresh = (
        _counted_days(start, end).scalar_subquery() == every_day,
        ~_changed_days(start, end, dialect).exists(),
    )
    return query, fresh


class DaySums:
    """The counts of a range of days, summed: read with the same names and shapes as the
    direct queries (``counts``, ``onward_counts``) give them."""

    def __init__(self, start: date, end: date, measures: tuple[str, ...] = ()):
        """The sums from ``start`` to ``end`` of every measure, or only of ``measures``.

        The sums and whether every day was fresh come in one statement (the inbox sums
        the statuses on every view, and each statement is a round trip); only when a day
        was missing or stale are the days counted again and summed once more."""
        self.sums: dict[str, dict[str, int]] = defaultdict(dict)
        dialect = db.session.get_bind().dialect.name
        query, fresh = _sum_statement(start, end, tuple(measures), dialect)
        rows = db.session.execute(query.add_columns(*fresh)).all()
        # No rows (a quiet week) carry no freshness: ask it alone, not by counting again.
        checks = rows[0][3:] if rows else db.session.execute(select(*fresh)).one()
        if not all(checks):
            count_days(stale_days(start, end))
            rows = db.session.execute(query).all()
        for measure, key, n, *_fresh in rows:
            self.sums[measure][key] = int(n)

    @classmethod
    def of(cls, period: Period) -> "DaySums":
        return cls(period.start, period.end)

    @classmethod
    def all_time(cls, measures: tuple[str, ...] = ()) -> "DaySums":
        """Every day anything happened on: the inbox's status counts, the dashboard."""
        span = recorded_span()
        if span is None:
            return cls(date.today(), date.today() - timedelta(days=1))  # no days: all zero
        return cls(*span, measures=measures)

    def value(self, measure: str, key: str = "") -> int:
        return self.sums[measure].get(key, 0)

    def total(self) -> int:
        return self.value("total")

    def by_measure(self, measure: str) -> list[tuple[str, int]]:
        """A grouped count, most first, ties by value (as ``counts.by_column``)."""
        return sorted(self.sums[measure].items(), key=lambda pair: (-pair[1], pair[0]))

    def by_reason(self) -> list[tuple[str, int]]:
        counted = [(term.code, self.value("reason", term.code)) for term in REFERRAL_REASONS]
        return sorted(counted, key=lambda pair: -pair[1])

    def by_age_band(self) -> list[tuple[str, int]]:
        order = [band for _lowest, band in reversed(counts.AGE_BANDS)] + [counts.UNKNOWN]
        return [(band, self.value("age_band", band)) for band in order]

    def first_contact(self) -> counts.FirstContact:
        contacted = self.value("contact", "contacted")
        return counts.FirstContact(
            contacted=contacted,
            not_yet=self.total() - contacted,
            within_target=self.value("contact", "within_target"),
            waits={int(days): n for days, n in self.sums["wait"].items()},
        )

    def buddy_counts(self) -> counts.BuddyCounts:
        return counts.BuddyCounts(*(self.value("buddy", name) for name in BUDDY_FIELDS))

    def declined_by_person(self) -> int:
        return self.value("declined_by_person")

    def onward_counts(self) -> onward_counts.OnwardCounts:
        found = onward_counts.OnwardCounts(*(self.value("onward", name) for name in ONWARD_FIELDS))
        found.decline_reasons = [
            (code, self.value("decline_reason", code)) for code in DECLINE_REASONS
        ]
        if self.value("decline_reason", ""):
            found.decline_reasons.append(("", self.value("decline_reason", "")))
        return found
